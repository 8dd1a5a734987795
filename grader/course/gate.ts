/**
 * What the affine map (02) and the four gates (03, 04, 05, 07) share: a case of weights, hPrev,
 * x and an upstream gradient; its differentiable inputs; and the equations of a gate
 * g = act(W·[h; x] + b) with its backward pass.
 */
import fc from 'fast-check';
import type { Gate, Vector } from '../../lib/types';
import { gate, size, vector } from '../checks/arbitraries';
import { gateSlots, vectorSlot } from '../checks/slots';
import type { PairSpec, Slot } from '../checks/types';
import type { Equations } from './types';

export interface GateCase {
  gate: Gate;
  hPrev: Vector;
  x: Vector;
  up: Vector;
}

const gateCase = (values: fc.Arbitrary<number>): fc.Arbitrary<GateCase> =>
  fc
    .record({ H: size, D: size })
    .chain(({ H, D }) => fc.record({ gate: gate(H, D, values), hPrev: vector(H, values), x: vector(D, values), up: vector(H, values) }));

function gateCaseSlots(c: GateCase, gateName: string): Slot[] {
  return [...gateSlots(c.gate, gateName), vectorSlot('dhPrev', 'dhPrev', c.hPrev), vectorSlot('dx', 'dx', c.x)];
}

const common = {
  arbitrary: gateCase,
  lossTerms: (c: GateCase) => [{ outputPath: '', upstream: c.up }],
  withZeroUpstream: (c: GateCase) => ({ ...c, up: new Float64Array(c.up.length) }),
  shape: (c: GateCase) => ({ H: c.hPrev.length, D: c.x.length }),
};

/** affine(W, b, hPrev, x) and affineBackward(W, hPrev, x, dz). */
export const affinePair: PairSpec<GateCase> = {
  ...common,
  forward: 'affine',
  backward: 'affineBackward',
  outputName: 'z',
  upstream: true,
  forwardArgNames: ['W', 'b', 'hPrev', 'x'],
  backwardArgNames: ['W', 'hPrev', 'x', 'dz'],
  forwardArgs: (c) => [c.gate.W, c.gate.b, c.hPrev, c.x],
  backwardArgs: (c) => [c.gate.W, c.hPrev, c.x, c.up],
  slots: (c) => gateCaseSlots(c, 'affine map'),
};

/** gate(gate, hPrev, x) → out and gateBackward(gate, hPrev, x, out, dOut), e.g. forgetGate and forgetGateBackward. */
export function gatePair(forward: string, outName: string, upName: string, gateName: string): PairSpec<GateCase> {
  return {
    ...common,
    forward,
    backward: `${forward}Backward`,
    outputName: outName,
    upstream: true,
    forwardArgNames: ['gate', 'hPrev', 'x'],
    backwardArgNames: ['gate', 'hPrev', 'x', outName, upName],
    forwardArgs: (c) => [c.gate, c.hPrev, c.x],
    backwardArgs: (c, out) => [c.gate, c.hPrev, c.x, out, c.up],
    slots: (c) => gateCaseSlots(c, gateName),
  };
}

export const HX = '[h_{t-1};\\, x_t]';

/** The equations of a gate symbol = act(W_sub·[h; x] + b_sub) and of its backward pass. */
export function gateEquations(name: string, symbol: string, sub: string, activation: '\\sigma' | '\\tanh'): Equations {
  const local = activation === '\\sigma' ? `${symbol} \\odot (1 - ${symbol})` : `(1 - ${symbol}^{2})`;
  return {
    forward: [{ caption: `the ${name}`, tex: `${symbol} = ${activation}\\!\\left(W_${sub}\\, ${HX} + b_${sub}\\right)` }],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: `through the ${activation === '\\sigma' ? 'sigmoid' : 'tanh'}, using its output`,
        tex: `\\delta z_${sub} = \\delta ${symbol} \\odot ${local}`,
      },
      {
        caption: 'weights and bias',
        tex: `\\delta W_${sub} = \\delta z_${sub}\\, ${HX}^{\\top}, \\qquad \\delta b_${sub} = \\delta z_${sub}`,
      },
      {
        caption: 'inputs: the first H rows of the result belong to h, the rest to x',
        tex: `[\\delta h_{t-1};\\, \\delta x_t] = W_${sub}^{\\top}\\, \\delta z_${sub}`,
      },
    ],
  };
}
