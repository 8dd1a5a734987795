import { describe, expect, it } from 'vitest';
import { backwardExtreme } from '../../../../grader/checks/kinds/backward-extreme';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the backward-extreme kind', () => {
  it('passes the reference on saturated and extreme inputs', async () => {
    for (const fn of ['sigmoid', 'tanh', 'forgetGate', 'lstmCellForward']) expect(await runKind(backwardExtreme, fn), fn).toBeUndefined();
  });

  it('fails a backward that overflows for large inputs', async () => {
    // σ'(z) recomputed from e^z: Infinity / Infinity once the upstream gradient is ±1000.
    const overflowing = (s: Vector, ds: Vector) =>
      ds.map((d, k) => (d * s[k] * (1 - s[k]) * Math.exp(Math.abs(d))) / Math.exp(Math.abs(d)));
    expect((await runKind(backwardExtreme, 'sigmoid', { sigmoidBackward: overflowing }))?.message).toMatch(
      /^sigmoidBackward returned dz entry \d = NaN for large inputs: look for an overflow\.$/,
    );
  });
});
