/**
 * Reference solution: the candidate C̃ = tanh(W_C·[hPrev; x] + b_C), the new information that
 * the input gate may write into the cell state. tanh keeps it in (−1, 1) and lets it be negative.
 */
import { assertGate } from '../../lib/linalg';
import type { Gate, GateGrads, Vector } from '../../lib/types';
import { tanh, tanhBackward } from '../01-activations/activations';
import { affine, affineBackward } from '../02-affine/affine';

/** C̃ = tanh(W·[hPrev; x] + b), length H. */
export function candidate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  assertGate(gate, hPrev.length, x.length, 'gate', 'candidate');
  return tanh(affine(gate.W, gate.b, hPrev, x));
}

/** Chain rule through tanh (using its output C̃), then through the affine map. */
export function candidateBackward(gate: Gate, hPrev: Vector, x: Vector, cTilde: Vector, dcTilde: Vector): GateGrads {
  assertGate(gate, hPrev.length, x.length, 'gate', 'candidateBackward');
  return affineBackward(gate.W, hPrev, x, tanhBackward(cTilde, dcTilde));
}
