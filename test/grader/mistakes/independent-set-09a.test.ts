/**
 * The independent set of student mistakes, exercise 09 (LSTM over a sequence), first half of its
 * cases in manifest order (test/helpers/independent-set-suite.ts says what is asserted).
 * Recorded at seed 42, in-process; docs/mistakes.md lists why the others are not named.
 */
import { describeIndependentCases, halfOfExercise } from '../../helpers/independent-set-suite';

describeIndependentCases('independent mistakes, exercise 09, first half (seed 42)', halfOfExercise('lstm-sequence', 1), {
  namedRight: [
    'seq-grads-overwritten-each-step',
    'seq-no-hidden-carry',
    'seq-dclast-dropped',
    'seq-backward-skips-first-step',
    'seq-forward-reuses-state-buffers',
    'seq-dh0-adds-dhs0',
  ],
  keptFullMarks: [],
});
