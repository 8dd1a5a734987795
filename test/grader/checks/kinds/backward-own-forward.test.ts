import { describe, expect, it } from 'vitest';
import { backwardGradient } from '../../../../grader/checks/kinds/backward-gradient';
import { backwardOwnForward } from '../../../../grader/checks/kinds/backward-own-forward';
import type { Vector } from '../../../../lib/types';
import { runKind } from './helpers';

/** A consistent but wrong pair: C = f ⊙ C_prev + 2 i ⊙ C̃ and its true backward. */
const doubledCell = {
  cellState: (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => f.map((fk, k) => fk * cPrev[k] + 2 * i[k] * cTilde[k]),
  cellStateBackward: (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => ({
    df: dc.map((d, k) => d * cPrev[k]),
    dcPrev: dc.map((d, k) => d * f[k]),
    di: dc.map((d, k) => 2 * d * cTilde[k]),
    dcTilde: dc.map((d, k) => 2 * d * i[k]),
  }),
};

describe('the backward-own-forward kind', () => {
  it('passes the reference', async () => {
    for (const fn of ['tanh', 'affine', 'outputGate', 'lstmCellForward', 'lstmForward'])
      expect(await runKind(backwardOwnForward, fn), fn).toBeUndefined();
  });

  it('passes a backward that matches a wrong forward, which the reference gradient check fails', async () => {
    expect(await runKind(backwardOwnForward, 'cellState', doubledCell)).toBeUndefined();
    expect(await runKind(backwardGradient, 'cellState', doubledCell)).toBeDefined();
  });

  it('fails a backward that does not match its own forward, naming the gradient', async () => {
    const failure = await runKind(backwardOwnForward, 'cellState', { cellState: doubledCell.cellState });
    expect(failure?.message).toMatch(
      /^cellStateBackward: d(i|cTilde) does not match finite differences of your own cellState \(along a random direction: /,
    );
  });
});
