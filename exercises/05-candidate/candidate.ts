/**
 * Exercise 05: the candidate memory C̃: the new information itself.
 * Read README.md in this folder first.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { tanh, tanhBackward } from '../01-activations/activations';
 *   import { affine, affineBackward } from '../02-affine/affine';
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Gate, GateGrads, Vector } from '../../lib/types';

/**
 * cTilde = tanh(W_C·[hPrev; x] + b_C).
 *
 * @param gate { W: H × (H + D) matrix acting on [hPrev; x], hidden part first; b: length H }.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns a new vector cTilde of length H.
 */
export function candidate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  throw notImplemented('candidate');
}

/**
 * Backward pass of the candidate memory C̃: the new information itself.
 *
 * @param gate the gate used in the forward pass.
 * @param hPrev the forward input h_{t−1}, length H.
 * @param x the forward input x_t, length D.
 * @param cTilde the forward output (candidate(gate, hPrev, x)), length H.
 * @param dcTilde the upstream gradient ∂L/∂cTilde, length H.
 * @returns new arrays { dW (H × (H + D)), db (length H), dhPrev (length H), dx (length D) }:
 *   the gradients of L with respect to gate.W, gate.b, hPrev and x. Does not change any argument.
 */
export function candidateBackward(gate: Gate, hPrev: Vector, x: Vector, cTilde: Vector, dcTilde: Vector): GateGrads {
  throw notImplemented('candidateBackward');
}
