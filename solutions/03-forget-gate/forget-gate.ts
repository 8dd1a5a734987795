/**
 * Reference solution: the forget gate f = σ(W_f·[hPrev; x] + b_f), which decides, entry by
 * entry, how much of the old cell state survives (1 keeps it, 0 erases it).
 */
import { assertGate } from '../../lib/linalg';
import type { Gate, GateGrads, Vector } from '../../lib/types';
import { sigmoid, sigmoidBackward } from '../01-activations/activations';
import { affine, affineBackward } from '../02-affine/affine';

/** f = σ(W·[hPrev; x] + b), length H. */
export function forgetGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  assertGate(gate, hPrev.length, x.length, 'gate', 'forgetGate');
  return sigmoid(affine(gate.W, gate.b, hPrev, x));
}

/** Chain rule through the sigmoid (using its output f), then through the affine map. */
export function forgetGateBackward(gate: Gate, hPrev: Vector, x: Vector, f: Vector, df: Vector): GateGrads {
  assertGate(gate, hPrev.length, x.length, 'gate', 'forgetGateBackward');
  return affineBackward(gate.W, hPrev, x, sigmoidBackward(f, df));
}
