import { describe, expect, it } from 'vitest';
import { backwardArgumentsUnchanged, forwardArgumentsUnchanged } from '../../../../grader/checks/kinds/arguments-unchanged';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the arguments-unchanged kinds', () => {
  it('pass the reference', async () => {
    expect(await runKind(forwardArgumentsUnchanged, 'cellState')).toBeUndefined();
    expect(await runKind(backwardArgumentsUnchanged, 'lstmForward')).toBeUndefined();
  });

  it('fail a forward that writes into an argument, naming the entry that changed', async () => {
    const writesCPrev = (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => {
      for (let k = 0; k < f.length; k++) cPrev[k] = f[k] * cPrev[k] + i[k] * cTilde[k];
      return Float64Array.from(cPrev);
    };
    const failure = await runKind(forwardArgumentsUnchanged, 'cellState', { cellState: writesCPrev });
    expect(failure?.message).toMatch(
      /^cellState changed its argument cPrev\[0\] \(0\.003 → 0\.009971\) in place; return new arrays instead/,
    );
  });

  it('fail a backward that scales its upstream gradient in place', async () => {
    const scalesDs = (s: Vector, ds: Vector) => {
      for (let k = 0; k < s.length; k++) ds[k] *= s[k] * (1 - s[k]);
      return Float64Array.from(ds);
    };
    expect((await runKind(backwardArgumentsUnchanged, 'sigmoid', { sigmoidBackward: scalesDs }))?.message).toMatch(
      /^sigmoidBackward changed its argument ds\[0\] \(0\.003 → 0\.000243618\) in place/,
    );
  });
});
