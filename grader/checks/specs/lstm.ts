/** Checks for exercises 08 (one LSTM step) and 09 (a sequence, BPTT). */
import fc from 'fast-check';
import * as reference from '../../reference/forward';
import type { LstmParams, StepCache, Vector } from '../../../lib/types';
import { lstmParams, size, steps, vector, vectors } from '../arbitraries';
import type { PairSpec, Slot } from '../types';
import { gateSlots, vectorSlot } from './slots';

const GATES = ['forget', 'input', 'candidate', 'output'] as const;
const GATE_NAMES = { forget: 'forget gate', input: 'input gate', candidate: 'candidate', output: 'output gate' };

function paramSlots(params: LstmParams): Slot[] {
  return GATES.flatMap((g) => gateSlots(params[g], GATE_NAMES[g], `grads.${g}.`));
}

interface CellCase {
  params: LstmParams;
  hPrev: Vector;
  cPrev: Vector;
  x: Vector;
  dh: Vector;
  dc: Vector;
}

export const lstmCellSpec: PairSpec<CellCase> = {
  exercise: 'lstm-cell',
  folder: '08-lstm-cell',
  forward: 'lstmCellForward',
  backward: 'lstmCellBackward',
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
  referenceForward: (p, h, c, x) => reference.lstmCellForward(p as LstmParams, h as Vector, c as Vector, x as Vector),
  lossTerms: (c) => [
    { outputPath: 'h', upstream: c.dh },
    { outputPath: 'c', upstream: c.dc },
  ],
  backwardArgs: (c, out) => [c.params, (out as { cache: StepCache }).cache, c.dh, c.dc],
  slots: (c) => [
    ...paramSlots(c.params),
    vectorSlot('dhPrev', 'dhPrev', c.hPrev),
    vectorSlot('dcPrev', 'dcPrev', c.cPrev),
    vectorSlot('dx', 'dx', c.x),
  ],
  withZeroUpstream: (c) => ({ ...c, dh: new Float64Array(c.dh.length), dc: new Float64Array(c.dc.length) }),
  describe: (c) => `H=${c.hPrev.length}, D=${c.x.length}`,
};

interface SequenceCase {
  params: LstmParams;
  xs: Vector[];
  h0: Vector;
  c0: Vector;
  dhs: Vector[];
  dcLast: Vector;
}

export const lstmSequenceSpec: PairSpec<SequenceCase> = {
  exercise: 'lstm-sequence',
  folder: '09-lstm-sequence',
  forward: 'lstmForward',
  backward: 'lstmBackward',
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
  referenceForward: (p, xs, h0, c0) => reference.lstmForward(p as LstmParams, xs as Vector[], h0 as Vector, c0 as Vector),
  lossTerms: (c) => [
    ...c.dhs.map((u, t) => ({ outputPath: `hs[${t}]`, upstream: u })),
    { outputPath: `cs[${c.xs.length - 1}]`, upstream: c.dcLast },
  ],
  backwardArgs: (c, out) => [c.params, (out as { caches: StepCache[] }).caches, c.dhs, c.dcLast],
  slots: (c) => [
    ...paramSlots(c.params),
    ...c.xs.map((x, t) => vectorSlot(`dxs[${t}]`, `dxs[${t}]`, x)),
    vectorSlot('dh0', 'dh0', c.h0),
    vectorSlot('dc0', 'dc0', c.c0),
  ],
  withZeroUpstream: (c) => ({
    ...c,
    dhs: c.dhs.map((u) => new Float64Array(u.length)),
    dcLast: new Float64Array(c.dcLast.length),
  }),
  describe: (c) => `H=${c.h0.length}, D=${c.xs[0].length}, T=${c.xs.length}`,
};
