/** Answer key of exercise 01: σ' and tanh' from the forward outputs, and their catalogued mistakes. */
import type { Vector } from '../../lib/types';
import type { AnswerKey } from './types';

const sigmoidBackward = (s: Vector, ds: Vector): Vector => ds.map((d, k) => d * s[k] * (1 - s[k]));

export const activationsKey: AnswerKey = {
  backward: {
    sigmoidBackward: () => sigmoidBackward,
    tanhBackward: () => (t: Vector, dt: Vector) => dt.map((d, k) => d * (1 - t[k] * t[k])),
  },
  variants: {
    'sigmoid-derivative-as-sigmoid': { sigmoidBackward: () => (s: Vector, ds: Vector) => ds.map((d, k) => d * s[k]) },
    'sigmoid-backward-treats-s-as-z': {
      sigmoidBackward: () => (s: Vector, ds: Vector) => ds.map((d, k) => d * (1 / (1 + Math.exp(-s[k]))) * (1 - 1 / (1 + Math.exp(-s[k])))),
    },
    'sigmoid-naive-overflow': { sigmoid: () => (z: Vector) => z.map((v) => Math.exp(v) / (1 + Math.exp(v))) },
    'sigmoid-sign-flipped': { sigmoid: () => (z: Vector) => z.map((v) => 1 / (1 + Math.exp(v))) },
    'tanh-naive-exponentials': {
      tanh: () => (z: Vector) => z.map((v) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v))),
    },
    'tanh-derivative-one-minus-tanh': { tanhBackward: () => (t: Vector, dt: Vector) => dt.map((d, k) => d * (1 - t[k])) },
    'tanh-backward-treats-t-as-z': {
      tanhBackward: () => (t: Vector, dt: Vector) => dt.map((d, k) => d * (1 - Math.tanh(t[k]) * Math.tanh(t[k]))),
    },
    'sigmoid-backward-changes-ds': {
      sigmoidBackward: () => (s: Vector, ds: Vector) => {
        const dz = sigmoidBackward(s, ds);
        ds.set(dz);
        return dz;
      },
    },
  },
};
