/**
 * Exercise 07: the output gate o_t = σ(W_o·[h_{t−1}; x_t] + b_o) and the hidden state
 * h_t = o_t ⊙ tanh(C_t), the part of the memory the cell exposes.
 * Read README.md in this folder first.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { sigmoid, sigmoidBackward, tanh, tanhBackward } from '../01-activations/activations';
 *   import { affine, affineBackward } from '../02-affine/affine';
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Gate, GateGrads, Vector } from '../../lib/types';

/**
 * o = σ(W_o·[hPrev; x] + b_o).
 *
 * @param gate { W: H × (H + D) matrix acting on [hPrev; x], hidden part first; b: length H }.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns a new vector o of length H.
 */
export function outputGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  throw notImplemented('outputGate');
}

/**
 * Backward pass of the output gate. (`do` is a JavaScript keyword, so the upstream gradient
 * parameter is called dOut.)
 *
 * @param gate the gate used in the forward pass.
 * @param hPrev the forward input h_{t−1}, length H.
 * @param x the forward input x_t, length D.
 * @param o the forward output (outputGate(gate, hPrev, x)), length H.
 * @param dOut the upstream gradient ∂L/∂o, length H.
 * @returns new arrays { dW (H × (H + D)), db (length H), dhPrev (length H), dx (length D) }:
 *   the gradients of L with respect to gate.W, gate.b, hPrev and x. Does not change any argument.
 */
export function outputGateBackward(gate: Gate, hPrev: Vector, x: Vector, o: Vector, dOut: Vector): GateGrads {
  throw notImplemented('outputGateBackward');
}

/**
 * h = o ⊙ tanh(C), element by element.
 *
 * @param o the output gate, length H.
 * @param c the cell state C_t, length H.
 * @returns a new vector h of length H.
 */
export function hiddenState(o: Vector, c: Vector): Vector {
  throw notImplemented('hiddenState');
}

/**
 * Backward pass of the hidden state.
 *
 * @param o the forward input o, length H.
 * @param c the forward input C_t, length H.
 * @param dh the upstream gradient ∂L/∂h, length H.
 * @returns new vectors { do, dc }, each of length H: the gradients of L with respect to o and c.
 *   `do` is fine as a property name but not as a variable name, so write the object as
 *   `{ do: yourName, dc }`. Does not change any argument.
 */
export function hiddenStateBackward(o: Vector, c: Vector, dh: Vector): { do: Vector; dc: Vector } {
  throw notImplemented('hiddenStateBackward');
}
