/** The grade:class command line: options as documented, and exit code 2 with one line for bad ones. */
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_PATH } from '../../../grader/config';
import { DEFAULT_TIMEOUT_SECONDS, main, parseClassCommandLine, UsageError } from '../../../grader/class/cli';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('parseClassCommandLine', () => {
  it('reads a grading command with its defaults', () => {
    expect(parseClassCommandLine(['subs', '--out', 'class'], '/work')).toEqual({
      kind: 'grade',
      options: {
        submissions: '/work/subs',
        outDir: '/work/class',
        jobs: os.availableParallelism(),
        shard: null,
        quick: false,
        seed: undefined,
        configFile: DEFAULT_CONFIG_PATH,
        timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
        stripPrefix: undefined,
        regrade: false,
      },
    });
  });

  it('reads every option', () => {
    const command = parseClassCommandLine(
      [
        'subs',
        '--out',
        'o',
        '--jobs',
        '3',
        '--shard',
        '2/5',
        '--quick',
        '--seed',
        '7',
        '--config',
        'c.json',
        '--timeout',
        '60',
        '--strip-prefix',
        '',
        '--regrade',
      ],
      '/w',
    );
    expect(command).toMatchObject({
      kind: 'grade',
      options: {
        jobs: 3,
        shard: { index: 2, count: 5 },
        quick: true,
        seed: 7,
        configFile: path.resolve('/w', 'c.json'),
        timeoutMs: 60_000,
        stripPrefix: '',
        regrade: true,
      },
    });
  });

  it('reads a merge', () => {
    expect(parseClassCommandLine(['--merge', 'a', 'b', '--out', 'm'], '/w')).toEqual({
      kind: 'merge',
      inputs: ['/w/a', '/w/b'],
      outDir: '/w/m',
    });
  });

  it.each([
    [['subs'], /^--out: give the folder/],
    [['--out', 'o'], /^SUBMISSIONS: give the folder of submissions/],
    [['a', 'b', '--out', 'o'], /^SUBMISSIONS: give one folder, got 2/],
    [['s', '--out', 'o', '--jobs', '0'], /^--jobs: must be a whole number from 1 to 64, got "0"/],
    [['s', '--out', 'o', '--shard', '3/2'], /^--shard: expected I\/N/],
    [['s', '--out', 'o', '--timeout', '1.5'], /^--timeout: must be a whole number/],
    [['s', '--out', 'o', '--seed', '-1'], /--seed/],
    [['--merge', '--out', 'o'], /^--merge: give the folders to merge/],
    [['--merge', 'a', '--out', 'o', '--quick'], /^--merge: --quick is for grading, not merging/],
    [['s', '--out', 'o', '--bogus'], /Unknown option '--bogus'.*\(see --help\)/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseClassCommandLine(argv as string[], '/w')).toThrow(UsageError);
    expect(() => parseClassCommandLine(argv as string[], '/w')).toThrow(message);
  });
});

describe('main', () => {
  it('exits 2 with a one-line reason when the command cannot run', async () => {
    const submissions = tempDir('cli');
    for (const argv of [
      ['--out', 'x'],
      [path.join(tempDir('cli'), 'missing'), '--out', tempDir('cli')],
      ['--merge', tempDir('cli'), '--out', tempDir('cli')],
      [submissions, '--out', path.join(submissions, 'graded')],
    ]) {
      const out = sink();
      const err = sink();
      expect(await main(argv, out.stream, err.stream)).toBe(2);
      expect(err.text()).toMatch(/^lstm-lab grade:class: [^\n]+\n$/);
    }
  });

  it('prints the help and exits 0', async () => {
    const out = sink();
    expect(await main(['--help'], out.stream, sink().stream)).toBe(0);
    expect(out.text()).toContain('npm run grade:class -- --merge DIR... --out DIR');
  });
});
