/**
 * The grader's reference library (forward pieces in grader/course/, backward pieces in
 * grader/answer-key/) gives exactly what the teaching solutions give, bit for bit, on every shape
 * and on extreme values; the solutions in turn match PyTorch (test/solutions/golden.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE } from '../../../grader/answer-key';
import { extremeValue, gridValue } from '../../../grader/checks/arbitraries';
import { CODE_EXERCISES, REFERENCE } from '../../../grader/course';
import { identical } from '../../../grader/engine/tree';
import { GRADER_ROOT } from '../../../grader/paths';
import * as activations from '../../../solutions/01-activations/activations';
import * as affine from '../../../solutions/02-affine/affine';
import * as forget from '../../../solutions/03-forget-gate/forget-gate';
import * as input from '../../../solutions/04-input-gate/input-gate';
import * as candidate from '../../../solutions/05-candidate/candidate';
import * as cell from '../../../solutions/06-cell-state/cell-state';
import * as output from '../../../solutions/07-output-gate/output-gate';
import * as lstmCell from '../../../solutions/08-lstm-cell/lstm-cell';
import * as sequence from '../../../solutions/09-lstm-sequence/lstm-sequence';
import * as readout from '../../../solutions/11-readout/readout';

const solutions: Record<string, (...args: never[]) => unknown> = {
  ...activations,
  ...affine,
  ...forget,
  ...input,
  ...candidate,
  ...cell,
  ...output,
  ...lstmCell,
  ...sequence,
  ...readout,
};

const pairs = CODE_EXERCISES.flatMap((e) => e.pairs.map((pair) => [`${pair.forward}/${pair.backward}`, pair] as const));
const values = [
  ['grid values', gridValue],
  ['extreme values', extremeValue],
] as const;

describe.each(pairs)('reference %s', (_name, pair) => {
  it.each(values)('forward and backward equal solutions/ bit for bit on %s', (_label, source) => {
    fc.assert(
      fc.property(pair.arbitrary(source), (c) => {
        const args = pair.forwardArgs(c);
        const forward = REFERENCE[pair.forward](...structuredClone(args));
        expect(identical(forward, solutions[pair.forward](...(structuredClone(args) as never[])))).toBe(true);
        expect(identical(FULL_REFERENCE[pair.forward](...structuredClone(args)), forward)).toBe(true);
        const backwardArgs = pair.backwardArgs(c, forward);
        const backward = FULL_REFERENCE[pair.backward](...structuredClone(backwardArgs));
        expect(identical(backward, solutions[pair.backward](...(structuredClone(backwardArgs) as never[])))).toBe(true);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('the grader', () => {
  it('never imports solutions/ to grade (its reference is its own; benchmarks may time the solutions)', () => {
    const benchmark = /(^|\/)bench\//;
    const files = (readdirSync(path.join(GRADER_ROOT, 'grader'), { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !benchmark.test(f),
    );
    for (const file of files)
      expect(readFileSync(path.join(GRADER_ROOT, 'grader', file), 'utf8'), file).not.toMatch(/from '[./]*solutions\//);
  });
});
