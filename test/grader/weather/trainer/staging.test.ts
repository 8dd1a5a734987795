/**
 * The trainer folder is what the sandbox stages next to the student's code, with the one grader
 * file it shares (grader/engine/optimizer.ts): it imports nothing else but lib/ and its own files,
 * holds no data, and loads in a process that may read the staged workspace and nothing else. The
 * weather table and the held-out year stay outside it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR } from '../../../../grader/paths';
import { stageSubmission, type StagedWorkspace } from '../../../../grader/sandbox/stage';
import { TASK_FUNCTION, TASK_MODULE } from '../../../../grader/weather/grade';

const TRAINER = join(__dirname, '../../../../grader/weather/trainer');
/** The trainer's one import from elsewhere in grader/ (Adam and clipping, shared with the copy task). */
const OPTIMIZER = '../../engine/optimizer';

/** Every file under `folder`, relative to it. */
function filesUnder(folder: string, base = folder): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(folder, e.name), base) : [relative(base, join(folder, e.name))],
  );
}

describe('grader/weather/trainer', () => {
  it('holds only TypeScript modules that import lib/, each other or the shared optimizer', () => {
    const files = filesUnder(TRAINER);
    expect(files.every((f) => f.endsWith('.ts') && !f.includes('/'))).toBe(true);
    for (const file of files) {
      const source = readFileSync(join(TRAINER, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) {
        const allowed = /^\.\.\/\.\.\/\.\.\/lib\/[\w-]+$/.test(target) || /^\.\/[\w-]+$/.test(target) || target === OPTIMIZER;
        expect(allowed, `${file} imports ${target}`).toBe(true);
      }
      expect(source, `${file} requires something`).not.toMatch(/\brequire\(/);
    }
  });

  let workspace: StagedWorkspace | undefined;
  afterAll(async () => workspace?.dispose());

  it('is staged with the optimizer and nothing else of the grader, and loads where only the workspace can be read', async () => {
    workspace = await stageSubmission(SOLUTIONS_DIR);
    const staged = await workspace.stageTask(TASK_MODULE);
    // Every trainer file that holds code (model.ts holds interfaces only: nothing requires it at run time).
    const withCode = filesUnder(TRAINER).filter((f) =>
      /^export (async function|function|class|const)/m.test(readFileSync(join(TRAINER, f), 'utf8')),
    );
    expect(withCode.length).toBe(filesUnder(TRAINER).length - 1);
    expect(filesUnder(join(workspace.root, 'grader')).sort()).toEqual(
      [...withCode.map((f) => join('weather', 'trainer', f)), join('engine', 'optimizer.ts')].map((f) => f.replace(/\.ts$/, '.js')).sort(),
    );
    const script =
      `const task = require(${JSON.stringify(staged)});` +
      `try { task.${TASK_FUNCTION}({}, {}, {}); } catch (error) { process.stdout.write(error.message); }`;
    const run = spawnSync(
      process.execPath,
      ['--experimental-permission', `--allow-fs-read=${workspace.root}/*`, '--disable-warning=ExperimentalWarning', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'trainSequenceTask: argument students must hold the module of 09-lstm-sequence exporting the function lstmForward',
    );
  });
});
