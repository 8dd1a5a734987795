/**
 * The grader's own reference forward passes (grader/reference/forward.ts) give exactly what the
 * reference solutions give, bit for bit, on every shape and on extreme values; the solutions in
 * turn match PyTorch (test/golden.test.ts). And the checks never import solutions/, so a student
 * template without it still grades.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extremeValue, gridValue } from '../../grader/checks/arbitraries';
import { PAIR_SPECS } from '../../grader/checks/specs';
import { identical } from '../../grader/engine/tree';
import * as activations from '../../solutions/01-activations/activations';
import * as affine from '../../solutions/02-affine/affine';
import * as forget from '../../solutions/03-forget-gate/forget-gate';
import * as input from '../../solutions/04-input-gate/input-gate';
import * as candidate from '../../solutions/05-candidate/candidate';
import * as cell from '../../solutions/06-cell-state/cell-state';
import * as output from '../../solutions/07-output-gate/output-gate';
import * as lstmCell from '../../solutions/08-lstm-cell/lstm-cell';
import * as sequence from '../../solutions/09-lstm-sequence/lstm-sequence';

const solutions: Record<string, (...args: never[]) => unknown> = {
  ...activations, ...affine, ...forget, ...input, ...candidate, ...cell, ...output, ...lstmCell, ...sequence,
};

describe.each(Object.values(PAIR_SPECS).flatMap((specs) => specs!.map((spec) => [spec.forward, spec] as const)))(
  'reference forward %s',
  (name, spec) => {
    it.each([['grid values', gridValue], ['extreme values', extremeValue]] as const)('equals solutions/ bit for bit on %s', (_label, values) => {
      fc.assert(
        fc.property(spec.arbitrary(values), (c) => {
          const args = spec.forwardArgs(c);
          expect(identical(spec.referenceForward(...args), solutions[name](...(args as never[])))).toBe(true);
        }),
        { numRuns: 200, seed: 7 },
      );
    });
  },
);

describe('the checks', () => {
  it('never import solutions/ (the reference forward is the grader\'s own)', () => {
    const dir = path.resolve(__dirname, '..', '..', 'grader', 'checks');
    const files = [...readdirSync(dir), ...readdirSync(path.join(dir, 'specs')).map((f) => `specs/${f}`)].filter((f) => f.endsWith('.ts'));
    for (const file of files) expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/from '[./]*solutions\//);
  });
});
