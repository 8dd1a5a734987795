import { describe, expect, it } from 'vitest';
import { backwardGradient } from '../../../../grader/checks/kinds/backward-gradient';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the backward-gradient kind', () => {
  it('passes the reference on every pair', async () => {
    for (const fn of ['sigmoid', 'tanh', 'affine', 'candidate', 'cellState', 'hiddenState', 'lstmCellForward', 'lstmForward']) {
      expect(await runKind(backwardGradient, fn), fn).toBeUndefined();
    }
  });

  it('fails a wrong derivative and localises it entry by entry', async () => {
    const failure = await runKind(backwardGradient, 'sigmoid', { sigmoidBackward: (s: Vector, ds: Vector) => ds.map((d, k) => d * s[k]) });
    expect(failure?.message).toMatch(
      /^sigmoidBackward: dz is wrong; e\.g\. dz\[\d\] is -?[\d.e-]+ but finite differences give -?[\d.e-]+ \(difference [\d.e-]+, \d+% relative; allowed 1e-6 \+ 1e-5·\|value\|\)\.$/,
    );
    const [dz] = failure!.extra.gradients!;
    expect(dz.name).toBe('dz');
    expect(dz.ok).toContain(false);
    expect(dz.analytic).toHaveLength(dz.numerical.length);
  });

  it('names only the wrong gradients of a cell', async () => {
    const dropsForgetFactor = (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => ({
      df: dc.map((d, k) => d * cPrev[k]),
      dcPrev: Float64Array.from(dc),
      di: dc.map((d, k) => d * cTilde[k]),
      dcTilde: dc.map((d, k) => d * i[k]),
    });
    const failure = await runKind(backwardGradient, 'cellState', { cellStateBackward: dropsForgetFactor });
    expect(failure?.message).toMatch(/^cellStateBackward: dcPrev is wrong;/);
    const wrong = failure!.extra.gradients!.filter((g) => g.ok.includes(false)).map((g) => g.name);
    expect(wrong).toEqual(['dcPrev']);
  });
});
