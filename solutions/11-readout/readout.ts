/**
 * Reference solution: what sits on top of an LSTM so it can be trained for a task. A dense layer
 * turns the hidden state h into outputs y = W·h + b; a loss compares y with the target: mean squared
 * error for a number (regression), softmax cross-entropy for a class (classification).
 *
 * The losses return a single number, so their backward functions take no upstream gradient: they
 * return ∂L/∂y directly, the start of backpropagation.
 */
import { assertMatrix, assertVector } from '../../lib/linalg';
import type { Dense, Matrix, Vector } from '../../lib/types';

/** y = W·h + b, a vector of length O (W is O × H). */
export function denseForward(layer: Dense, h: Vector): Vector {
  const { O, H } = checkLayer(layer, h, 'denseForward');
  const y = new Float64Array(O);
  for (let r = 0; r < O; r++) {
    let sum = layer.b[r];
    for (let c = 0; c < H; c++) sum += layer.W.data[r * H + c] * h[c];
    y[r] = sum;
  }
  return y;
}

/**
 * Gradients through y = W·h + b, given dy = ∂L/∂y: dW = dy·hᵀ (an outer product), db = dy and
 * dh = Wᵀ·dy. dh is what flows on into the LSTM (the dhs of exercise 09).
 */
export function denseBackward(layer: Dense, h: Vector, dy: Vector): { dW: Matrix; db: Vector; dh: Vector } {
  const { O, H } = checkLayer(layer, h, 'denseBackward');
  assertVector(dy, O, 'dy', 'denseBackward');
  const dW: Matrix = { rows: O, cols: H, data: new Float64Array(O * H) };
  const dh = new Float64Array(H);
  for (let r = 0; r < O; r++) {
    for (let c = 0; c < H; c++) {
      dW.data[r * H + c] = dy[r] * h[c];
      dh[c] += layer.W.data[r * H + c] * dy[r];
    }
  }
  return { dW, db: Float64Array.from(dy), dh };
}

/** L = (1/n)·Σ_k (y_k − target_k)², the mean over the n entries. */
export function mseLoss(y: Vector, target: Vector): number {
  checkPair(y, target, 'mseLoss');
  let sum = 0;
  for (let k = 0; k < y.length; k++) sum += (y[k] - target[k]) ** 2;
  return sum / y.length;
}

/** ∂L/∂y_k = 2·(y_k − target_k)/n: the 2 from the square, the 1/n from the mean. */
export function mseLossBackward(y: Vector, target: Vector): Vector {
  checkPair(y, target, 'mseLossBackward');
  const n = y.length;
  const dy = new Float64Array(n);
  for (let k = 0; k < n; k++) dy[k] = (2 * (y[k] - target[k])) / n;
  return dy;
}

/**
 * L = −ln softmax(logits)[label] = logsumexp(logits) − logits[label].
 *
 * logsumexp(z) = m + ln Σ_k e^(z_k − m) with m = max_k z_k: every exponent is ≤ 0, so nothing
 * overflows, and the largest term is e^0 = 1, so the logarithm never sees 0. Computing softmax first
 * and then its logarithm would give ln(0) = −∞ for a class whose probability underflows.
 */
export function softmaxCrossEntropy(logits: Vector, label: number): number {
  checkLabel(logits, label, 'softmaxCrossEntropy');
  return logSumExp(logits) - logits[label];
}

/**
 * ∂L/∂logits = softmax(logits) − onehot(label). The chain rule through the softmax and the
 * logarithm collapses to this simple form, so the softmax's own Jacobian is never formed.
 */
export function softmaxCrossEntropyBackward(logits: Vector, label: number): Vector {
  checkLabel(logits, label, 'softmaxCrossEntropyBackward');
  const probabilities = softmax(logits);
  probabilities[label] -= 1;
  return probabilities;
}

/** softmax(z)_k = e^(z_k − m) / Σ_j e^(z_j − m); subtracting the maximum m changes nothing but the overflow. */
function softmax(z: Vector): Vector {
  const m = max(z);
  const p = new Float64Array(z.length);
  let total = 0;
  for (let k = 0; k < z.length; k++) {
    p[k] = Math.exp(z[k] - m);
    total += p[k];
  }
  for (let k = 0; k < z.length; k++) p[k] /= total;
  return p;
}

function logSumExp(z: Vector): number {
  const m = max(z);
  let total = 0;
  for (let k = 0; k < z.length; k++) total += Math.exp(z[k] - m);
  return m + Math.log(total);
}

function max(z: Vector): number {
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
  return m;
}

/** O and H of a dense layer, after checking that layer and h fit together (errors name the argument). */
function checkLayer(layer: Dense, h: Vector, fn: string): { O: number; H: number } {
  const W = (layer as Partial<Dense> | null)?.W;
  if (typeof W !== 'object' || W === null || !Number.isInteger(W.rows) || !Number.isInteger(W.cols)) {
    throw new TypeError(`${fn}: argument layer must be a Dense { W: Matrix, b: Float64Array }`);
  }
  const O = W.rows;
  const H = W.cols;
  assertMatrix(W, O, H, 'layer.W', fn);
  assertVector(layer.b, O, 'layer.b', fn);
  assertVector(h, H, 'h', fn);
  return { O, H };
}

/** Throws unless v is a Float64Array with at least one entry (a mean or a softmax of nothing is undefined). */
function assertNonEmpty(v: Vector, argument: string, fn: string): void {
  if (!(v instanceof Float64Array)) throw new TypeError(`${fn}: argument ${argument} must be a Float64Array`);
  if (v.length === 0) throw new RangeError(`${fn}: argument ${argument} must have at least one entry, got length 0`);
}

function checkPair(y: Vector, target: Vector, fn: string): void {
  assertNonEmpty(y, 'y', fn);
  assertVector(target, y.length, 'target', fn);
}

function checkLabel(logits: Vector, label: number, fn: string): void {
  assertNonEmpty(logits, 'logits', fn);
  if (!Number.isInteger(label) || label < 0 || label >= logits.length) {
    throw new RangeError(`${fn}: argument label must be an integer from 0 to ${logits.length - 1}, got ${String(label)}`);
  }
}
