import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE } from '../../../../grader/answer-key';
import { backwardShapes, forwardShapes } from '../../../../grader/checks/kinds/shapes';
import { CODE_EXERCISES } from '../../../../grader/course';
import type { GateGrads, LstmParams, Matrix, StepCache, Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the shapes kinds', () => {
  it('pass the reference', async () => {
    for (const fn of ['tanh', 'affine', 'lstmCellForward', 'lstmForward']) {
      expect(await runKind(forwardShapes, fn), fn).toBeUndefined();
      expect(await runKind(backwardShapes, fn), fn).toBeUndefined();
    }
  });

  it('pass the reference backward of every pair: its gradients are new arrays', async () => {
    for (const fn of CODE_EXERCISES.flatMap((e) => e.pairs.map((p) => p.forward))) {
      expect(await runKind(backwardShapes, fn, {}, 5), fn).toBeUndefined();
    }
  });

  it('fail a backward that returns its argument as a gradient (independent case affine-db-aliases-dz)', async () => {
    const dbIsDz = (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => ({
      ...(FULL_REFERENCE.affineBackward(W, hPrev, x, dz) as GateGrads),
      db: dz,
    });
    const failure = await runKind(backwardShapes, 'affine', { affineBackward: dbIsDz });
    expect(failure?.message).toBe(
      'affineBackward returned its argument dz as db: db is the argument dz itself, so a caller that changes dz changes db too; return a new Float64Array.',
    );
  });

  it('fail a backward whose gradient is a view of an argument, or a matrix over an argument’s data', async () => {
    const dbViewsDz = (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => ({
      ...(FULL_REFERENCE.affineBackward(W, hPrev, x, dz) as GateGrads),
      db: dz.subarray(0),
    });
    expect((await runKind(backwardShapes, 'affine', { affineBackward: dbViewsDz }))?.message).toBe(
      'affineBackward returned a view of its argument dz as db: db shares its memory with the argument dz (a subarray or another view of the same buffer), ' +
        'so a caller that changes dz changes db too; return a new Float64Array (a copy).',
    );
    const dWOverW = (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => ({
      ...(FULL_REFERENCE.affineBackward(W, hPrev, x, dz) as GateGrads),
      dW: { rows: W.rows, cols: W.cols, data: W.data },
    });
    expect((await runKind(backwardShapes, 'affine', { affineBackward: dWOverW }))?.message).toMatch(
      /^affineBackward returned its argument W\.data as dW\.data: dW\.data is the argument W\.data itself/,
    );
    const nested = (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => ({
      ...(FULL_REFERENCE.lstmBackward(params, caches, dhs, dcLast) as object),
      dc0: dcLast,
    });
    expect((await runKind(backwardShapes, 'lstmForward', { lstmBackward: nested }))?.message).toMatch(
      /^lstmBackward returned its argument dcLast as dc0: dc0 is the argument dcLast itself/,
    );
  });

  it('fail a backward that returns its argument itself as its result', async () => {
    const inPlace = (s: Vector, ds: Vector) => {
      for (let k = 0; k < ds.length; k++) ds[k] *= s[k] * (1 - s[k]);
      return ds;
    };
    expect((await runKind(backwardShapes, 'sigmoid', { sigmoidBackward: inPlace }))?.message).toBe(
      'sigmoidBackward returned its argument ds as its result: the result is the argument ds itself, so a caller that changes ds changes the result too; return a new Float64Array.',
    );
  });

  it('leave a forward whose cache keeps its arguments alone', async () => {
    // lstmCellForward's cache holds hPrev, cPrev and x themselves: allowed for a forward.
    expect(await runKind(forwardShapes, 'lstmCellForward')).toBeUndefined();
    const keepsArgument = (f: Vector, cPrev: Vector) => cPrev;
    expect((await runKind(forwardShapes, 'cellState', { cellState: keepsArgument }))?.message).toBeUndefined();
  });

  it('fail a forward that returns a plain array instead of a Float64Array', async () => {
    const failure = await runKind(forwardShapes, 'tanh', { tanh: (z: Vector) => Array.from(z, Math.tanh) });
    expect(failure?.message).toMatch(
      /^tanh returned the wrong shape: the result must be a Float64Array of length \d+, got an Array of length \d+\.$/,
    );
  });

  it('fail a forward whose values are not finite', async () => {
    const failure = await runKind(forwardShapes, 'tanh', { tanh: (z: Vector) => z.map((v) => (v > 100 ? Infinity : Math.tanh(v))) });
    expect(failure?.message).toMatch(/^tanh returned a value that is not finite: \[\d\] = Infinity\.$/);
  });

  it('fail a backward whose dW has the wrong size', async () => {
    const wrongRows = (W: Matrix, hPrev: Vector, x: Vector, dz: Vector) => ({
      dW: { rows: W.cols, cols: W.rows, data: new Float64Array(W.data.length) },
      db: Float64Array.from(dz),
      dhPrev: new Float64Array(hPrev.length),
      dx: new Float64Array(x.length),
    });
    const failure = await runKind(backwardShapes, 'affine', { affineBackward: wrongRows });
    expect(failure?.message).toMatch(/^affineBackward returned the wrong shape: dW must be \d × \d, got rows = \d, cols = \d\.$/);
  });
});
