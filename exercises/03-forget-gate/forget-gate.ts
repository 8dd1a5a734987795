/**
 * Exercise 03: the forget gate: what to throw away from the cell state.
 * Read README.md in this folder first.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { sigmoid, sigmoidBackward } from '../01-activations/activations';
 *   import { affine, affineBackward } from '../02-affine/affine';
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Gate, GateGrads, Vector } from '../../lib/types';

/**
 * f = σ(W_f·[hPrev; x] + b_f).
 *
 * @param gate { W: H × (H + D) matrix acting on [hPrev; x], hidden part first; b: length H }.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns a new vector f of length H.
 */
export function forgetGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  throw notImplemented('forgetGate');
}

/**
 * Backward pass of the forget gate: what to throw away from the cell state.
 *
 * @param gate the gate used in the forward pass.
 * @param hPrev the forward input h_{t−1}, length H.
 * @param x the forward input x_t, length D.
 * @param f the forward output (forgetGate(gate, hPrev, x)), length H.
 * @param df the upstream gradient ∂L/∂f, length H.
 * @returns new arrays { dW (H × (H + D)), db (length H), dhPrev (length H), dx (length D) }:
 *   the gradients of L with respect to gate.W, gate.b, hPrev and x. Does not change any argument.
 */
export function forgetGateBackward(gate: Gate, hPrev: Vector, x: Vector, f: Vector, df: Vector): GateGrads {
  throw notImplemented('forgetGateBackward');
}
