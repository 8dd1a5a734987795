/**
 * `npm run grade` end to end, through the sandbox: the reference gets full marks and exit 0; the
 * stubs get zero, exit 1 and "not attempted" for every exercise; the outputs are written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../grader/exercises';
import type { GradescopeResults } from '../../grader/reporters/results-json';

const root = path.resolve(__dirname, '..', '..');
const outDirs: string[] = [];

function runGrade(args: string[]) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-grade-'));
  outDirs.push(out);
  const env = { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' };
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'grader/cli.ts', ...args, '--out', out], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 170_000,
  });
  const results = existsSync(path.join(out, 'results.json'))
    ? (JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as GradescopeResults)
    : undefined;
  return { ...run, out, results };
}

afterAll(() => outDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm run grade', () => {
  it('gives the reference full marks and exit code 0 (--quick)', () => {
    const run = runGrade(['--submission', 'solutions', '--quick']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const results = run.results!;
    expect(results.score).toBe(results.tests.reduce((s, t) => s + t.score, 0));
    expect(results.tests.every((t) => t.status === 'passed' && t.score === t.max_score)).toBe(true);
    expect(new Set(results.tests.flatMap((t) => t.tags))).toEqual(new Set(CODE_EXERCISES.map((e) => e.id)));
    expect(run.stdout).toMatch(/Total (\d+)\/\1 \(100%\)/);
    for (const file of ['index.html', 'junit.xml', 'results.json']) expect(existsSync(path.join(run.out, file))).toBe(true);
  });

  it('gives the stubs zero, exit code 1 and "not attempted" per exercise', () => {
    const run = runGrade(['--quick']);
    expect(run.status).toBe(1);
    expect(run.results!.score).toBe(0);
    for (const exercise of CODE_EXERCISES) {
      const line = run.stdout.split('\n').find((l) => l.includes(` ${exercise.id} `));
      expect(line, exercise.id).toMatch(/Not attempted yet: write \w+/);
      expect(line).toContain(`exercises/${exercise.file}`);
    }
  });
});
