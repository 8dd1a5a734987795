/**
 * Checks for exercises 02–05 and the output gate of 07: the affine map and the gates built on
 * it. They share a case (weights, hPrev, x, upstream) and differ in the function names.
 */
import fc from 'fast-check';
import * as reference from '../../reference/forward';
import type { ExerciseId } from '../../exercises';
import type { Gate, Vector } from '../../../lib/types';
import { gate, size, vector } from '../arbitraries';
import type { PairSpec, Slot } from '../types';
import { gateSlots, vectorSlot } from './slots';

export interface GateCase {
  gate: Gate;
  hPrev: Vector;
  x: Vector;
  up: Vector;
}

const gateCase = (values: fc.Arbitrary<number>): fc.Arbitrary<GateCase> =>
  fc.record({ H: size, D: size }).chain(({ H, D }) =>
    fc.record({ gate: gate(H, D, values), hPrev: vector(H, values), x: vector(D, values), up: vector(H, values) }),
  );

function gateCaseSlots(c: GateCase, gateName: string): Slot[] {
  return [...gateSlots(c.gate, gateName), vectorSlot('dhPrev', 'dhPrev', c.hPrev), vectorSlot('dx', 'dx', c.x)];
}

const common = {
  arbitrary: gateCase,
  lossTerms: (c: GateCase) => [{ outputPath: '', upstream: c.up }],
  withZeroUpstream: (c: GateCase) => ({ ...c, up: new Float64Array(c.up.length) }),
  describe: (c: GateCase) => `H=${c.hPrev.length}, D=${c.x.length}`,
};

export const affineSpec: PairSpec<GateCase> = {
  ...common,
  exercise: 'affine',
  folder: '02-affine',
  forward: 'affine',
  backward: 'affineBackward',
  forwardArgNames: ['W', 'b', 'hPrev', 'x'],
  backwardArgNames: ['W', 'hPrev', 'x', 'dz'],
  forwardArgs: (c) => [c.gate.W, c.gate.b, c.hPrev, c.x],
  referenceForward: (...args) => (reference.affine as (...a: unknown[]) => unknown)(...args),
  backwardArgs: (c) => [c.gate.W, c.hPrev, c.x, c.up],
  slots: (c) => gateCaseSlots(c, 'affine map'),
};

function gateSpec(
  exercise: ExerciseId,
  folder: string,
  forward: string,
  outName: string,
  upName: string,
  gateName: string,
  referenceForward: (gate: Gate, hPrev: Vector, x: Vector) => Vector,
): PairSpec<GateCase> {
  return {
    ...common,
    exercise,
    folder,
    forward,
    backward: `${forward}Backward`,
    forwardArgNames: ['gate', 'hPrev', 'x'],
    backwardArgNames: ['gate', 'hPrev', 'x', outName, upName],
    forwardArgs: (c) => [c.gate, c.hPrev, c.x],
    referenceForward: (g, h, x) => referenceForward(g as Gate, h as Vector, x as Vector),
    backwardArgs: (c, out) => [c.gate, c.hPrev, c.x, out, c.up],
    slots: (c) => gateCaseSlots(c, gateName),
  };
}

export const forgetGateSpec = gateSpec('forget-gate', '03-forget-gate', 'forgetGate', 'f', 'df', 'forget gate', reference.sigmoidGate);
export const inputGateSpec = gateSpec('input-gate', '04-input-gate', 'inputGate', 'i', 'di', 'input gate', reference.sigmoidGate);
export const candidateSpec = gateSpec('candidate', '05-candidate', 'candidate', 'cTilde', 'dcTilde', 'candidate', reference.tanhGate);
export const outputGateSpec = gateSpec('output-gate', '07-output-gate', 'outputGate', 'o', 'do', 'output gate', reference.sigmoidGate);
