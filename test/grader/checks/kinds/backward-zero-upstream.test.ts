import { describe, expect, it } from 'vitest';
import { backwardZeroUpstream } from '../../../../grader/checks/kinds/backward-zero-upstream';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the backward-zero-upstream kind', () => {
  it('passes the reference', async () => {
    for (const fn of ['sigmoid', 'affine', 'lstmForward']) expect(await runKind(backwardZeroUpstream, fn), fn).toBeUndefined();
  });

  it('fails a backward that adds something not coming from upstream', async () => {
    const leaky = (t: Vector, dt: Vector) => dt.map((d, k) => d * (1 - t[k] * t[k]) + 1e-12);
    expect((await runKind(backwardZeroUpstream, 'tanh', { tanhBackward: leaky }))?.message).toBe(
      'tanhBackward returned dz entry 0 = 1e-12 although every upstream gradient is zero.',
    );
  });
});
