/** Exercise 05: the candidate C̃_t = tanh(W_C·[h_{t−1}; x_t] + b_C), the new information itself. */
import type { Gate, Vector } from '../../lib/types';
import { defineCodeExercise } from './define';
import { gateEquations, gatePair } from './gate';

export default defineCodeExercise({
  id: 'candidate',
  title: 'Candidate memory',
  folder: '05-candidate',
  exports: { candidate: 3, candidateBackward: 5 },
  dependsOn: ['activations', 'affine'],
  reference: {
    candidate: (lib) => (gate: Gate, hPrev: Vector, x: Vector) => lib.tanh(lib.affine(gate.W, gate.b, hPrev, x)),
  },
  pairs: [gatePair('candidate', 'cTilde', 'dcTilde', 'candidate')],
  equations: gateEquations('candidate memory', '\\tilde{C}_t', 'C', '\\tanh'),
  mistakes: [
    {
      id: 'candidate-sigmoid',
      fn: 'candidate',
      name: 'candidate squashed with σ instead of tanh',
      hint:
        'The candidate is new information, which must be able to lower the memory as well as raise it. ' +
        'σ only gives values in (0, 1); which activation is centred on zero?',
    },
    {
      id: 'candidate-backward-sigmoid-derivative',
      fn: 'candidateBackward',
      name: "candidate backward uses the sigmoid's derivative instead of tanh's",
      hint: "The candidate goes through tanh, not σ. Its derivative in terms of the output C̃ is a different expression from the gates' one.",
    },
    {
      id: 'candidate-backward-skips-tanh',
      fn: 'candidateBackward',
      name: 'candidate backward skips tanh: dC̃ passed straight to the affine backward',
      hint: "C̃ = tanh(z), so the gradient reaching z carries one more factor, tanh'(z), written with C̃.",
    },
  ],
});
