/**
 * Answer key of exercise 02: the backward of z = W·[h; x] + b. Several catalogued mistakes read
 * the columns of W in the wrong order; they are the reference applied to W with each row rotated.
 */
import type { GateGrads, Matrix, Vector } from '../../lib/types';
import type { Library } from '../reference/library';
import type { AnswerKey } from './types';

function affineBackward(W: Matrix, hPrev: Vector, x: Vector, dz: Vector): GateGrads {
  const H = hPrev.length;
  const D = x.length;
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

/** Each row of W rotated left by `shift` columns: rotated(W)[r][c] = W[r][(c + shift) mod cols]. */
function rotateRows(W: Matrix, shift: number): Matrix {
  const data = new Float64Array(W.data.length);
  for (let r = 0; r < W.rows; r++) {
    for (let c = 0; c < W.cols; c++) data[r * W.cols + c] = W.data[r * W.cols + ((c + shift) % W.cols)];
  }
  return { rows: W.rows, cols: W.cols, data };
}

export const affineKey: AnswerKey = {
  backward: { affineBackward: () => affineBackward },
  variants: {
    // W·[x; h]: the first D columns multiply x and the last H columns h.
    'affine-x-before-h': {
      affine: (lib: Library) => {
        const reference = lib.affine;
        return (W: Matrix, b: Vector, hPrev: Vector, x: Vector) => reference(rotateRows(W, x.length), b, hPrev, x);
      },
      affineBackward: () => (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => {
        const grads = affineBackward(rotateRows(W, x.length), hPrev, x, dz);
        return { ...grads, dW: rotateRows(grads.dW, grads.dW.cols - x.length) };
      },
    },
    'affine-missing-bias': {
      affine: (lib: Library) => {
        const reference = lib.affine;
        return (W: Matrix, b: Vector, hPrev: Vector, x: Vector) => reference(W, new Float64Array(b.length), hPrev, x);
      },
    },
    'affine-db-zeros': {
      affineBackward: () => (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => ({
        ...affineBackward(W, hPrev, x, dz),
        db: new Float64Array(dz.length),
      }),
    },
    // Wᵀ·dz read from the wrong columns: dhPrev from those of x and beyond, dx from the first ones.
    'affine-backward-split-wrong': {
      affineBackward: () => (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => {
        const misread = affineBackward(rotateRows(W, x.length), hPrev, x, dz);
        return { ...affineBackward(W, hPrev, x, dz), dhPrev: misread.dhPrev, dx: misread.dx };
      },
    },
    // dhPrev = W_h·dz instead of W_hᵀ·dz.
    'affine-backward-no-transpose': {
      affineBackward: () => (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => {
        const dhPrev = new Float64Array(hPrev.length);
        for (let r = 0; r < hPrev.length; r++) {
          for (let c = 0; c < hPrev.length; c++) dhPrev[c] += W.data[c * W.cols + r] * dz[r];
        }
        return { ...affineBackward(W, hPrev, x, dz), dhPrev };
      },
    },
  },
};
