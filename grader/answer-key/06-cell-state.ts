/** Answer key of exercise 06: the product rule through C = f ⊙ C_prev + i ⊙ C̃, and its catalogued mistakes. */
import type { Vector } from '../../lib/types';
import type { Library } from '../reference/library';
import type { AnswerKey } from './types';

type CellGrads = { df: Vector; dcPrev: Vector; di: Vector; dcTilde: Vector };

function cellStateBackward(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector): CellGrads {
  return {
    df: dc.map((d, k) => d * cPrev[k]),
    dcPrev: dc.map((d, k) => d * f[k]),
    di: dc.map((d, k) => d * cTilde[k]),
    dcTilde: dc.map((d, k) => d * i[k]),
  };
}

export const cellStateKey: AnswerKey = {
  backward: { cellStateBackward: () => cellStateBackward },
  variants: {
    'cell-state-dcprev-missing-forget': {
      cellStateBackward: () => (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => ({
        ...cellStateBackward(f, cPrev, i, cTilde, dc),
        dcPrev: Float64Array.from(dc),
      }),
    },
    'cell-state-df-di-swapped': {
      cellStateBackward: () => (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => {
        const grads = cellStateBackward(f, cPrev, i, cTilde, dc);
        return { ...grads, df: grads.di, di: grads.df };
      },
    },
    'cell-state-gates-swapped': {
      cellState: (lib: Library) => {
        const reference = lib.cellState;
        return (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => reference(i, cPrev, f, cTilde);
      },
    },
    'cell-state-writes-into-cprev': {
      cellState: () => (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => {
        const c = f.map((fk, k) => fk * cPrev[k] + i[k] * cTilde[k]);
        cPrev.set(c);
        return c;
      },
    },
  },
};
