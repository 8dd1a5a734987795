/**
 * The independent set of student mistakes, exercise 09 (LSTM over a sequence), second half of its
 * cases in manifest order (test/helpers/independent-set-suite.ts says what is asserted).
 * Recorded at seed 42, in-process; docs/mistakes.md lists why the others are not named.
 */
import { describeIndependentCases, halfOfExercise } from '../../helpers/independent-set-suite';

describeIndependentCases('independent mistakes, exercise 09, second half (seed 42)', halfOfExercise('lstm-sequence', 2), {
  namedRight: ['seq-module-level-accumulators', 'seq-grads-averaged-over-time', 'seq-dxs-in-backward-order', 'seq-adds-carry-into-dhs'],
  // A known gap: the sequence checks draw T ≥ 1, so the T = 0 contract of lstmBackward
  // (exercises/09-lstm-sequence/README.md: dc0 is a new array equal to dcLast) is never checked.
  keptFullMarks: ['seq-t0-returns-dclast-itself'],
});
