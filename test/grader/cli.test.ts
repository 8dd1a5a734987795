/**
 * `npm run grade`: the options of DESIGN.md section 8, exit code 2 with a one-line reason when
 * grading cannot run, and whole gradings through the sandbox: the reference gets full marks and
 * exit 0; the stubs get zero, exit 1 and "not attempted" for every exercise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseCommandLine, replayCommand, UsageError } from '../../grader/cli';
import { CODE_EXERCISES } from '../../grader/course';
import { GRADER_ROOT, OUTPUT_FILES } from '../../grader/paths';
import type { GradescopeResults } from '../../grader/reporters/gradescope-schema';

const cwd = GRADER_ROOT;
const root = GRADER_ROOT;

describe('parseCommandLine', () => {
  it('defaults to grading exercises/ into reports/', () => {
    const o = parseCommandLine([], cwd);
    expect(o.submissionDir).toBe(path.join(cwd, 'exercises'));
    expect(o.outDir).toBe(path.join(cwd, 'reports'));
    expect(o.quick).toBe(false);
    expect(o.only).toBeUndefined();
  });

  it('reads every documented option', () => {
    const o = parseCommandLine(
      ['--submission', 'solutions', '--only', 'affine,forget-gate', '--seed', '7', '--out', 'x', '--quick', '--classroom', '--tiers'],
      cwd,
    );
    expect(o.submissionDir).toBe(path.join(cwd, 'solutions'));
    expect(o.only).toEqual(['affine', 'forget-gate']);
    expect(o.seed).toBe(7);
    expect(o.outDir).toBe(path.join(cwd, 'x'));
    expect([o.quick, o.classroom, o.tiers]).toEqual([true, true, true]);
  });

  it('takes folder names for --only, as a shell completes them', () => {
    expect(parseCommandLine(['--only', '03-forget-gate,exercises/02-affine/,lstm-cell'], cwd).only).toEqual([
      'forget-gate',
      'affine',
      'lstm-cell',
    ]);
  });

  it.each([
    [['--only', 'forgetgate'], /--only: unknown exercise "forgetgate"; choose from activations/],
    [['--seed=-1'], /--seed: must be a whole number/],
    [['--seed', 'abc'], /--seed: must be a whole number/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--replay', 'nonsense'], /--replay: expected CHECK@PATH/],
    [['--replay', 'forgetGate.forward@1:2'], /--replay: give the exercise of the check with --only ID/],
  ])('rejects %j with a message naming the option', (argv, message) => {
    expect(() => parseCommandLine(argv, cwd)).toThrow(UsageError);
    expect(() => parseCommandLine(argv, cwd)).toThrow(message);
  });

  it('parses a replay option and builds the same command back', () => {
    const o = parseCommandLine(['--only', 'forget-gate', '--replay', 'forgetGateBackward.backward-gradient@3:0:1'], cwd);
    expect(o.replay).toEqual({ checkId: 'forgetGateBackward.backward-gradient', path: '3:0:1' });
    expect(replayCommand(o, 42, 'forget-gate', 'forgetGateBackward.backward-gradient', '3:0:1')).toBe(
      'npm run grade -- --only forget-gate --seed 42 --replay forgetGateBackward.backward-gradient@3:0:1',
    );
  });
});

describe('main exit code 2 with a one-line reason', () => {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  afterEach(() => stderr.mockClear());

  it('for a submission folder that does not exist', async () => {
    const code = await main(['--submission', 'no-such-folder', '--quick']);
    expect(code).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^lstm-lab grade: --submission: no-such-folder is not a folder/);
  });

  it('for an unknown option', async () => {
    expect(await main(['--frobnicate'])).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toMatch(/Unknown option '--frobnicate'/);
  });

  it('for a broken config file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-cli-'));
    try {
      const file = path.join(dir, 'config.json');
      writeFileSync(file, '{"seed": 1}');
      expect(await main(['--config', file, '--quick', '--out', dir])).toBe(2);
      expect(String(stderr.mock.calls[0][0])).toMatch(/"numRuns" must be a number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

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
  const results = existsSync(path.join(out, OUTPUT_FILES.resultsJson))
    ? (JSON.parse(readFileSync(path.join(out, OUTPUT_FILES.resultsJson), 'utf8')) as GradescopeResults)
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
