/**
 * Both Runners report the arrays of a result that share memory with an argument (for backward
 * passes) or with an earlier answer of the same function, and nothing for fresh arrays or for a
 * forward's cache that keeps its arguments (CallOutcome.shared).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../grader/course';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import type { CallOutcome, Runner } from '../../../grader/sandbox/types';
import { SOLUTIONS_DIR } from '../../fixtures/hostile-cases';
import { buildMistakeSubmission } from '../../fixtures/mistake-patches';
import { exerciseArgs } from '../../helpers/exercise-args';

const CASES = path.join(__dirname, '..', '..', 'fixtures', 'independent-mistakes', 'cases');

let root: string;
let submission: string;
let sandbox: Runner;
/** The reference solutions, untouched (the submission above changes functions that later exercises call). */
let referenceSandbox: Runner;

/**
 * The reference with: affineBackward returning `db: dz` (independent case affine-db-aliases-dz),
 * inputGate returning one module-level buffer (ig-forward-module-buffer), cellState building c in
 * cPrev and returning it (cs-forward-writes-into-cprev: a forward, so not reported), sigmoidBackward
 * returning its argument ds and tanhBackward returning a view of its argument dt.
 */
beforeAll(async () => {
  submission = buildMistakeSubmission(null);
  root = path.dirname(submission);
  for (const id of ['affine-db-aliases-dz', 'ig-forward-module-buffer', 'cs-forward-writes-into-cprev']) {
    cpSync(path.join(CASES, id), submission, { recursive: true });
  }
  const activations = path.join(submission, '01-activations', 'activations.ts');
  const source = readFileSync(activations, 'utf8')
    .replace('export function sigmoidBackward(', 'function referenceSigmoidBackward(')
    .replace('export function tanhBackward(', 'function referenceTanhBackward(');
  writeFileSync(
    activations,
    `${source}
export function sigmoidBackward(s: Vector, ds: Vector): Vector {
  ds.set(referenceSigmoidBackward(s, ds));
  return ds;
}
export function tanhBackward(t: Vector, dt: Vector): Vector {
  dt.set(referenceTanhBackward(t, dt));
  return dt.subarray(0);
}
`,
  );
  [sandbox, referenceSandbox] = await Promise.all([
    openSandbox({ submissionDir: submission }),
    openSandbox({ submissionDir: SOLUTIONS_DIR }),
  ]);
});

afterAll(async () => {
  await Promise.all([sandbox?.close(), referenceSandbox?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

const sharedOf = (outcome: CallOutcome) => {
  if (!outcome.ok) throw new Error(`the call failed: ${outcome.fault.message}`);
  return outcome.shared;
};

const runners: [string, () => Runner, () => Runner][] = [
  ['the sandbox', () => sandbox, () => referenceSandbox],
  ['the direct runner', () => createDirectRunner(submission), () => createDirectRunner(SOLUTIONS_DIR)],
];

for (const [name, runnerOf, referenceOf] of runners) {
  describe(`${name} reports shared memory`, () => {
    it('for a backward that returns its argument itself, as a field or as the result', async () => {
      const runner = runnerOf();
      expect(sharedOf(await runner.call('02-affine', 'affineBackward', exerciseArgs('affineBackward', 1, 3, 2, 1)))).toEqual([
        { resultPath: 'db', same: true, with: { argument: '[3]' } },
      ]);
      expect(sharedOf(await runner.call('01-activations', 'sigmoidBackward', exerciseArgs('sigmoidBackward', 2, 3, 2, 1)))).toEqual([
        { resultPath: '', same: true, with: { argument: '[1]' } },
      ]);
    });

    it('for a backward that returns a view of its argument (dt.subarray(0))', async () => {
      const runner = runnerOf();
      expect(sharedOf(await runner.call('01-activations', 'tanhBackward', exerciseArgs('tanhBackward', 3, 4, 2, 1)))).toEqual([
        { resultPath: '', same: false, with: { argument: '[1]' } },
      ]);
    });

    it('for a function that returns the same module-level buffer from every call, in one callMany and across requests', async () => {
      const runner = runnerOf();
      const args = exerciseArgs('inputGate', 4, 3, 2, 1);
      // The sandbox runs a function's first call alone: the first two calls go in two requests.
      const outcomes = await runner.callMany('04-input-gate', 'inputGate', [args, args, exerciseArgs('inputGate', 5, 3, 2, 1)]);
      expect(outcomes.map(sharedOf)).toEqual([
        undefined,
        [{ resultPath: '', same: true, with: { earlierCall: 1 } }],
        [{ resultPath: '', same: true, with: { earlierCall: 1 } }],
      ]);
      expect(sharedOf(await runner.call('04-input-gate', 'inputGate', args))).toEqual([
        { resultPath: '', same: true, with: { earlierCall: 1 } },
      ]);
    });

    it('for nothing else: fresh arrays, and forward results that keep or are their arguments', async () => {
      // cellState writes c into cPrev and returns it: a changed argument (another check's business), not shared memory.
      const cellArgs = exerciseArgs('cellState', 6, 3, 2, 1);
      expect((await runnerOf().callMany('06-cell-state', 'cellState', [cellArgs, cellArgs])).map(sharedOf)).toEqual([undefined, undefined]);
      const runner = referenceOf();
      for (const exercise of CODE_EXERCISES) {
        for (const fn of Object.keys(exercise.exports)) {
          // Twice with the very same argument objects: the direct runner hands them to the function
          // as they are, so lstmCellForward's cache holds the same hPrev, x and cPrev both times.
          const args = exerciseArgs(fn, 7, 3, 2, 4);
          const outcomes = await runner.callMany(exercise.folder, fn, [args, args, exerciseArgs(fn, 8, 2, 3, 3)]);
          expect(outcomes.map(sharedOf), fn).toEqual([undefined, undefined, undefined]);
        }
      }
    });
  });
}
