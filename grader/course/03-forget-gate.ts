/** Exercise 03: the forget gate f_t = σ(W_f·[h_{t−1}; x_t] + b_f), what to throw away from the memory. */
import type { Gate, Vector } from '../../lib/types';
import { defineCodeExercise } from './define';
import { gateEquations, gatePair } from './gate';

export default defineCodeExercise({
  id: 'forget-gate',
  title: 'Forget gate',
  folder: '03-forget-gate',
  exports: { forgetGate: 3, forgetGateBackward: 5 },
  dependsOn: ['activations', 'affine'],
  reference: {
    forgetGate: (lib) => (gate: Gate, hPrev: Vector, x: Vector) => lib.sigmoid(lib.affine(gate.W, gate.b, hPrev, x)),
  },
  pairs: [gatePair('forgetGate', 'f', 'df', 'forget gate')],
  equations: gateEquations('forget gate', 'f_t', 'f', '\\sigma'),
  mistakes: [
    {
      id: 'forget-gate-tanh',
      fn: 'forgetGate',
      name: 'forget gate squashed with tanh instead of σ',
      hint:
        'A gate is a fraction between 0 (erase) and 1 (keep) that multiplies the memory. Which activation ' +
        'has exactly that range? tanh can go negative and flip the sign of the memory.',
    },
    {
      id: 'forget-gate-backward-skips-sigmoid',
      fn: 'forgetGateBackward',
      name: 'forget-gate backward skips the sigmoid: df passed straight to the affine backward',
      hint:
        "f = σ(z), so the gradient reaching z is df multiplied by σ'(z). The chain rule has one factor per " +
        'function the value went through; count them.',
    },
    {
      id: 'forget-gate-backward-tanh-derivative',
      fn: 'forgetGateBackward',
      name: "forget-gate backward uses tanh's derivative instead of the sigmoid's",
      hint: "The forward pass uses σ, so the backward pass must use σ'. Match each backward step to the forward step it undoes.",
    },
  ],
});
