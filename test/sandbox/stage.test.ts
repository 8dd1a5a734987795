/**
 * Staging takes only the exercise .ts files of a submission, puts the grader's own lib/ next to
 * them, and keeps the way back from staged lines to the student's lines.
 */
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSandbox } from '../../grader/sandbox/sandbox';
import { GRADER_ROOT, stageSubmission } from '../../grader/sandbox/stage';
import { transpileTypeScript } from '../../grader/sandbox/transpile';
import { SOLUTIONS_DIR } from './hostile-cases';
import { HEALTH_PROBES } from './helpers';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fsp.rm(dir, { recursive: true, force: true })));
});

async function submissionWith(files: Record<string, string | null>): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-stage-test-'));
  made.push(dir);
  await fsp.cp(SOLUTIONS_DIR, dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    if (content === null) {
      await fsp.rm(full, { force: true });
      continue;
    }
    await fsp.mkdir(path.dirname(full), { recursive: true });
    await fsp.writeFile(full, content);
  }
  return dir;
}

const FORGET_GATE = '03-forget-gate/forget-gate.ts';

describe('stageSubmission', () => {
  it('takes only exercise files: the submission\'s lib/, package.json, node_modules and other folders are ignored', async () => {
    const dir = await submissionWith({
      'lib/linalg.ts': 'export function assertGate() { /* forged: accepts anything */ }\n',
      'package.json': '{ "name": "forged" }',
      'node_modules/evil/index.ts': 'export const x = 1;\n',
      'solutions/03-forget-gate/forget-gate.ts': 'export const x = 1;\n',
      'extra/evil.ts': 'export const x = 1;\n',
      '03-forget-gate/helpers/squash.ts': 'export const squash = (v: number): number => v;\n',
      '03-forget-gate/node_modules/evil.ts': 'export const x = 1;\n',
    });
    const workspace = await stageSubmission(dir);
    try {
      const stagedLib = await fsp.readFile(path.join(workspace.root, 'lib', 'linalg.js'), 'utf8');
      const graderLib = transpileTypeScript(await fsp.readFile(path.join(GRADER_ROOT, 'lib', 'linalg.ts'), 'utf8'), 'linalg.ts').js;
      expect(stagedLib).toBe(graderLib);
      for (const absent of ['package.json', 'node_modules', 'solutions', 'extra', 'exercises/03-forget-gate/node_modules']) {
        expect(existsSync(path.join(workspace.root, absent)), absent).toBe(false);
      }
      expect(existsSync(path.join(workspace.root, 'exercises', '03-forget-gate', 'helpers', 'squash.js'))).toBe(true);
      // Only JavaScript is staged: no .ts source reaches the sandbox.
      const listing = await fsp.readdir(path.join(workspace.root, 'exercises', '03-forget-gate'), { recursive: true });
      expect(listing.filter((name) => String(name).endsWith('.ts'))).toEqual([]);
      expect(workspace.loadErrors.size).toBe(0);
      expect(workspace.mainFiles.get('03-forget-gate')).toBe(path.join(workspace.root, 'exercises', '03-forget-gate', 'forget-gate.js'));
    } finally {
      await workspace.dispose();
      await workspace.dispose();
    }
    expect(existsSync(workspace.root)).toBe(false);
  });

  it('reports a syntax error with the file and line, and a missing file by its path', async () => {
    const source = await fsp.readFile(path.join(SOLUTIONS_DIR, FORGET_GATE), 'utf8');
    const lines = source.split('\n');
    const broken = lines.findIndex((line) => line.includes('return sigmoid('));
    lines[broken] = lines[broken].replace('return sigmoid(', 'return sigmoid((');
    const dir = await submissionWith({ [FORGET_GATE]: lines.join('\n'), '06-cell-state/cell-state.ts': null });
    const workspace = await stageSubmission(dir);
    try {
      const syntax = workspace.loadErrors.get('03-forget-gate');
      expect(syntax).toMatchObject({ kind: 'load-error', file: FORGET_GATE, line: broken + 1 });
      expect(syntax?.message).toMatch(new RegExp(`^03-forget-gate/forget-gate\\.ts: line ${broken + 1}: '\\)' expected`));
      const missing = workspace.loadErrors.get('06-cell-state');
      expect(missing).toMatchObject({ kind: 'load-error', file: '06-cell-state/cell-state.ts' });
      expect(missing?.message).toMatch(/06-cell-state\/cell-state\.ts is missing/);
    } finally {
      await workspace.dispose();
    }
  });

  it('stages into a given empty folder and refuses one that is not empty', async () => {
    const target = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-stage-target-'));
    made.push(target);
    const workspace = await stageSubmission(SOLUTIONS_DIR, target);
    expect(workspace.root).toBe(await fsp.realpath(target));
    await expect(stageSubmission(SOLUTIONS_DIR, target)).rejects.toThrow(/stageSubmission: argument workspaceDir must be an empty folder/);
    await workspace.dispose();
    await expect(stageSubmission('')).rejects.toThrow(/stageSubmission: argument submissionDir/);
  });

  it('maps a stack trace from a helper file back to the student\'s file and line', async () => {
    const helper = [
      '// A helper the student split out of forget-gate.ts.',
      'import type { Vector } from \'../../../lib/types\';',
      '',
      'interface Unused { a: number }',
      '',
      'export function check(v: Vector): void {',
      '  if (v.length > 0) throw new RangeError(\'helper refuses\');',
      '}',
    ].join('\n');
    const source = (await fsp.readFile(path.join(SOLUTIONS_DIR, FORGET_GATE), 'utf8'))
      .replace("import { affine, affineBackward } from '../02-affine/affine';",
        "import { affine, affineBackward } from '../02-affine/affine';\nimport { check } from './helpers/check';")
      .replace('return sigmoid(affine(', 'check(x);\n  return sigmoid(affine(');
    const dir = await submissionWith({ [FORGET_GATE]: source, '03-forget-gate/helpers/check.ts': helper });
    const runner = await openSandbox({ submissionDir: dir });
    try {
      const probe = HEALTH_PROBES['03-forget-gate'];
      const outcome = await runner.call('03-forget-gate', probe.fn, probe.args());
      expect(outcome).toEqual({
        ok: false,
        fault: {
          kind: 'threw',
          message: 'forgetGate threw RangeError: helper refuses (03-forget-gate/helpers/check.ts, line 7).',
          file: '03-forget-gate/helpers/check.ts',
          line: 7,
        },
      });
    } finally {
      await runner.close();
    }
  });

  it('stages a trusted task module at the same place relative to lib/', async () => {
    const workspace = await stageSubmission(SOLUTIONS_DIR);
    try {
      const task = path.join(GRADER_ROOT, 'grader', 'sandbox', 'probe', 'probe-task.ts');
      const staged = await workspace.stageTask(task);
      expect(staged).toBe(path.join(workspace.root, 'grader', 'sandbox', 'probe', 'probe-task.js'));
      expect(existsSync(staged)).toBe(true);
      await expect(workspace.stageTask(path.join(SOLUTIONS_DIR, FORGET_GATE))).rejects.toThrow(/runTask: argument taskModule/);
    } finally {
      await workspace.dispose();
    }
  });
});
