/**
 * Reference solution: the input gate i = σ(W_i·[hPrev; x] + b_i), which decides how much of the
 * new candidate is written into the cell state.
 */
import { assertGate } from '../../lib/linalg';
import type { Gate, GateGrads, Vector } from '../../lib/types';
import { sigmoid, sigmoidBackward } from '../01-activations/activations';
import { affine, affineBackward } from '../02-affine/affine';

/** i = σ(W·[hPrev; x] + b), length H. */
export function inputGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  assertGate(gate, hPrev.length, x.length, 'gate', 'inputGate');
  return sigmoid(affine(gate.W, gate.b, hPrev, x));
}

/** Chain rule through the sigmoid (using its output i), then through the affine map. */
export function inputGateBackward(gate: Gate, hPrev: Vector, x: Vector, i: Vector, di: Vector): GateGrads {
  assertGate(gate, hPrev.length, x.length, 'gate', 'inputGateBackward');
  return affineBackward(gate.W, hPrev, x, sigmoidBackward(i, di));
}
