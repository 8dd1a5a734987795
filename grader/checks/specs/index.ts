/** Every forward/backward pair, by exercise, in course order. */
import type { ExerciseId } from '../../exercises';
import type { PairSpec } from '../types';
import { activationSpecs } from './activations';
import { cellStateSpec, hiddenStateSpec } from './cell-state';
import { affineSpec, candidateSpec, forgetGateSpec, inputGateSpec, outputGateSpec } from './gates';
import { lstmCellSpec, lstmSequenceSpec } from './lstm';

// Each spec is typed by its own case; the runner treats cases as opaque.
type AnySpec = PairSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const PAIR_SPECS: Partial<Record<ExerciseId, AnySpec[]>> = {
  activations: activationSpecs,
  affine: [affineSpec],
  'forget-gate': [forgetGateSpec],
  'input-gate': [inputGateSpec],
  candidate: [candidateSpec],
  'cell-state': [cellStateSpec],
  'output-gate': [outputGateSpec, hiddenStateSpec],
  'lstm-cell': [lstmCellSpec],
  'lstm-sequence': [lstmSequenceSpec],
};
