import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseCommandLine, replayCommand, UsageError } from '../../grader/cli';

const cwd = path.resolve(__dirname, '..', '..');

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
      require('node:fs').writeFileSync(file, '{"seed": 1}');
      expect(await main(['--config', file, '--quick', '--out', dir])).toBe(2);
      expect(String(stderr.mock.calls[0][0])).toMatch(/"numRuns" must be a number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
