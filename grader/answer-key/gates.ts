/**
 * Answer keys of the four gates (exercises 03, 04, 05 and the output gate of 07): the chain rule
 * through the activation, using the gate's output, then through the affine map; and the mistakes
 * every gate can have (the wrong activation, its derivative skipped or swapped).
 */
import type { Gate, Vector } from '../../lib/types';
import type { Library, Pieces } from '../reference/library';

type Activation = 'sigmoid' | 'tanh';
const other = (activation: Activation): Activation => (activation === 'sigmoid' ? 'tanh' : 'sigmoid');

/** `${fn}Backward` for a gate fn = activation(affine(...)), with `derivative` the backward of the activation used. */
export function gateBackward(fn: string, derivative: Activation | 'none'): Pieces {
  return {
    [`${fn}Backward`]: (lib: Library) => (gate: Gate, hPrev: Vector, x: Vector, out: Vector, dOut: Vector) =>
      lib.affineBackward(gate.W, hPrev, x, derivative === 'none' ? dOut : lib[`${derivative}Backward`](out, dOut)),
  };
}

/** The gate squashed with `activation` instead of its own. */
export function gateForward(fn: string, activation: Activation): Pieces {
  return { [fn]: (lib: Library) => (gate: Gate, hPrev: Vector, x: Vector) => lib[activation](lib.affine(gate.W, gate.b, hPrev, x)) };
}

/** The reference backward of a gate and the variants its catalogued mistakes name, by mistake id. */
export function gateKey(
  fn: string,
  activation: Activation,
  mistakes: { wrongActivation?: string; skipsDerivative?: string; wrongDerivative?: string },
) {
  const variants: Record<string, Pieces> = {};
  if (mistakes.wrongActivation) variants[mistakes.wrongActivation] = gateForward(fn, other(activation));
  if (mistakes.skipsDerivative) variants[mistakes.skipsDerivative] = gateBackward(fn, 'none');
  if (mistakes.wrongDerivative) variants[mistakes.wrongDerivative] = gateBackward(fn, other(activation));
  return { backward: gateBackward(fn, activation), variants };
}

export const forgetGateKey = gateKey('forgetGate', 'sigmoid', {
  wrongActivation: 'forget-gate-tanh',
  skipsDerivative: 'forget-gate-backward-skips-sigmoid',
  wrongDerivative: 'forget-gate-backward-tanh-derivative',
});

export const inputGateKey = gateKey('inputGate', 'sigmoid', {
  wrongActivation: 'input-gate-tanh',
  skipsDerivative: 'input-gate-backward-skips-sigmoid',
});

export const candidateKey = gateKey('candidate', 'tanh', {
  wrongActivation: 'candidate-sigmoid',
  skipsDerivative: 'candidate-backward-skips-tanh',
  wrongDerivative: 'candidate-backward-sigmoid-derivative',
});

export const outputGateKey = gateKey('outputGate', 'sigmoid', {
  wrongActivation: 'output-gate-tanh',
  skipsDerivative: 'output-gate-backward-skips-sigmoid',
});
