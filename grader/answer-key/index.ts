/**
 * The course's answer key: the reference backward passes and the variant behind every
 * catalogued mistake, as reference libraries (grader/reference/library.ts) built in memory.
 */
import { CODE_EXERCISES, FORWARD_PIECES, mistakeById, type ExerciseId } from '../course';
import { buildLibrary, type Library } from '../reference/library';
import { activationsKey } from './01-activations';
import { affineKey } from './02-affine';
import { cellStateKey } from './06-cell-state';
import { outputGateExerciseKey } from './07-output-gate';
import { lstmCellKey } from './08-lstm-cell';
import { lstmSequenceKey } from './09-lstm-sequence';
import { readoutKey } from './11-readout';
import { candidateKey, forgetGateKey, inputGateKey } from './gates';
import type { AnswerKey } from './types';

export const ANSWER_KEYS: Readonly<Partial<Record<ExerciseId, AnswerKey>>> = {
  activations: activationsKey,
  affine: affineKey,
  'forget-gate': forgetGateKey,
  'input-gate': inputGateKey,
  candidate: candidateKey,
  'cell-state': cellStateKey,
  'output-gate': outputGateExerciseKey,
  'lstm-cell': lstmCellKey,
  'lstm-sequence': lstmSequenceKey,
  readout: readoutKey,
};

const BACKWARD_PIECES = Object.assign({}, ...CODE_EXERCISES.map((e) => ANSWER_KEYS[e.id]?.backward ?? {}));

/** The full reference: every forward and backward of the course. */
export const FULL_REFERENCE: Library = buildLibrary(FORWARD_PIECES, BACKWARD_PIECES);

const variantLibraries = new Map<string, Library>();

/** The reference with one catalogued mistake built in (memoised). */
export function variantLibrary(mistakeId: string): Library {
  let library = variantLibraries.get(mistakeId);
  if (!library) {
    const mistake = mistakeById(mistakeId);
    const pieces = ANSWER_KEYS[mistake.exercise]?.variants[mistakeId];
    if (!pieces)
      throw new RangeError(`variantLibrary: the answer key of ${mistake.exercise} has no variant for mistake ${JSON.stringify(mistakeId)}`);
    library = buildLibrary(FORWARD_PIECES, BACKWARD_PIECES, pieces);
    variantLibraries.set(mistakeId, library);
  }
  return library;
}
