/**
 * The linear softmax readout on the recurrent model's hidden states: logits = W·h + b over the
 * K + 1 target classes (blank and the K symbols), trained with cross-entropy. Everything writes
 * into buffers the caller owns, so the training loop allocates nothing.
 */
import type { Matrix, Vector } from '../../lib/types';

/** W is (K + 1) × H, b has length K + 1. */
export interface ReadoutParams {
  W: Matrix;
  b: Vector;
}

/**
 * For one position: writes softmax(W·h + b) into `probs`, adds `scale`·∂loss/∂(W, b) into
 * (dW, db) and writes `scale`·∂loss/∂h into `dh` (overwritten); returns −ln probs[target].
 * The student template keeps it, as its one piece of backward code: the copy task's trainer runs it
 * next to the student's LSTM, and it computes only what exercises/11-readout/README.md gives as
 * equations (docs/student-template.md).
 */
export function readoutStep(
  readout: ReadoutParams,
  h: Vector,
  target: number,
  scale: number,
  probs: Vector,
  dW: Float64Array,
  db: Vector,
  dh: Vector,
): number {
  const { W, b } = readout;
  const classes = W.rows;
  const H = W.cols;
  let max = -Infinity;
  for (let r = 0; r < classes; r++) {
    let z = b[r];
    const row = r * H;
    for (let c = 0; c < H; c++) z += W.data[row + c] * h[c];
    probs[r] = z;
    if (z > max) max = z;
  }
  // Subtracting the largest logit keeps exp from overflowing; log-sum-exp gives the loss exactly.
  const targetLogit = probs[target];
  let total = 0;
  for (let r = 0; r < classes; r++) {
    const e = Math.exp(probs[r] - max);
    probs[r] = e;
    total += e;
  }
  const loss = max + Math.log(total) - targetLogit;
  for (let r = 0; r < classes; r++) probs[r] /= total;
  dh.fill(0);
  for (let r = 0; r < classes; r++) {
    const g = scale * (probs[r] - (r === target ? 1 : 0));
    db[r] += g;
    const row = r * H;
    for (let c = 0; c < H; c++) {
      dW[row + c] += g * h[c];
      dh[c] += W.data[row + c] * g;
    }
  }
  return loss;
}

/** −ln softmax(W·h + b)[target], without gradients (for evaluation and finite differences). */
export function readoutLoss(readout: ReadoutParams, h: Vector, target: number, probs: Vector): number {
  const { W, b } = readout;
  const H = W.cols;
  let max = -Infinity;
  for (let r = 0; r < W.rows; r++) {
    let z = b[r];
    for (let c = 0; c < H; c++) z += W.data[r * H + c] * h[c];
    probs[r] = z;
    if (z > max) max = z;
  }
  let total = 0;
  for (let r = 0; r < W.rows; r++) total += Math.exp(probs[r] - max);
  return max + Math.log(total) - probs[target];
}

/** Index of the largest entry (the first one on ties). */
export function argmax(v: Vector): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
  return best;
}
