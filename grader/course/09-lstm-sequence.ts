/** Exercise 09: the LSTM unrolled over a sequence, and backpropagation through time (BPTT). */
import fc from 'fast-check';
import type { LstmParams, StepCache, Vector } from '../../lib/types';
import { lstmParams, size, steps, vector, vectors } from '../checks/arbitraries';
import { lstmParamSlots, vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { defineCodeExercise } from './define';

interface SequenceCase {
  params: LstmParams;
  xs: Vector[];
  h0: Vector;
  c0: Vector;
  dhs: Vector[];
  dcLast: Vector;
}

const lstmSequencePair: PairSpec<SequenceCase> = {
  forward: 'lstmForward',
  backward: 'lstmBackward',
  outputName: '',
  upstream: true,
  forwardArgNames: ['params', 'xs', 'h0', 'c0'],
  backwardArgNames: ['params', 'caches', 'dhs', 'dcLast'],
  arbitrary: (values) =>
    fc.record({ H: size, D: size, T: steps }).chain(({ H, D, T }) =>
      fc.record({
        params: lstmParams(H, D, values),
        xs: vectors(T, D, values),
        h0: vector(H, values),
        c0: vector(H, values),
        dhs: vectors(T, H, values),
        dcLast: vector(H, values),
      }),
    ),
  forwardArgs: (c) => [c.params, c.xs, c.h0, c.c0],
  lossTerms: (c) => [
    ...c.dhs.map((u, t) => ({ outputPath: `hs[${t}]`, upstream: u })),
    { outputPath: `cs[${c.xs.length - 1}]`, upstream: c.dcLast },
  ],
  backwardArgs: (c, out) => [c.params, (out as { caches: StepCache[] }).caches, c.dhs, c.dcLast],
  slots: (c) => [
    ...lstmParamSlots(c.params),
    ...c.xs.map((x, t) => vectorSlot(`dxs[${t}]`, `dxs[${t}]`, x)),
    vectorSlot('dh0', 'dh0', c.h0),
    vectorSlot('dc0', 'dc0', c.c0),
  ],
  withZeroUpstream: (c) => ({ ...c, dhs: c.dhs.map((u) => new Float64Array(u.length)), dcLast: new Float64Array(c.dcLast.length) }),
  shape: (c) => ({ H: c.h0.length, D: c.xs[0].length, T: c.xs.length }),
};

export default defineCodeExercise({
  id: 'lstm-sequence',
  title: 'LSTM over a sequence (BPTT)',
  folder: '09-lstm-sequence',
  exports: { lstmForward: 4, lstmBackward: 4 },
  dependsOn: ['activations', 'affine', 'forget-gate', 'input-gate', 'candidate', 'cell-state', 'output-gate', 'lstm-cell'],
  reference: {
    lstmForward: (lib) => (params: LstmParams, xs: Vector[], h0: Vector, c0: Vector) => {
      const hs: Vector[] = [];
      const cs: Vector[] = [];
      const caches: StepCache[] = [];
      let h = h0;
      let c = c0;
      for (const x of xs) {
        const step = lib.lstmCellForward(params, h, c, x) as { h: Vector; c: Vector; cache: StepCache };
        ({ h, c } = step);
        hs.push(h);
        cs.push(c);
        caches.push(step.cache);
      }
      return { hs, cs, caches };
    },
  },
  pairs: [lstmSequencePair],
  equations: {
    forward: [
      {
        caption: 'the same cell and the same weights at every step',
        tex: '(h_t, C_t) = \\operatorname{cell}(h_{t-1}, C_{t-1}, x_t), \\qquad t = 1, \\dots, T',
      },
    ],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'gradient reaching h_t: from outside plus from step t + 1',
        tex: '\\delta h_t = \\frac{\\partial L}{\\partial h_t}\\Big|_{\\text{outside}} + \\delta h_t^{\\leftarrow t+1}, \\qquad \\delta C_t = \\delta C_t^{\\leftarrow t+1}',
      },
      {
        caption: 'shared weights: sum the per-step gradients (backpropagation through time)',
        tex: '\\delta W_g = \\sum_{t=1}^{T} \\delta W_g^{(t)}, \\qquad \\delta b_g = \\sum_{t=1}^{T} \\delta b_g^{(t)}',
      },
    ],
  },
  mistakes: [
    {
      id: 'bptt-grads-overwritten',
      fn: 'lstmBackward',
      name: 'parameter gradients overwritten at each step instead of summed over time',
      hint:
        'The same W and b are used at every step, so each step contributes to their gradient. The total is ' +
        'the sum over all steps; with yours only one step survives.',
    },
    {
      id: 'bptt-drops-dh-carry',
      fn: 'lstmBackward',
      name: 'BPTT drops the dh carried back from the next step: only dhs[t] reaches h_t',
      hint: 'h_t is read by the loss and by step t + 1. Its gradient is the outside one plus the dhPrev that step t + 1 sends back.',
    },
    {
      id: 'bptt-drops-dc-carry',
      fn: 'lstmBackward',
      name: 'BPTT drops the dc carried back from the next step',
      hint:
        'C_t is read by step t + 1, so the dcPrev that step returns is the gradient of C_t. It is the memory ' +
        'path of the LSTM: without it the gradient cannot travel far back.',
    },
    {
      id: 'bptt-ignores-dclast',
      fn: 'lstmBackward',
      name: 'dcLast ignored: the last cell state starts with a zero gradient',
      hint: 'dcLast is the gradient of the loss with respect to the last cell state; it is where the dc carry begins.',
    },
    {
      id: 'lstm-backward-changes-dhs',
      fn: 'lstmBackward',
      name: 'lstmBackward adds the carried gradient into dhs in place',
      hint:
        'dhs belongs to the caller (a training loop may reuse it). Add the carried dh into a new vector ' +
        'and leave every argument unchanged.',
    },
    {
      id: 'lstm-forward-changes-h0-c0',
      fn: 'lstmForward',
      name: 'lstmForward writes the final state into its arguments h0 and c0',
      hint:
        "h0 and c0 belong to the caller and the first step's cache refers to them. Keep the running state " +
        'in your own variables and never write into an argument.',
    },
  ],
});
