/** Exercise 07: the output gate o_t = σ(W_o·[h_{t−1}; x_t] + b_o) and the hidden state h_t = o_t ⊙ tanh(C_t). */
import fc from 'fast-check';
import type { Gate, Vector } from '../../lib/types';
import { size, vector } from '../checks/arbitraries';
import { vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { defineCodeExercise } from './define';
import { gateEquations, gatePair } from './gate';

interface HiddenCase {
  o: Vector;
  c: Vector;
  dh: Vector;
}

const hiddenStatePair: PairSpec<HiddenCase> = {
  forward: 'hiddenState',
  backward: 'hiddenStateBackward',
  outputName: 'h',
  upstream: true,
  forwardArgNames: ['o', 'c'],
  backwardArgNames: ['o', 'c', 'dh'],
  arbitrary: (values) => size.chain((H) => fc.record({ o: vector(H, values), c: vector(H, values), dh: vector(H, values) })),
  forwardArgs: (k) => [k.o, k.c],
  lossTerms: (k) => [{ outputPath: '', upstream: k.dh }],
  backwardArgs: (k) => [k.o, k.c, k.dh],
  slots: (k) => [vectorSlot('do', 'do', k.o), vectorSlot('dc', 'dc', k.c)],
  withZeroUpstream: (k) => ({ ...k, dh: new Float64Array(k.dh.length) }),
  shape: (k) => ({ H: k.o.length }),
};

export const HIDDEN_EQUATION = { caption: 'the hidden state (the output)', tex: 'h_t = o_t \\odot \\tanh(C_t)' };
const output = gateEquations('output gate', 'o_t', 'o', '\\sigma');

export default defineCodeExercise({
  id: 'output-gate',
  title: 'Output gate and hidden state',
  folder: '07-output-gate',
  exports: { outputGate: 3, outputGateBackward: 5, hiddenState: 2, hiddenStateBackward: 3 },
  dependsOn: ['activations', 'affine'],
  reference: {
    outputGate: (lib) => (gate: Gate, hPrev: Vector, x: Vector) => lib.sigmoid(lib.affine(gate.W, gate.b, hPrev, x)),
    hiddenState: (lib) => (o: Vector, c: Vector) => {
      const tc = lib.tanh(c) as Vector;
      return o.map((ok, k) => ok * tc[k]);
    },
  },
  pairs: [gatePair('outputGate', 'o', 'dOut', 'output gate'), hiddenStatePair],
  equations: {
    forward: [...output.forward, HIDDEN_EQUATION],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      {
        caption: 'through h = o ⊙ tanh(C)',
        tex: '\\delta o_t = \\delta h_t \\odot \\tanh(C_t), \\qquad \\delta C_t = \\delta h_t \\odot o_t \\odot \\left(1 - \\tanh^{2}(C_t)\\right)',
      },
      ...output.backward,
    ],
  },
  mistakes: [
    {
      id: 'hidden-state-without-tanh',
      fn: 'hiddenState',
      name: 'h = o ⊙ C without the tanh',
      hint:
        'The cell state is unbounded; the hidden state is squashed back into (−1, 1) before the output ' +
        'gate scales it. Look at the last row of the equation table again.',
    },
    {
      id: 'hidden-state-backward-missing-tanh-derivative',
      fn: 'hiddenStateBackward',
      name: "hiddenStateBackward leaves out tanh'(C) in dC",
      hint: 'h = o ⊙ tanh(C): on its way to C the gradient passes the tanh, so it picks up the factor 1 − tanh²(C) as well as o.',
    },
    {
      id: 'hidden-state-backward-do-uses-c',
      fn: 'hiddenStateBackward',
      name: '∂h/∂o taken as C instead of tanh(C)',
      hint: 'In h = o ⊙ tanh(C), o multiplies tanh(C), not C; the gradient of o is dh times that other factor.',
    },
    {
      id: 'output-gate-tanh',
      fn: 'outputGate',
      name: 'output gate squashed with tanh instead of σ',
      hint:
        'The output gate decides which fraction of the memory to show: a value between 0 and 1, like every ' +
        'gate. Which activation has that range?',
    },
    {
      id: 'output-gate-backward-skips-sigmoid',
      fn: 'outputGateBackward',
      name: 'output-gate backward skips the sigmoid: do passed straight to the affine backward',
      hint: "o = σ(z), so the gradient reaching z is do multiplied by σ'(z), written with the output o.",
    },
  ],
});
