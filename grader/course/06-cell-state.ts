/** Exercise 06: the cell-state update C_t = f_t ⊙ C_{t−1} + i_t ⊙ C̃_t, the LSTM's memory. */
import fc from 'fast-check';
import type { Vector } from '../../lib/types';
import { size, vector } from '../checks/arbitraries';
import { vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { defineCodeExercise } from './define';

interface CellCase {
  f: Vector;
  cPrev: Vector;
  i: Vector;
  cTilde: Vector;
  dc: Vector;
}

const cellStatePair: PairSpec<CellCase> = {
  forward: 'cellState',
  backward: 'cellStateBackward',
  outputName: 'c',
  upstream: true,
  forwardArgNames: ['f', 'cPrev', 'i', 'cTilde'],
  backwardArgNames: ['f', 'cPrev', 'i', 'cTilde', 'dc'],
  arbitrary: (values) =>
    size.chain((H) =>
      fc.record({ f: vector(H, values), cPrev: vector(H, values), i: vector(H, values), cTilde: vector(H, values), dc: vector(H, values) }),
    ),
  forwardArgs: (c) => [c.f, c.cPrev, c.i, c.cTilde],
  lossTerms: (c) => [{ outputPath: '', upstream: c.dc }],
  backwardArgs: (c) => [c.f, c.cPrev, c.i, c.cTilde, c.dc],
  slots: (c) => [
    vectorSlot('df', 'df', c.f),
    vectorSlot('dcPrev', 'dcPrev', c.cPrev),
    vectorSlot('di', 'di', c.i),
    vectorSlot('dcTilde', 'dcTilde', c.cTilde),
  ],
  withZeroUpstream: (c) => ({ ...c, dc: new Float64Array(c.dc.length) }),
  // The new memory C is not an argument of the backward, but a wrong backward may use it.
  /** @instructorOnly part of the backward pass: the student template ships the recorded values instead (docs/student-template.md). */
  diagnosticQuantities: ([f, cPrev, i, cTilde]) => ({
    c: (f as Vector).map((fk, k) => fk * (cPrev as Vector)[k] + (i as Vector)[k] * (cTilde as Vector)[k]),
  }),
  shape: (c) => ({ H: c.f.length }),
};

export const CELL_EQUATION = { caption: 'the cell-state update (the memory)', tex: 'C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde{C}_t' };

export default defineCodeExercise({
  id: 'cell-state',
  title: 'Cell-state update',
  folder: '06-cell-state',
  exports: { cellState: 4, cellStateBackward: 5 },
  dependsOn: [],
  reference: {
    cellState: () => (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector) => f.map((fk, k) => fk * cPrev[k] + i[k] * cTilde[k]),
  },
  pairs: [cellStatePair],
  equations: {
    forward: [CELL_EQUATION],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'one product rule per term',
        tex: '\\delta f_t = \\delta C_t \\odot C_{t-1}, \\qquad \\delta i_t = \\delta C_t \\odot \\tilde{C}_t, \\qquad \\delta \\tilde{C}_t = \\delta C_t \\odot i_t',
      },
      {
        caption: 'the memory path back in time: only a factor f (the constant error carousel)',
        tex: '\\delta C_{t-1} = \\delta C_t \\odot f_t',
      },
    ],
  },
  mistakes: [
    {
      id: 'cell-state-dcprev-missing-forget',
      fn: 'cellStateBackward',
      name: 'dC_prev missing the forget-gate factor: dC passed back unchanged',
      hint:
        'C = f ⊙ C_prev + i ⊙ C̃, so ∂C/∂C_prev is not 1. This factor is exactly what lets the forget gate ' +
        'decide how much gradient reaches the past.',
    },
    {
      id: 'cell-state-df-di-swapped',
      fn: 'cellStateBackward',
      name: 'df and di swapped: df uses C̃ and di uses C_prev',
      hint:
        'Each gate multiplies one thing: f multiplies the old memory and i the candidate. The gradient of ' +
        'a product with respect to one factor is the other factor.',
    },
    {
      id: 'cell-state-gates-swapped',
      fn: 'cellState',
      name: 'forget and input gates swapped: C = i ⊙ C_prev + f ⊙ C̃',
      hint: 'The forget gate decides what to keep of the old memory; the input gate how much of the candidate to write.',
    },
    {
      id: 'cell-state-writes-into-cprev',
      fn: 'cellState',
      name: 'cellState writes the new memory into its argument cPrev',
      hint:
        'The caller keeps cPrev (the cache of the backward pass needs the old memory). Compute the new ' +
        'memory in a fresh array and leave every argument as you received it.',
    },
  ],
});
