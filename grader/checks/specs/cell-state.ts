/** Checks for exercise 06 (the cell-state update) and the hidden state of exercise 07. */
import fc from 'fast-check';
import * as reference from '../../reference/forward';
import type { Vector } from '../../../lib/types';
import { size, vector } from '../arbitraries';
import type { PairSpec } from '../types';
import { vectorSlot } from './slots';

interface CellCase {
  f: Vector;
  cPrev: Vector;
  i: Vector;
  cTilde: Vector;
  dc: Vector;
}

export const cellStateSpec: PairSpec<CellCase> = {
  exercise: 'cell-state',
  folder: '06-cell-state',
  forward: 'cellState',
  backward: 'cellStateBackward',
  forwardArgNames: ['f', 'cPrev', 'i', 'cTilde'],
  backwardArgNames: ['f', 'cPrev', 'i', 'cTilde', 'dc'],
  arbitrary: (values) =>
    size.chain((H) =>
      fc.record({ f: vector(H, values), cPrev: vector(H, values), i: vector(H, values), cTilde: vector(H, values), dc: vector(H, values) }),
    ),
  forwardArgs: (c) => [c.f, c.cPrev, c.i, c.cTilde],
  referenceForward: (f, cPrev, i, cTilde) => reference.cellState(f as Vector, cPrev as Vector, i as Vector, cTilde as Vector),
  lossTerms: (c) => [{ outputPath: '', upstream: c.dc }],
  backwardArgs: (c) => [c.f, c.cPrev, c.i, c.cTilde, c.dc],
  slots: (c) => [vectorSlot('df', 'df', c.f), vectorSlot('dcPrev', 'dcPrev', c.cPrev), vectorSlot('di', 'di', c.i), vectorSlot('dcTilde', 'dcTilde', c.cTilde)],
  withZeroUpstream: (c) => ({ ...c, dc: new Float64Array(c.dc.length) }),
  describe: (c) => `H=${c.f.length}`,
};

interface HiddenCase {
  o: Vector;
  c: Vector;
  dh: Vector;
}

export const hiddenStateSpec: PairSpec<HiddenCase> = {
  exercise: 'output-gate',
  folder: '07-output-gate',
  forward: 'hiddenState',
  backward: 'hiddenStateBackward',
  forwardArgNames: ['o', 'c'],
  backwardArgNames: ['o', 'c', 'dh'],
  arbitrary: (values) => size.chain((H) => fc.record({ o: vector(H, values), c: vector(H, values), dh: vector(H, values) })),
  forwardArgs: (k) => [k.o, k.c],
  referenceForward: (o, c) => reference.hiddenState(o as Vector, c as Vector),
  lossTerms: (k) => [{ outputPath: '', upstream: k.dh }],
  backwardArgs: (k) => [k.o, k.c, k.dh],
  slots: (k) => [vectorSlot('do', 'do', k.o), vectorSlot('dc', 'dc', k.c)],
  withZeroUpstream: (k) => ({ ...k, dh: new Float64Array(k.dh.length) }),
  describe: (k) => `H=${k.o.length}`,
};
