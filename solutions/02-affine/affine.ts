/**
 * Reference solution: the affine map every gate starts with, z = W·[hPrev; x] + b.
 *
 * W is H × (H + D). Its first H columns multiply the previous hidden state, the last D columns
 * the input, so we never build the concatenated vector: we read hPrev and x in place.
 */
import { assertMatrix, assertVector } from '../../lib/linalg';
import type { GateGrads, Matrix, Vector } from '../../lib/types';

/** z = W·[hPrev; x] + b, a vector of length H. */
export function affine(W: Matrix, b: Vector, hPrev: Vector, x: Vector): Vector {
  const H = hPrev.length;
  const D = x.length;
  assertMatrix(W, H, H + D, 'W', 'affine');
  assertVector(b, H, 'b', 'affine');
  const z = new Float64Array(H);
  for (let r = 0; r < H; r++) {
    const row = r * W.cols;
    let sum = b[r];
    for (let c = 0; c < H; c++) sum += W.data[row + c] * hPrev[c];
    for (let c = 0; c < D; c++) sum += W.data[row + H + c] * x[c];
    z[r] = sum;
  }
  return z;
}

/**
 * Gradients of L through z = W·[hPrev; x] + b, given dz = ∂L/∂z:
 * dW = dz·[hPrev; x]ᵀ (an outer product), db = dz, and [dhPrev; dx] = Wᵀ·dz split at H.
 */
export function affineBackward(W: Matrix, hPrev: Vector, x: Vector, dz: Vector): GateGrads {
  const H = hPrev.length;
  const D = x.length;
  assertMatrix(W, H, H + D, 'W', 'affineBackward');
  assertVector(dz, H, 'dz', 'affineBackward');
  const dW: Matrix = { rows: H, cols: H + D, data: new Float64Array(H * (H + D)) };
  const dhPrev = new Float64Array(H);
  const dx = new Float64Array(D);
  for (let r = 0; r < H; r++) {
    const row = r * W.cols;
    const g = dz[r];
    for (let c = 0; c < H; c++) {
      dW.data[row + c] = g * hPrev[c];
      dhPrev[c] += W.data[row + c] * g;
    }
    for (let c = 0; c < D; c++) {
      dW.data[row + H + c] = g * x[c];
      dx[c] += W.data[row + H + c] * g;
    }
  }
  return { dW, db: Float64Array.from(dz), dhPrev, dx };
}
