/**
 * Exercise 02: the affine map z = W·[hPrev; x] + b that every gate starts with.
 * Read README.md in this folder first. This exercise imports nothing from earlier exercises.
 */
import { notImplemented } from '../../lib/not-implemented';
import type { GateGrads, Matrix, Vector } from '../../lib/types';

/**
 * z = W·[hPrev; x] + b, with the hidden part first in the concatenation.
 *
 * @param W an H × (H + D) row-major matrix: columns 0..H−1 multiply hPrev, columns H..H+D−1 multiply x.
 * @param b the bias, length H.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns a new vector z of length H.
 */
export function affine(W: Matrix, b: Vector, hPrev: Vector, x: Vector): Vector {
  throw notImplemented('affine');
}

/**
 * Backward pass of the affine map.
 *
 * @param W the H × (H + D) weight matrix used in the forward pass.
 * @param hPrev the forward input h_{t−1}, length H.
 * @param x the forward input x_t, length D.
 * @param dz the upstream gradient ∂L/∂z, length H.
 * @returns new arrays { dW (H × (H + D)), db (length H), dhPrev (length H), dx (length D) }:
 *   the gradients of L with respect to W, b, hPrev and x. Does not change any argument.
 */
export function affineBackward(W: Matrix, hPrev: Vector, x: Vector, dz: Vector): GateGrads {
  throw notImplemented('affineBackward');
}
