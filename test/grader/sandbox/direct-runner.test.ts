/**
 * The direct runner (trusted trees, in-process) words faults like the sandbox and hands back
 * clones, so checks written against it behave the same on submissions.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';
import { SOLUTIONS_DIR } from '../../fixtures/hostile-cases';
import { HEALTH_PROBES, referenceCellState } from '../../helpers/sandbox';

let root: string;
let tree: string;
afterAll(async () => {
  if (root) await fsp.rm(root, { recursive: true, force: true });
});

/** A copy of solutions/ with cellState replaced, next to a copy of lib/ (exercise files import `../../lib/…`). */
async function treeWithCellState(body: string, header = ''): Promise<string> {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-direct-'));
  await fsp.cp(path.join(SOLUTIONS_DIR, '..', 'lib'), path.join(root, 'lib'), { recursive: true });
  tree = path.join(root, 'tree');
  await fsp.cp(SOLUTIONS_DIR, tree, { recursive: true });
  const file = path.join(tree, '06-cell-state', 'cell-state.ts');
  const original = (await fsp.readFile(file, 'utf8')).replace('export function cellState(', 'function referenceCellState(');
  await fsp.writeFile(
    file,
    `${header}${original}\nexport function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): any {\n${body}\n}\n` +
      'export function asyncCellState(): Promise<number> { return Promise.resolve(1); }\n' +
      "export function stub(): never { throw new NotImplementedError('stub'); }\n" +
      'export function throwsNumber(): never { throw 42; }\n' +
      'export const notAFunction = 3;\n',
  );
  return tree;
}

describe('createDirectRunner', () => {
  it('returns clones of the value and of the arguments after the call', async () => {
    const runner = createDirectRunner(
      await treeWithCellState(
        '  const c = referenceCellState(f, cPrev, i, cTilde);\n  f.fill(0);\n  return c;',
        "import { NotImplementedError } from '../../lib/not-implemented';\n",
      ),
    );
    const args = HEALTH_PROBES['06-cell-state'].args();
    const outcome = await runner.call('06-cell-state', 'cellState', args);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value).toEqual(referenceCellState(HEALTH_PROBES['06-cell-state'].args()));
    expect(Array.from(outcome.argsAfter[0] as Float64Array)).toEqual([0, 0]);
    expect(outcome.argsAfter[0]).not.toBe(args[0]);
    expect(runner.output('06-cell-state')).toBe('');
    await runner.close();
  });

  it("maps not-implemented, throws, Promises and missing exports to the sandbox's faults", async () => {
    const runner = createDirectRunner(tree);
    const fault = async (fn: string) => {
      const outcome = await runner.call('06-cell-state', fn, []);
      return outcome.ok ? undefined : outcome.fault;
    };
    expect(await fault('stub')).toMatchObject({ kind: 'not-implemented', message: expect.stringMatching(/^stub is not implemented yet/) });
    expect(await fault('throwsNumber')).toMatchObject({
      kind: 'threw',
      message: expect.stringMatching(/^throwsNumber threw 42, which is not an Error/),
    });
    expect(await fault('asyncCellState')).toMatchObject({
      kind: 'invalid-result',
      message: expect.stringMatching(/returned a Promise: the functions must be synchronous/),
    });
    expect(await fault('notAFunction')).toMatchObject({
      kind: 'missing-export',
      message: '06-cell-state/cell-state.ts exports notAFunction as a number, not a function.',
    });
    expect(await fault('absent')).toMatchObject({
      kind: 'missing-export',
      message: expect.stringMatching(/does not export a function absent/),
    });
    await expect(runner.call('nope', 'x', [])).rejects.toThrow(/call: argument folder/);
    expect(() => createDirectRunner('/nonexistent/tree')).toThrow(/createDirectRunner: argument treeDir/);
  });

  it('reports a missing exercise file as a load error', async () => {
    await fsp.rm(path.join(tree, '02-affine', 'affine.ts'));
    const runner = createDirectRunner(tree);
    const outcome = await runner.call('02-affine', 'affine', []);
    expect(outcome.ok === false && outcome.fault.kind).toBe('load-error');
  });
});
