/**
 * The backward of one affine map z = W·[h; x] + b, accumulated in place (allocation-free), shared
 * by the fast reference LSTM (four gates) and the fast RNN (one): dW += dz·[h; x]ᵀ, db += dz and
 * dh += W_hᵀ·dz, where h starts at hs[hOffset] and W is H × (H + D), row-major.
 */
export function accumulateAffineGrads(
  W: Float64Array,
  dW: Float64Array,
  db: Float64Array,
  dz: Float64Array,
  hs: Float64Array,
  hOffset: number,
  x: Float64Array,
  dh: Float64Array,
  H: number,
  D: number,
): void {
  const cols = H + D;
  for (let r = 0; r < H; r++) {
    const d = dz[r];
    const row = r * cols;
    db[r] += d;
    for (let c = 0; c < H; c++) {
      dW[row + c] += d * hs[hOffset + c];
      dh[c] += W[row + c] * d;
    }
    for (let c = 0; c < D; c++) dW[row + H + c] += d * x[c];
  }
}
