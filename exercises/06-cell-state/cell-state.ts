/**
 * Exercise 06: the cell-state update C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t, the LSTM's memory.
 * Read README.md in this folder first. This exercise needs nothing from earlier exercises.
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Vector } from '../../lib/types';

/**
 * C = f ⊙ cPrev + i ⊙ cTilde, element by element (⊙ is the element-wise product).
 *
 * @param f the forget gate, length H.
 * @param cPrev the previous cell state C_{t−1}, length H.
 * @param i the input gate, length H.
 * @param cTilde the candidate C̃_t, length H.
 * @returns a new vector c of length H.
 */
export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
  throw notImplemented('cellState');
}

/**
 * Backward pass of the cell-state update.
 *
 * @param f the forward input f, length H.
 * @param cPrev the forward input C_{t−1}, length H.
 * @param i the forward input i, length H.
 * @param cTilde the forward input C̃_t, length H.
 * @param dc the upstream gradient ∂L/∂C_t, length H.
 * @returns new vectors { df, dcPrev, di, dcTilde }, each of length H: the gradients of L with
 *   respect to f, cPrev, i and cTilde. Does not change any argument.
 */
export function cellStateBackward(
  f: Vector,
  cPrev: Vector,
  i: Vector,
  cTilde: Vector,
  dc: Vector,
): { df: Vector; dcPrev: Vector; di: Vector; dcTilde: Vector } {
  throw notImplemented('cellStateBackward');
}
