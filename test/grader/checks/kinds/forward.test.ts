import { describe, expect, it } from 'vitest';
import { forward, forwardExtreme } from '../../../../grader/checks/kinds/forward';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the forward kinds', () => {
  it('pass the reference on every pair', async () => {
    for (const fn of ['sigmoid', 'affine', 'forgetGate', 'cellState', 'hiddenState', 'lstmCellForward', 'lstmForward']) {
      expect(await runKind(forward, fn), fn).toBeUndefined();
      expect(await runKind(forwardExtreme, fn), fn).toBeUndefined();
    }
  });

  it('fail a forward that is off by a little, naming the entry and both values, with the differing entries', async () => {
    const offByOne = (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => f.map((fk, k) => fk * cPrev[k] + i[k] * cTilde[k] + 1e-3);
    const failure = await runKind(forward, 'cellState', { cellState: offByOne });
    expect(failure?.message).toMatch(
      /^cellState gives -?[\d.e-]+ at c\[0\] where the reference gives -?[\d.e-]+ \(difference [\d.e-]+, [\d.]+% relative; allowed 1e-9 \+ 1e-7·\|value\|\)\.$/,
    );
    expect(failure?.extra.counterexample?.differing?.[0]).toBe('[0]');
    expect(failure?.fault).toBeUndefined();
  });

  it('catch an overflow only with extreme values', async () => {
    const naive = (z: Vector) => z.map((v) => Math.exp(v) / (1 + Math.exp(v)));
    expect(await runKind(forward, 'sigmoid', { sigmoid: naive })).toBeUndefined();
    expect((await runKind(forwardExtreme, 'sigmoid', { sigmoid: naive }))?.message).toMatch(
      /^sigmoid gives NaN at s\[\d\] where the reference gives 1 \(difference NaN; allowed 1e-9 \+ 1e-7·\|value\|\)\.$/,
    );
  });

  it('turn a fault into a failure that keeps the fault', async () => {
    const failure = await runKind(forward, 'tanh', { tanh: { kind: 'threw', message: 'tanh threw RangeError: no' } });
    expect(failure?.message).toBe('tanh threw RangeError: no');
    expect(failure?.fault?.kind).toBe('threw');
  });
});
