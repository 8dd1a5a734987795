/**
 * The trainer folder is what the sandbox stages next to the student's code, so it must stand alone:
 * it imports nothing but lib/ and its own files, holds no data, and loads in a process that may read
 * the staged workspace and nothing else. The weather table and the held-out year stay outside it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR } from '../../../../grader/paths';
import { stageSubmission, type StagedWorkspace } from '../../../../grader/sandbox/stage';
import { TASK_FUNCTION, TASK_MODULE } from '../../../../grader/weather/grade';

const TRAINER = join(__dirname, '../../../../grader/weather/trainer');

/** Every file under `folder`, relative to it. */
function filesUnder(folder: string, base = folder): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(folder, e.name), base) : [relative(base, join(folder, e.name))],
  );
}

describe('grader/weather/trainer', () => {
  it('holds only TypeScript modules that import lib/ or each other', () => {
    const files = filesUnder(TRAINER);
    expect(files.every((f) => f.endsWith('.ts') && !f.includes('/'))).toBe(true);
    for (const file of files) {
      const source = readFileSync(join(TRAINER, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) {
        expect(/^\.\.\/\.\.\/\.\.\/lib\/[\w-]+$/.test(target) || /^\.\/[\w-]+$/.test(target), `${file} imports ${target}`).toBe(true);
      }
      expect(source, `${file} requires something`).not.toMatch(/\brequire\(/);
    }
  });

  let workspace: StagedWorkspace | undefined;
  afterAll(async () => workspace?.dispose());

  it('is staged on its own and loads where only the workspace can be read', async () => {
    workspace = await stageSubmission(SOLUTIONS_DIR);
    const staged = await workspace.stageTask(TASK_MODULE);
    const stagedWeather = join(workspace.root, 'grader', 'weather');
    expect(filesUnder(stagedWeather).sort()).toEqual(
      filesUnder(TRAINER)
        .map((f) => join('trainer', f.replace(/\.ts$/, '.js')))
        .sort(),
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
