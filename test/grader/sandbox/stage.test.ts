/**
 * Staging takes only the exercise files the sandbox runs, puts the grader's own lib/ next to
 * them, survives any source file, and keeps the way back from staged lines to the student's lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import { GRADER_ROOT } from '../../../grader/paths';
import { stageSubmission } from '../../../grader/sandbox/stage';
import { transpileTrusted } from '../../../grader/sandbox/trusted-transpile';
import { SOLUTIONS_DIR } from '../../fixtures/hostile-cases';
import { HEALTH_PROBES } from '../../helpers/sandbox';

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
  it('takes only the exercise files the sandbox runs: each main file and what it imports; lib/, package.json, node_modules and other folders are ignored', async () => {
    const forgetGate = (await fsp.readFile(path.join(SOLUTIONS_DIR, FORGET_GATE), 'utf8')).replace(
      "import { affine, affineBackward } from '../02-affine/affine';",
      "import { affine, affineBackward } from '../02-affine/affine';\nimport { squash } from './helpers/squash';\nvoid squash;",
    );
    const dir = await submissionWith({
      'lib/linalg.ts': 'export function assertGate() { /* forged: accepts anything */ }\n',
      'package.json': '{ "name": "forged" }',
      'node_modules/evil/index.ts': 'export const x = 1;\n',
      'solutions/03-forget-gate/forget-gate.ts': 'export const x = 1;\n',
      'extra/evil.ts': 'export const x = 1;\n',
      [FORGET_GATE]: forgetGate,
      '03-forget-gate/helpers/squash.ts': 'export const squash = (v: number): number => v;\n',
      '03-forget-gate/unused.ts': 'export const unused = (;\n',
      '03-forget-gate/node_modules/evil.ts': 'export const x = 1;\n',
    });
    const workspace = await stageSubmission(dir);
    try {
      const stagedLib = await fsp.readFile(path.join(workspace.root, 'lib', 'linalg.js'), 'utf8');
      const graderLib = transpileTrusted(await fsp.readFile(path.join(GRADER_ROOT, 'lib', 'linalg.ts'), 'utf8'), 'linalg.ts');
      expect(stagedLib).toBe(graderLib);
      for (const absent of [
        'package.json',
        'node_modules',
        'solutions',
        'extra',
        'exercises/03-forget-gate/node_modules',
        'exercises/03-forget-gate/unused.js',
      ]) {
        expect(existsSync(path.join(workspace.root, absent)), absent).toBe(false);
      }
      expect(existsSync(path.join(workspace.root, 'exercises', '03-forget-gate', 'helpers', 'squash.js'))).toBe(true);
      const main = path.join(workspace.root, 'exercises', '03-forget-gate', 'forget-gate.js');
      expect(workspace.files.get(main)?.localImports).toEqual([
        path.join(workspace.root, 'exercises', '01-activations', 'activations.js'),
        path.join(workspace.root, 'exercises', '02-affine', 'affine.js'),
        path.join(workspace.root, 'exercises', '03-forget-gate', 'helpers', 'squash.js'),
      ]);
      // Only JavaScript is staged: no .ts source reaches the sandbox.
      const listing = await fsp.readdir(path.join(workspace.root, 'exercises', '03-forget-gate'), { recursive: true });
      expect(listing.filter((name) => String(name).endsWith('.ts'))).toEqual([]);
      // The unused file with a syntax error costs nothing.
      expect(workspace.loadErrors.size).toBe(0);
      expect(workspace.mainFiles.get('03-forget-gate')).toBe(main);
    } finally {
      await workspace.dispose();
      await workspace.dispose();
    }
    expect(existsSync(workspace.root)).toBe(false);
  });

  it('survives any source file: a file too deeply nested for TypeScript fails to compile for the exercises that use it, an unused one is not read', async () => {
    const deep = `export const x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n`;
    const cellState = (await fsp.readFile(path.join(SOLUTIONS_DIR, '06-cell-state/cell-state.ts'), 'utf8')).replace(
      "import type { Vector } from '../../lib/types';",
      "import type { Vector } from '../../lib/types';\nimport { x } from './deep';\nvoid x;",
    );
    const dir = await submissionWith({
      '03-forget-gate/unused-deep.ts': deep,
      '06-cell-state/cell-state.ts': cellState,
      '06-cell-state/deep.ts': deep,
    });
    const runner = await openSandbox({ submissionDir: dir });
    try {
      const forget = HEALTH_PROBES['03-forget-gate'];
      expect((await runner.call('03-forget-gate', forget.fn, forget.args())).ok).toBe(true);
      const cell = HEALTH_PROBES['06-cell-state'];
      const outcome = await runner.call('06-cell-state', cell.fn, cell.args());
      expect(outcome).toEqual({
        ok: false,
        fault: {
          kind: 'load-error',
          file: '06-cell-state/deep.ts',
          message:
            '06-cell-state/cell-state.ts imports a file that cannot be loaded: 06-cell-state/deep.ts could not be compiled: ' +
            'it is nested too deeply for the TypeScript compiler (its stack overflowed).',
        },
      });
    } finally {
      await runner.close();
    }
  });

  it('stops compiling a file that takes too long, for that file only', async () => {
    const slow = `export const x = ${Array(20_000).fill('a').join(' + ')};\n`;
    const dir = await submissionWith({ '06-cell-state/cell-state.ts': slow });
    const workspace = await stageSubmission(dir, { compilerLimits: { perFileMs: 1000, totalMs: 30_000, startMs: 30_000 } });
    try {
      expect(workspace.loadErrors.get('06-cell-state')).toEqual({
        kind: 'load-error',
        file: '06-cell-state/cell-state.ts',
        message: '06-cell-state/cell-state.ts could not be compiled: compiling it took longer than 1 s.',
      });
      expect(workspace.loadErrors.size).toBe(1);
    } finally {
      await workspace.dispose();
    }
  });

  it('reads neither a FIFO nor a folder as an exercise file (it would block or fail staging)', async () => {
    const dir = await submissionWith({ '06-cell-state/cell-state.ts': null });
    spawnSync('mkfifo', [path.join(dir, '06-cell-state', 'cell-state.ts')]);
    await fsp.rm(path.join(dir, '02-affine', 'affine.ts'));
    await fsp.mkdir(path.join(dir, '02-affine', 'affine.ts'));
    const workspace = await stageSubmission(dir);
    try {
      expect(workspace.loadErrors.get('06-cell-state')?.message).toMatch(/06-cell-state\/cell-state\.ts is missing/);
      expect(workspace.loadErrors.get('02-affine')?.message).toMatch(/02-affine\/affine\.ts is missing/);
    } finally {
      await workspace.dispose();
    }
  });

  it('leaves the workspace readable by the sandbox user and writable by the grader alone, whatever the umask', async () => {
    const previous = process.umask(0o077);
    let workspace;
    try {
      workspace = await stageSubmission(SOLUTIONS_DIR);
    } finally {
      process.umask(previous);
    }
    try {
      const entries = [
        workspace.root,
        ...(await fsp.readdir(workspace.root, { recursive: true })).map((name) => path.join(workspace.root, String(name))),
      ];
      for (const entry of entries) {
        const stat = await fsp.stat(entry);
        expect(stat.mode & 0o777, entry).toBe(stat.isDirectory() ? 0o755 : 0o644);
      }
    } finally {
      await workspace.dispose();
    }
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
    const workspace = await stageSubmission(SOLUTIONS_DIR, { workspaceDir: target });
    expect(workspace.root).toBe(await fsp.realpath(target));
    await expect(stageSubmission(SOLUTIONS_DIR, { workspaceDir: target })).rejects.toThrow(
      /stageSubmission: argument workspaceDir must be an empty folder/,
    );
    await workspace.dispose();
    await expect(stageSubmission('')).rejects.toThrow(/stageSubmission: argument submissionDir/);
  });

  it("maps a stack trace from a helper file back to the student's file and line", async () => {
    const helper = [
      '// A helper the student split out of forget-gate.ts.',
      "import type { Vector } from '../../../lib/types';",
      '',
      'interface Unused { a: number }',
      '',
      'export function check(v: Vector): void {',
      "  if (v.length > 0) throw new RangeError('helper refuses');",
      '}',
    ].join('\n');
    const source = (await fsp.readFile(path.join(SOLUTIONS_DIR, FORGET_GATE), 'utf8'))
      .replace(
        "import { affine, affineBackward } from '../02-affine/affine';",
        "import { affine, affineBackward } from '../02-affine/affine';\nimport { check } from './helpers/check';",
      )
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

  it('stages with a task module the grader files it requires, and none it only imports types from or does not use', async () => {
    const workspace = await stageSubmission(SOLUTIONS_DIR);
    try {
      await workspace.stageTask(path.join(GRADER_ROOT, 'grader', 'weather', 'trainer', 'train.ts'));
      await workspace.stageTask(path.join(GRADER_ROOT, 'grader', 'copytask', 'train.ts'));
      const staged = (folder: string) => existsSync(path.join(workspace.root, 'grader', folder));
      // Both training loops use the one optimizer in grader/engine/.
      expect(staged('engine/optimizer.js')).toBe(true);
      expect(staged('weather/trainer/loop.js')).toBe(true);
      expect(staged('copytask/train-loop.js')).toBe(true);
      // Not required by either trainer: the rest of engine/, the copy task's grading, the weather table.
      expect(staged('engine/tree.js')).toBe(false);
      expect(staged('copytask/grade.js')).toBe(false);
      expect(staged('weather/dataset.js')).toBe(false);
    } finally {
      await workspace.dispose();
    }
  });
});
