/** Exercise 08: one LSTM step assembled from exercises 03–07, and its backward pass. */
import fc from 'fast-check';
import type { LstmParams, StepCache, Vector } from '../../lib/types';
import { lstmParams, size, vector } from '../checks/arbitraries';
import { lstmParamSlots, vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { CELL_EQUATION } from './06-cell-state';
import { HIDDEN_EQUATION } from './07-output-gate';
import { defineCodeExercise } from './define';
import { gateEquations } from './gate';

interface CellCase {
  params: LstmParams;
  hPrev: Vector;
  cPrev: Vector;
  x: Vector;
  dh: Vector;
  dc: Vector;
}

const lstmCellPair: PairSpec<CellCase> = {
  forward: 'lstmCellForward',
  backward: 'lstmCellBackward',
  outputName: '',
  upstream: true,
  forwardArgNames: ['params', 'hPrev', 'cPrev', 'x'],
  backwardArgNames: ['params', 'cache', 'dh', 'dc'],
  arbitrary: (values) =>
    fc.record({ H: size, D: size }).chain(({ H, D }) =>
      fc.record({
        params: lstmParams(H, D, values),
        hPrev: vector(H, values),
        cPrev: vector(H, values),
        x: vector(D, values),
        dh: vector(H, values),
        dc: vector(H, values),
      }),
    ),
  forwardArgs: (c) => [c.params, c.hPrev, c.cPrev, c.x],
  lossTerms: (c) => [
    { outputPath: 'h', upstream: c.dh },
    { outputPath: 'c', upstream: c.dc },
  ],
  backwardArgs: (c, out) => [c.params, (out as { cache: StepCache }).cache, c.dh, c.dc],
  slots: (c) => [
    ...lstmParamSlots(c.params),
    vectorSlot('dhPrev', 'dhPrev', c.hPrev),
    vectorSlot('dcPrev', 'dcPrev', c.cPrev),
    vectorSlot('dx', 'dx', c.x),
  ],
  withZeroUpstream: (c) => ({ ...c, dh: new Float64Array(c.dh.length), dc: new Float64Array(c.dc.length) }),
  // The total gradient of C (from dc and through h) is where most of a cell's backward goes wrong.
  /** @instructorOnly part of the backward pass: the student template ships the recorded values instead (docs/student-template.md). */
  diagnosticQuantities: ([, cache, dh, dc]) => {
    const { o, c } = cache as StepCache;
    return { dC_total: (dc as Vector).map((d, k) => d + (dh as Vector)[k] * o[k] * (1 - Math.tanh(c[k]) ** 2)) };
  },
  shape: (c) => ({ H: c.hPrev.length, D: c.x.length }),
};

const GATE_EQUATIONS = [
  gateEquations('forget gate', 'f_t', 'f', '\\sigma'),
  gateEquations('input gate', 'i_t', 'i', '\\sigma'),
  gateEquations('candidate memory', '\\tilde{C}_t', 'C', '\\tanh'),
];
const OUTPUT_EQUATIONS = gateEquations('output gate', 'o_t', 'o', '\\sigma');

export default defineCodeExercise({
  id: 'lstm-cell',
  title: 'The LSTM cell',
  folder: '08-lstm-cell',
  exports: { lstmCellForward: 4, lstmCellBackward: 4 },
  dependsOn: ['activations', 'affine', 'forget-gate', 'input-gate', 'candidate', 'cell-state', 'output-gate'],
  reference: {
    lstmCellForward: (lib) => (params: LstmParams, hPrev: Vector, cPrev: Vector, x: Vector) => {
      const f = lib.forgetGate(params.forget, hPrev, x) as Vector;
      const i = lib.inputGate(params.input, hPrev, x) as Vector;
      const cTilde = lib.candidate(params.candidate, hPrev, x) as Vector;
      const o = lib.outputGate(params.output, hPrev, x) as Vector;
      const c = lib.cellState(f, cPrev, i, cTilde) as Vector;
      const h = lib.hiddenState(o, c) as Vector;
      return { h, c, cache: { x, hPrev, cPrev, f, i, cTilde, o, c, h } };
    },
  },
  pairs: [lstmCellPair],
  equations: {
    forward: [...GATE_EQUATIONS.flatMap((g) => g.forward), CELL_EQUATION, ...OUTPUT_EQUATIONS.forward, HIDDEN_EQUATION],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'C gets gradient twice, directly and through h',
        tex: '\\delta C_t^{\\text{total}} = \\delta C_t + \\delta h_t \\odot o_t \\odot \\left(1 - \\tanh^{2}(C_t)\\right)',
      },
      {
        caption: 'into the forget and input gates, with the total gradient of C',
        tex: '\\delta f_t = \\delta C_t^{\\text{total}} \\odot C_{t-1}, \\qquad \\delta i_t = \\delta C_t^{\\text{total}} \\odot \\tilde{C}_t',
      },
      {
        caption: 'into the candidate and the output gate',
        tex: '\\delta \\tilde{C}_t = \\delta C_t^{\\text{total}} \\odot i_t, \\qquad \\delta o_t = \\delta h_t \\odot \\tanh(C_t)',
      },
      {
        caption: 'through the sigmoids of g = f, i, o (exercises 03, 04, 07)',
        tex: '\\delta z_g = \\delta g_t \\odot g_t \\odot (1 - g_t)',
      },
      {
        caption: 'through the tanh of the candidate (exercise 05)',
        tex: '\\delta z_C = \\delta \\tilde{C}_t \\odot (1 - \\tilde{C}_t^{2})',
      },
      {
        caption: 'h and x feed all four gates, so their gradients add up',
        tex: '[\\delta h_{t-1};\\, \\delta x_t] = \\sum_{g \\in \\{f, i, C, o\\}} W_g^{\\top}\\, \\delta z_g',
      },
      { caption: 'the memory path back to the previous step', tex: '\\delta C_{t-1} = \\delta C_t^{\\text{total}} \\odot f_t' },
    ],
  },
  mistakes: [
    {
      id: 'lstm-cell-drops-dc-through-h',
      fn: 'lstmCellBackward',
      name: 'lstmCellBackward forgets the gradient that reaches C through h = o ⊙ tanh(C)',
      hint:
        'C is used twice: it is passed on to the next step and it produces h. Its gradient is the sum of ' +
        'the two contributions; draw the computation graph of one step and follow every arrow out of C.',
    },
    {
      id: 'lstm-cell-ignores-upstream-dc',
      fn: 'lstmCellBackward',
      name: 'lstmCellBackward ignores the upstream dc coming from the next step',
      hint:
        "The argument dc is the gradient arriving at this step's cell state from the future. It is the " +
        'path the constant error carousel relies on; add it to what comes through h.',
    },
    {
      id: 'lstm-cell-dhprev-one-gate',
      fn: 'lstmCellBackward',
      name: 'dhPrev taken from the output gate only instead of summed over the four gates',
      hint: 'hPrev feeds all four gates, so its gradient is a sum of four contributions. The same holds for x.',
    },
    {
      id: 'lstm-cell-gate-wrong-params',
      fn: 'lstmCellForward',
      name: "input gate computed with the forget gate's parameters (copy-paste)",
      hint: 'Every gate has its own W and b in params. Check which entry of params each gate call reads.',
    },
    {
      id: 'lstm-cell-changes-dc',
      fn: 'lstmCellBackward',
      name: 'lstmCellBackward adds the gradient from h into its argument dc in place',
      hint:
        'dc belongs to the caller (BPTT may still need it). Accumulate the total gradient of C in a new ' +
        'array and leave every argument unchanged.',
    },
  ],
});
