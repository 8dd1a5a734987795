/** Checks for exercise 01: sigmoid and tanh, each with its backward. */
import fc from 'fast-check';
import * as reference from '../../reference/forward';
import type { Vector } from '../../../lib/types';
import { size, vector } from '../arbitraries';
import type { PairSpec } from '../types';

interface ActivationCase {
  z: Vector;
  /** Upstream gradient of the activation's output. */
  up: Vector;
}

function activationSpec(forward: 'sigmoid' | 'tanh', outName: 's' | 't'): PairSpec<ActivationCase> {
  return {
    exercise: 'activations',
    folder: '01-activations',
    forward,
    backward: `${forward}Backward`,
    forwardArgNames: ['z'],
    backwardArgNames: [outName, `d${outName}`],
    arbitrary: (values) =>
      size.chain((n) => fc.record({ z: vector(n, values), up: vector(n, values) })),
    forwardArgs: (c) => [c.z],
    referenceForward: (z) => reference[forward](z as Vector),
    lossTerms: (c) => [{ outputPath: '', upstream: c.up }],
    backwardArgs: (c, out) => [out, c.up],
    slots: (c) => [{ gradientPath: '', label: 'dz', input: c.z, rows: 1, cols: c.z.length, isMatrix: false }],
    withZeroUpstream: (c) => ({ ...c, up: new Float64Array(c.up.length) }),
    describe: (c) => `length ${c.z.length}`,
  };
}

export const activationSpecs = [activationSpec('sigmoid', 's'), activationSpec('tanh', 't')];
