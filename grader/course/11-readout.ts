/**
 * Exercise 11: what turns an LSTM's hidden state into an answer: a dense readout y = W·h + b, and
 * the two losses a task trains it with, mean squared error (regression) and softmax cross-entropy
 * (classification, stable for large logits).
 */
import fc from 'fast-check';
import type { Dense, Vector } from '../../lib/types';
import { matrixOf, size, vector, weightsFor } from '../checks/arbitraries';
import { vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { defineCodeExercise } from './define';

interface DenseCase {
  layer: Dense;
  h: Vector;
  /** Upstream gradient of y. */
  dy: Vector;
}

const densePair: PairSpec<DenseCase> = {
  forward: 'denseForward',
  backward: 'denseBackward',
  outputName: 'y',
  upstream: true,
  forwardArgNames: ['layer', 'h'],
  backwardArgNames: ['layer', 'h', 'dy'],
  arbitrary: (values) =>
    fc.record({ O: size, H: size }).chain(({ O, H }) =>
      fc.record({
        layer: fc.record({ W: matrixOf(O, H, weightsFor(values)), b: vector(O, values) }),
        h: vector(H, values),
        dy: vector(O, values),
      }),
    ),
  forwardArgs: (c) => [c.layer, c.h],
  lossTerms: (c) => [{ outputPath: '', upstream: c.dy }],
  backwardArgs: (c) => [c.layer, c.h, c.dy],
  slots: (c) => [
    { gradientPath: 'dW', label: 'dW of the readout', input: c.layer.W.data, rows: c.layer.W.rows, cols: c.layer.W.cols, isMatrix: true },
    vectorSlot('db', 'db of the readout', c.layer.b),
    vectorSlot('dh', 'dh', c.h),
  ],
  withZeroUpstream: (c) => ({ ...c, dy: new Float64Array(c.dy.length) }),
  shape: (c) => ({ H: c.h.length, length: c.dy.length }),
};

interface MseCase {
  y: Vector;
  target: Vector;
}

const msePair: PairSpec<MseCase> = {
  forward: 'mseLoss',
  backward: 'mseLossBackward',
  outputName: 'L',
  upstream: false,
  forwardArgNames: ['y', 'target'],
  backwardArgNames: ['y', 'target'],
  arbitrary: (values) => size.chain((n) => fc.record({ y: vector(n, values), target: vector(n, values) })),
  forwardArgs: (c) => [c.y, c.target],
  lossTerms: () => [{ outputPath: '', upstream: Float64Array.of(1) }],
  backwardArgs: (c) => [c.y, c.target],
  slots: (c) => [vectorSlot('', 'dL/dy', c.y)],
  withZeroUpstream: (c) => c,
  shape: (c) => ({ length: c.y.length }),
};

interface SoftmaxCase {
  logits: Vector;
  label: number;
}

const softmaxPair: PairSpec<SoftmaxCase> = {
  forward: 'softmaxCrossEntropy',
  backward: 'softmaxCrossEntropyBackward',
  outputName: 'L',
  upstream: false,
  forwardArgNames: ['logits', 'label'],
  backwardArgNames: ['logits', 'label'],
  arbitrary: (values) =>
    fc.integer({ min: 2, max: 6 }).chain((n) => fc.record({ logits: vector(n, values), label: fc.integer({ min: 0, max: n - 1 }) })),
  forwardArgs: (c) => [c.logits, c.label],
  lossTerms: () => [{ outputPath: '', upstream: Float64Array.of(1) }],
  backwardArgs: (c) => [c.logits, c.label],
  slots: (c) => [vectorSlot('', 'dL/dlogits', c.logits)],
  withZeroUpstream: (c) => c,
  shape: (c) => ({ length: c.logits.length }),
};

/** log Σ e^{z_k}, shifted by the largest entry so that no exponential overflows. */
function logSumExp(z: Vector): number {
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
  let total = 0;
  for (let k = 0; k < z.length; k++) total += Math.exp(z[k] - m);
  return m + Math.log(total);
}

export default defineCodeExercise({
  id: 'readout',
  title: 'Readout and losses',
  folder: '11-readout',
  exports: { denseForward: 2, denseBackward: 3, mseLoss: 2, mseLossBackward: 2, softmaxCrossEntropy: 2, softmaxCrossEntropyBackward: 2 },
  dependsOn: [],
  reference: {
    // The same order of additions as solutions/11-readout, so that the two agree bit for bit.
    denseForward: () => (layer: Dense, h: Vector) => {
      const { rows: O, cols: H } = layer.W;
      const y = new Float64Array(O);
      for (let r = 0; r < O; r++) {
        let sum = layer.b[r];
        for (let c = 0; c < H; c++) sum += layer.W.data[r * H + c] * h[c];
        y[r] = sum;
      }
      return y;
    },
    mseLoss: () => (y: Vector, target: Vector) => {
      let sum = 0;
      for (let k = 0; k < y.length; k++) sum += (y[k] - target[k]) ** 2;
      return sum / y.length;
    },
    softmaxCrossEntropy: () => (logits: Vector, label: number) => logSumExp(logits) - logits[label],
  },
  pairs: [densePair, msePair, softmaxPair],
  equations: {
    forward: [
      { caption: 'the readout: a dense layer on the hidden state; W is O × H', tex: 'y = W\\, h_t + b' },
      { caption: 'regression: mean squared error over the n outputs', tex: 'L_{\\text{MSE}} = \\frac{1}{n} \\sum_{k=1}^{n} (y_k - t_k)^2' },
      {
        caption: 'classification: softmax and cross-entropy for the true class ℓ, shifted by the largest logit m so nothing overflows',
        tex: 'p_k = \\frac{e^{z_k - m}}{\\sum_j e^{z_j - m}}, \\qquad L_{\\text{CE}} = -\\log p_\\ell = m + \\log \\sum_j e^{z_j - m} - z_\\ell',
      },
    ],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'the readout, like the affine map of exercise 02',
        tex: '\\delta W = \\delta y\\, h_t^{\\top}, \\qquad \\delta b = \\delta y, \\qquad \\delta h_t = W^{\\top} \\delta y',
      },
      {
        caption: 'mean squared error: the 2 from the square, the 1/n from the mean',
        tex: '\\frac{\\partial L_{\\text{MSE}}}{\\partial y} = \\frac{2}{n}\\,(y - t)',
      },
      {
        caption: 'softmax with cross-entropy: the two derivatives combine into one difference',
        tex: '\\frac{\\partial L_{\\text{CE}}}{\\partial z} = p - \\mathbf{e}_\\ell',
      },
    ],
  },
  mistakes: [
    {
      id: 'dense-missing-bias',
      fn: 'denseForward',
      name: 'bias b left out of the readout y = W·h + b',
      hint: 'Each output is one row of W times h plus one more term; which argument of the layer have you not read?',
    },
    {
      id: 'dense-backward-no-transpose',
      fn: 'denseBackward',
      name: 'dh computed with W instead of Wᵀ (the wrong stride through W)',
      hint:
        'dh collects W[r][c]·dy[r] over the rows r: column c of W, which in a row-major O × H matrix sits at r·H + c. ' +
        'Work out one entry by hand for O = 2, H = 3.',
    },
    {
      id: 'mse-sum-not-mean',
      fn: 'mseLoss',
      name: 'mean squared error summed over the outputs instead of averaged',
      hint: 'The loss is a mean: divide the sum of squared differences by the number of outputs.',
    },
    {
      id: 'mse-backward-missing-two',
      fn: 'mseLossBackward',
      name: 'MSE gradient without the factor 2 from the square',
      hint: 'Differentiate (y − t)² once more: the exponent comes down as a factor.',
    },
    {
      id: 'mse-backward-sum-not-mean',
      fn: 'mseLossBackward',
      name: 'MSE gradient of the sum instead of the mean: the 1/n is missing',
      hint: 'The loss averages over the n outputs, so every entry of its gradient carries the same 1/n.',
    },
    {
      id: 'mse-backward-sign-flipped',
      fn: 'mseLossBackward',
      name: 'MSE gradient with the sign flipped: (t − y) instead of (y − t)',
      hint: 'Raising y above the target must raise the loss, so the gradient is positive where y > t.',
    },
    {
      id: 'softmax-naive-overflow',
      fn: 'softmaxCrossEntropy',
      name: 'softmax computed from e^z without subtracting the largest logit: it overflows for large logits',
      hint:
        'e^z overflows to Infinity for z above about 709. Subtracting the largest logit from every logit leaves the softmax ' +
        'unchanged and keeps every exponential at most 1; the log of the sum can be taken the same way.',
    },
    {
      id: 'softmax-backward-naive-overflow',
      fn: 'softmaxCrossEntropyBackward',
      name: 'softmax in the backward pass without subtracting the largest logit: NaN for large logits',
      hint: 'The backward needs the same softmax as the forward, and the same shift by the largest logit to stay finite.',
    },
    {
      id: 'softmax-backward-missing-one-hot',
      fn: 'softmaxCrossEntropyBackward',
      name: 'cross-entropy gradient returned as the softmax p, without subtracting 1 at the true class',
      hint: 'The gradient is p minus the one-hot vector of the label; its entries must add up to 0. Do yours?',
    },
    {
      id: 'softmax-backward-diagonal-only',
      fn: 'softmaxCrossEntropyBackward',
      name: 'cross-entropy gradient taken only at the true class: the other logits get 0',
      hint: 'Every logit moves p_ℓ through the normalising sum, so every logit gets a gradient, not only the true class.',
    },
    {
      id: 'softmax-backward-derivative-twice',
      fn: 'softmaxCrossEntropyBackward',
      name: 'softmax derivative applied on top of p − one-hot, which already contains it',
      hint:
        'Differentiating −log p_ℓ through the softmax gives p − one-hot in one step: the cross-entropy and the softmax ' +
        'derivative are already combined there. Multiplying by p(1 − p) applies the softmax part twice.',
    },
  ],
});
