/**
 * Exercise 01: the two squashing functions of an LSTM and their derivatives.
 * Read README.md in this folder first. This exercise imports nothing from earlier exercises.
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Vector } from '../../lib/types';

/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), element by element.
 *
 * @param z any vector (length H in the gates); entries may be as large as ±1000.
 * @returns a new vector s of the same length with every entry in [0, 1], never NaN.
 */
export function sigmoid(z: Vector): Vector {
  throw notImplemented('sigmoid');
}

/**
 * Backward pass of the sigmoid.
 *
 * @param s the forward output, s = sigmoid(z) (not z itself).
 * @param ds the upstream gradient ∂L/∂s, same length as s.
 * @returns a new vector dz = ∂L/∂z, same length as s. Does not change s or ds.
 */
export function sigmoidBackward(s: Vector, ds: Vector): Vector {
  throw notImplemented('sigmoidBackward');
}

/**
 * The hyperbolic tangent tanh(z), element by element.
 *
 * @param z any vector; entries may be as large as ±1000.
 * @returns a new vector t of the same length with every entry in [−1, 1], never NaN.
 */
export function tanh(z: Vector): Vector {
  throw notImplemented('tanh');
}

/**
 * Backward pass of tanh.
 *
 * @param t the forward output, t = tanh(z) (not z itself).
 * @param dt the upstream gradient ∂L/∂t, same length as t.
 * @returns a new vector dz = ∂L/∂z, same length as t. Does not change t or dt.
 */
export function tanhBackward(t: Vector, dt: Vector): Vector {
  throw notImplemented('tanhBackward');
}
