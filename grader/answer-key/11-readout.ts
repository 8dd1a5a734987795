/** Answer key of exercise 11: the readout's backward, the losses' gradients, and their catalogued mistakes. */
import type { Dense, Matrix, Vector } from '../../lib/types';
import type { Library } from '../reference/library';
import type { AnswerKey } from './types';

function denseBackward(layer: Dense, h: Vector, dy: Vector): { dW: Matrix; db: Vector; dh: Vector } {
  const { rows: O, cols: H } = layer.W;
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

const mseLossBackward = (y: Vector, target: Vector): Vector => y.map((v, k) => (2 * (v - target[k])) / y.length);

/** The softmax, shifted by the largest logit (`shift: false`: as written naively, overflowing). */
function softmax(z: Vector, shift = true): Vector {
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
  const p = z.map((v) => Math.exp(shift ? v - m : v));
  let total = 0;
  for (let k = 0; k < p.length; k++) total += p[k];
  return p.map((v) => v / total);
}

function softmaxCrossEntropyBackward(logits: Vector, label: number): Vector {
  const p = softmax(logits);
  p[label] -= 1;
  return p;
}

export const readoutKey: AnswerKey = {
  backward: {
    denseBackward: () => denseBackward,
    mseLossBackward: () => mseLossBackward,
    softmaxCrossEntropyBackward: () => softmaxCrossEntropyBackward,
  },
  variants: {
    'dense-missing-bias': {
      denseForward: (lib: Library) => {
        const reference = lib.denseForward;
        return (layer: Dense, h: Vector) => reference({ W: layer.W, b: new Float64Array(layer.b.length) }, h);
      },
    },
    // dh[c] = Σ_r W.data[c·O + r]·dy[r]: the data of W read as if it were H × O.
    'dense-backward-no-transpose': {
      denseBackward: () => (layer: Dense, h: Vector, dy: Vector) => {
        const O = layer.W.rows;
        const dh = new Float64Array(h.length);
        for (let r = 0; r < O; r++) for (let c = 0; c < h.length; c++) dh[c] += layer.W.data[c * O + r] * dy[r];
        return { ...denseBackward(layer, h, dy), dh };
      },
    },
    'mse-sum-not-mean': {
      mseLoss: (lib: Library) => {
        const reference = lib.mseLoss;
        return (y: Vector, target: Vector) => (reference(y, target) as number) * y.length;
      },
    },
    'mse-backward-missing-two': { mseLossBackward: () => (y: Vector, target: Vector) => y.map((v, k) => (v - target[k]) / y.length) },
    'mse-backward-sum-not-mean': { mseLossBackward: () => (y: Vector, target: Vector) => y.map((v, k) => 2 * (v - target[k])) },
    'mse-backward-sign-flipped': { mseLossBackward: () => (y: Vector, target: Vector) => mseLossBackward(y, target).map((v) => -v) },
    'softmax-naive-overflow': {
      softmaxCrossEntropy: () => (logits: Vector, label: number) => -Math.log(softmax(logits, false)[label]),
    },
    'softmax-backward-naive-overflow': {
      softmaxCrossEntropyBackward: () => (logits: Vector, label: number) => {
        const p = softmax(logits, false);
        p[label] -= 1;
        return p;
      },
    },
    'softmax-backward-missing-one-hot': { softmaxCrossEntropyBackward: () => (logits: Vector) => softmax(logits) },
    'softmax-backward-diagonal-only': {
      softmaxCrossEntropyBackward: () => (logits: Vector, label: number) => {
        const grad = new Float64Array(logits.length);
        grad[label] = softmax(logits)[label] - 1;
        return grad;
      },
    },
    'softmax-backward-derivative-twice': {
      softmaxCrossEntropyBackward: () => (logits: Vector, label: number) => {
        const p = softmax(logits);
        return softmaxCrossEntropyBackward(logits, label).map((g, k) => g * p[k] * (1 - p[k]));
      },
    },
  },
};
