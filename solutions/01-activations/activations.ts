/**
 * Reference solution: the two squashing functions of an LSTM and their derivatives.
 *
 * The backward functions receive the forward *output* (s = σ(z), t = tanh(z)), because both
 * derivatives are cheapest written in terms of it: σ'(z) = s(1 − s) and tanh'(z) = 1 − t².
 */
import { assertSameLength } from '../../lib/linalg';
import type { Vector } from '../../lib/types';

/** σ(z) = 1 / (1 + e^(−z)), element-wise, without overflow for any finite z. */
export function sigmoid(z: Vector): Vector {
  const s = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) {
    // e^(−z) overflows to Infinity for z < −709; for negative z use the equivalent e^z / (1 + e^z).
    if (z[k] >= 0) {
      s[k] = 1 / (1 + Math.exp(-z[k]));
    } else {
      const e = Math.exp(z[k]);
      s[k] = e / (1 + e);
    }
  }
  return s;
}

/** dz = ds ⊙ s ⊙ (1 − s), where s = σ(z) is the forward output. */
export function sigmoidBackward(s: Vector, ds: Vector): Vector {
  assertSameLength(s, 's', ds, 'ds', 'sigmoidBackward');
  const dz = new Float64Array(s.length);
  for (let k = 0; k < s.length; k++) dz[k] = ds[k] * s[k] * (1 - s[k]);
  return dz;
}

/** tanh(z), element-wise. Math.tanh saturates to ±1 instead of computing Infinity / Infinity. */
export function tanh(z: Vector): Vector {
  const t = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) t[k] = Math.tanh(z[k]);
  return t;
}

/** dz = dt ⊙ (1 − t²), where t = tanh(z) is the forward output. */
export function tanhBackward(t: Vector, dt: Vector): Vector {
  assertSameLength(t, 't', dt, 'dt', 'tanhBackward');
  const dz = new Float64Array(t.length);
  for (let k = 0; k < t.length; k++) dz[k] = dt[k] * (1 - t[k] * t[k]);
  return dz;
}
