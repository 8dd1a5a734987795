/** Answer key of exercise 07: the output gate (see gates.ts) and h = o ⊙ tanh(C), with their catalogued mistakes. */
import type { Vector } from '../../lib/types';
import type { Library } from '../reference/library';
import { outputGateKey } from './gates';
import type { AnswerKey } from './types';

function hiddenStateBackward(lib: Library) {
  return (o: Vector, c: Vector, dh: Vector) => {
    const tc = lib.tanh(c) as Vector;
    return { do: dh.map((d, k) => d * tc[k]), dc: dh.map((d, k) => d * o[k] * (1 - tc[k] * tc[k])) };
  };
}

export const outputGateExerciseKey: AnswerKey = {
  backward: { ...outputGateKey.backward, hiddenStateBackward },
  variants: {
    ...outputGateKey.variants,
    'hidden-state-without-tanh': {
      hiddenState: () => (o: Vector, c: Vector) => o.map((ok, k) => ok * c[k]),
      hiddenStateBackward: () => (o: Vector, c: Vector, dh: Vector) => ({ do: dh.map((d, k) => d * c[k]), dc: dh.map((d, k) => d * o[k]) }),
    },
    'hidden-state-backward-missing-tanh-derivative': {
      hiddenStateBackward: (lib: Library) => (o: Vector, c: Vector, dh: Vector) => ({
        ...hiddenStateBackward(lib)(o, c, dh),
        dc: dh.map((d, k) => d * o[k]),
      }),
    },
    'hidden-state-backward-do-uses-c': {
      hiddenStateBackward: (lib: Library) => (o: Vector, c: Vector, dh: Vector) => ({
        ...hiddenStateBackward(lib)(o, c, dh),
        do: dh.map((d, k) => d * c[k]),
      }),
    },
  },
};
