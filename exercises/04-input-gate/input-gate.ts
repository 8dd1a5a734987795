/**
 * Exercise 04: the input gate: how much new information to write into the cell state.
 * Read README.md in this folder first.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { sigmoid, sigmoidBackward } from '../01-activations/activations';
 *   import { affine, affineBackward } from '../02-affine/affine';
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Gate, GateGrads, Vector } from '../../lib/types';

/**
 * i = σ(W_i·[hPrev; x] + b_i).
 *
 * @param gate { W: H × (H + D) matrix acting on [hPrev; x], hidden part first; b: length H }.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns a new vector i of length H.
 */
export function inputGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  throw notImplemented('inputGate');
}

/**
 * Backward pass of the input gate: how much new information to write into the cell state.
 *
 * @param gate the gate used in the forward pass.
 * @param hPrev the forward input h_{t−1}, length H.
 * @param x the forward input x_t, length D.
 * @param i the forward output (inputGate(gate, hPrev, x)), length H.
 * @param di the upstream gradient ∂L/∂i, length H.
 * @returns new arrays { dW (H × (H + D)), db (length H), dhPrev (length H), dx (length D) }:
 *   the gradients of L with respect to gate.W, gate.b, hPrev and x. Does not change any argument.
 */
export function inputGateBackward(gate: Gate, hPrev: Vector, x: Vector, i: Vector, di: Vector): GateGrads {
  throw notImplemented('inputGateBackward');
}
