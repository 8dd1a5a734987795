/** Exercise 01: the two squashing functions of an LSTM, σ and tanh, and their derivatives. */
import fc from 'fast-check';
import type { Vector } from '../../lib/types';
import { size, vector } from '../checks/arbitraries';
import { vectorSlot } from '../checks/slots';
import type { PairSpec } from '../checks/types';
import { defineCodeExercise } from './define';

interface ActivationCase {
  z: Vector;
  /** Upstream gradient of the activation's output. */
  up: Vector;
}

function activationPair(forward: 'sigmoid' | 'tanh', outName: 's' | 't'): PairSpec<ActivationCase> {
  return {
    forward,
    backward: `${forward}Backward`,
    outputName: outName,
    upstream: true,
    forwardArgNames: ['z'],
    backwardArgNames: [outName, `d${outName}`],
    arbitrary: (values) => size.chain((n) => fc.record({ z: vector(n, values), up: vector(n, values) })),
    forwardArgs: (c) => [c.z],
    lossTerms: (c) => [{ outputPath: '', upstream: c.up }],
    backwardArgs: (c, out) => [out, c.up],
    slots: (c) => [vectorSlot('', 'dz', c.z)],
    withZeroUpstream: (c) => ({ ...c, up: new Float64Array(c.up.length) }),
    shape: (c) => ({ length: c.z.length }),
  };
}

export default defineCodeExercise({
  id: 'activations',
  title: 'Activations: sigmoid and tanh',
  folder: '01-activations',
  exports: { sigmoid: 1, sigmoidBackward: 2, tanh: 1, tanhBackward: 2 },
  dependsOn: [],
  reference: {
    // e^(−z) overflows for z < −709; for negative z the equal form e^z / (1 + e^z) cannot.
    sigmoid: () => (z: Vector) => z.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))),
    tanh: () => (z: Vector) => z.map(Math.tanh),
  },
  pairs: [activationPair('sigmoid', 's'), activationPair('tanh', 't')],
  equations: {
    forward: [
      { caption: 'the sigmoid, squashing into (0, 1)', tex: '\\sigma(z) = \\frac{1}{1 + e^{-z}}' },
      { caption: 'the hyperbolic tangent, squashing into (−1, 1)', tex: '\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}' },
    ],
    /** @instructorOnly backward equations: the student template ships without them (docs/student-template.md). */
    backward: [
      { caption: 'sigmoid derivative from its output s = σ(z)', tex: '\\delta z = \\delta s \\odot s \\odot (1 - s)' },
      { caption: 'tanh derivative from its output t = tanh(z)', tex: '\\delta z = \\delta t \\odot (1 - t^{2})' },
    ],
  },
  mistakes: [
    {
      id: 'sigmoid-derivative-as-sigmoid',
      fn: 'sigmoidBackward',
      name: 'sigmoid derivative written as σ instead of σ(1 − σ)',
      hint:
        'Differentiate 1/(1 + e^(−z)) once more and write the result in terms of s itself: the derivative ' +
        'is largest at z = 0 and vanishes when the sigmoid saturates near 0 or 1. Does yours?',
    },
    {
      id: 'sigmoid-backward-treats-s-as-z',
      fn: 'sigmoidBackward',
      name: 'sigmoidBackward applies σ again: it treats its input s = σ(z) as if it were z',
      hint:
        "sigmoidBackward receives the forward output s, not the pre-activation z. σ'(z) can be written " +
        'with s alone, so there is no need to call σ again inside the backward pass.',
    },
    {
      id: 'sigmoid-naive-overflow',
      fn: 'sigmoid',
      name: 'sigmoid computed as e^z / (1 + e^z) for every z, which gives NaN for large z',
      hint:
        'For z above about 709, e^z overflows to Infinity and Infinity / Infinity is NaN. Both ' +
        '1/(1 + e^(−z)) and e^z/(1 + e^z) are exact; pick, for each sign of z, the one whose exponential cannot overflow.',
    },
    {
      id: 'sigmoid-sign-flipped',
      fn: 'sigmoid',
      name: 'sigmoid with the sign of the exponent flipped: 1/(1 + e^z), that is σ(−z)',
      hint:
        'Check two values by hand: σ(0) = 0.5 and σ(z) must approach 1 as z grows. A sign slip in the ' +
        'exponent mirrors the curve, so large positive z gives 0 instead of 1.',
    },
    {
      id: 'tanh-naive-exponentials',
      fn: 'tanh',
      name: 'tanh computed from exponentials (e^z − e^(−z)) / (e^z + e^(−z)), which gives NaN for large |z|',
      hint:
        'For |z| above about 710 both exponentials overflow and the quotient becomes Infinity / Infinity = NaN, ' +
        'although tanh is simply ±1 there. Use a formulation that saturates instead of overflowing.',
    },
    {
      id: 'tanh-derivative-one-minus-tanh',
      fn: 'tanhBackward',
      name: "tanh' written as 1 − tanh instead of 1 − tanh²",
      hint:
        'Differentiate sinh/cosh with the quotient rule and express the result with t = tanh(z). The ' +
        'derivative must be even in z (the same for z and −z); is yours?',
    },
    {
      id: 'tanh-backward-treats-t-as-z',
      fn: 'tanhBackward',
      name: 'tanhBackward applies tanh again: it treats its input t = tanh(z) as if it were z',
      hint:
        'tanhBackward receives the forward output t, not z. The derivative of tanh is a simple ' +
        'expression in t itself, so no second call to tanh is needed.',
    },
    {
      id: 'sigmoid-backward-changes-ds',
      fn: 'sigmoidBackward',
      name: 'sigmoidBackward scales its upstream gradient ds in place',
      hint:
        'The caller still owns ds after the call (an LSTM cell reuses its gradients). A backward function ' +
        'must return a new array and leave every argument exactly as it received it.',
    },
  ],
});
