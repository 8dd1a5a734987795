/** Exercise 02: the affine map z = W·[h_{t−1}; x_t] + b that every gate starts with. */
import type { Matrix, Vector } from '../../lib/types';
import { defineCodeExercise } from './define';
import { affinePair, HX } from './gate';

export default defineCodeExercise({
  id: 'affine',
  title: 'The affine map W·[h, x] + b',
  folder: '02-affine',
  exports: { affine: 4, affineBackward: 4 },
  dependsOn: [],
  reference: {
    // The same order of additions as solutions/02-affine, so that the two agree bit for bit.
    affine: () => (W: Matrix, b: Vector, hPrev: Vector, x: Vector) => {
      const H = hPrev.length;
      const z = Float64Array.from(b);
      for (let r = 0; r < W.rows; r++) {
        for (let c = 0; c < H; c++) z[r] += W.data[r * W.cols + c] * hPrev[c];
        for (let c = 0; c < x.length; c++) z[r] += W.data[r * W.cols + H + c] * x[c];
      }
      return z;
    },
  },
  pairs: [affinePair],
  equations: {
    forward: [{ caption: 'the affine map every gate starts with; W is H × (H + D)', tex: `z = W\\, ${HX} + b` }],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      { caption: 'weights: an outer product', tex: `\\delta W = \\delta z\\, ${HX}^{\\top}, \\qquad \\delta b = \\delta z` },
      {
        caption: 'inputs: split the result into its h part and its x part',
        tex: `[\\delta h_{t-1};\\, \\delta x_t] = W^{\\top} \\delta z`,
      },
    ],
  },
  mistakes: [
    {
      id: 'affine-x-before-h',
      fn: 'affine',
      name: 'W applied to [x, h] instead of [h, x]',
      hint:
        'The first H columns of W belong to the previous hidden state and the last D columns to the input. ' +
        'Write out W·[h; x] for H = 1, D = 2 and see which column multiplies which number.',
    },
    {
      id: 'affine-missing-bias',
      fn: 'affine',
      name: 'bias b left out of W·[h, x] + b',
      hint: 'Each output z[r] is one row of W times [h; x], plus one more term. Which argument have you not read?',
    },
    {
      id: 'affine-db-zeros',
      fn: 'affineBackward',
      name: 'db returned as zeros instead of dz',
      hint:
        'z depends on b with ∂z[r]/∂b[r] = 1, so the gradient of the bias is not zero: apply the chain rule ' +
        'to z = W·[h; x] + b with respect to b.',
    },
    {
      id: 'affine-backward-split-wrong',
      fn: 'affineBackward',
      name: 'Wᵀ·dz split at the wrong place: dx taken from the first entries, dhPrev from the last',
      hint:
        'Wᵀ·dz has H + D entries in the order of [h; x]: the first H belong to hPrev and the last D to x. ' +
        'Check which columns of W your dhPrev and dx read.',
    },
    {
      id: 'affine-backward-no-transpose',
      fn: 'affineBackward',
      name: 'dhPrev computed with W instead of Wᵀ',
      hint:
        'The gradient flowing back through a matrix uses its transpose: dhPrev[c] collects W[r][c]·dz[r] over ' +
        'the rows r. Swapping the roles of row and column gives a different answer as soon as H ≥ 2.',
    },
  ],
});
