/** Exercise 04: the input gate i_t = σ(W_i·[h_{t−1}; x_t] + b_i), how much new information to write. */
import type { Gate, Vector } from '../../lib/types';
import { defineCodeExercise } from './define';
import { gateEquations, gatePair } from './gate';

export default defineCodeExercise({
  id: 'input-gate',
  title: 'Input gate',
  folder: '04-input-gate',
  exports: { inputGate: 3, inputGateBackward: 5 },
  dependsOn: ['activations', 'affine'],
  reference: {
    inputGate: (lib) => (gate: Gate, hPrev: Vector, x: Vector) => lib.sigmoid(lib.affine(gate.W, gate.b, hPrev, x)),
  },
  pairs: [gatePair('inputGate', 'i', 'di', 'input gate')],
  equations: gateEquations('input gate', 'i_t', 'i', '\\sigma'),
  mistakes: [
    {
      id: 'input-gate-backward-skips-sigmoid',
      fn: 'inputGateBackward',
      name: 'input-gate backward skips the sigmoid: di passed straight to the affine backward',
      hint: "i = σ(z), so the gradient reaching z is di multiplied by σ'(z). Use the gate output i you were given to compute that factor.",
    },
    {
      id: 'input-gate-tanh',
      fn: 'inputGate',
      name: 'input gate squashed with tanh instead of σ',
      hint:
        'The input gate says how much of the candidate to write, a fraction between 0 and 1. tanh ranges ' +
        'over (−1, 1); which activation stays in (0, 1)?',
    },
  ],
});
