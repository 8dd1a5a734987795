/**
 * The replayed case in full, in the terminal: the check's line and message, the inputs by name,
 * the expected and the student's answers, a table of every wrong gradient with ✘ on the wrong
 * entries, and the diagnosis; the reporter writes only to the terminal.
 */
import { describe, expect, it } from 'vitest';
import { replayReporter, replayText } from '../../../grader/reporters/replay';
import { captureStream } from '../../helpers/ci';
import { checkResult, diagnosis, exerciseResult, gradeResult, gradientComparison } from '../../helpers/grade-builders';

const failed = checkResult({
  id: 'cellStateBackward.backward-gradient',
  exercise: 'cell-state',
  title: 'cellStateBackward matches finite differences',
  fn: 'cellStateBackward',
  status: 'failed',
  score: 0,
  maxScore: 4,
  message: 'cellStateBackward: dcPrev is wrong; e.g. dcPrev[1] is 0.5 but finite differences give 0.25.',
  details: 'cellStateBackward failed on H=2.',
  counterexample: {
    inputs: { f: [0.5, 0.123456789123], cPrev: [1, -1], 'upstream of the output': [0.5, 0.5] },
    expected: { dcPrev: [0.25, 0.061728394] },
    actual: { dcPrev: [0.5, 0.5] },
    differing: ['dcPrev[0]', 'dcPrev[1]'],
  },
  gradients: [
    gradientComparison({ name: 'df', label: 'df', analytic: [0.5, -0.5], numerical: [0.5, -0.5], ok: [true, true] }),
    gradientComparison({ name: 'dcPrev', label: 'dcPrev', analytic: [0.5, 0.25], numerical: [0.25, 0.25], ok: [false, true] }),
    gradientComparison({
      name: 'grads.forget.dW',
      label: 'dW of the forget gate',
      rows: 2,
      cols: 2,
      analytic: [1, 2, 3, 4],
      numerical: [1, 2, 3, 4.000001],
      ok: [true, true, true, false],
    }),
  ],
  replay: 'npm run grade -- --only cell-state --seed 42 --replay cellStateBackward.backward-gradient@0',
  diagnosis: diagnosis({
    failingFields: ['dcPrev'],
    findings: [{ fields: ['dcPrev'], text: 'Your dcPrev equals the expected value divided by f: a factor f is missing.' }],
  }),
});

describe('replayText', () => {
  const lines = replayText(failed).split('\n');

  it("starts with the check's glyph, id and title, then its message and details", () => {
    expect(lines.slice(0, 4)).toEqual([
      '✘ cellStateBackward.backward-gradient: cellStateBackward matches finite differences',
      '',
      'cellStateBackward: dcPrev is wrong; e.g. dcPrev[1] is 0.5 but finite differences give 0.25.',
      'cellStateBackward failed on H=2.',
    ]);
  });

  it('prints the inputs by name, the expected answer and yours, to eight digits, and the entries that differ', () => {
    expect(lines.slice(4, 13)).toEqual([
      '',
      'Inputs:',
      '  f = [0.5,0.12345679]',
      '  cPrev = [1,-1]',
      '  upstream of the output = [0.5,0.5]',
      '',
      'Expected: {"dcPrev":[0.25,0.061728394]}',
      'Yours:    {"dcPrev":[0.5,0.5]}',
      'Entries that differ: dcPrev[0], dcPrev[1]',
    ]);
  });

  it('tabulates only the wrong gradients, entry by entry, with ✘ on the wrong entries and digits enough to tell them apart', () => {
    const text = replayText(failed);
    expect(text).not.toContain('df (df)');
    expect(lines.slice(13, 18)).toEqual([
      '',
      'dcPrev (dcPrev): 1 of 2 entries wrong',
      '  entry        yours                finite differences',
      '  [0]          0.5                  0.25   ✘',
      '  [1]          0.25                 0.25',
    ]);
    expect(lines.slice(18, 25)).toEqual([
      '',
      'dW of the forget gate (grads.forget.dW): 1 of 4 entries wrong',
      '  entry        yours                finite differences',
      '  [0][0]       1                    1',
      '  [0][1]       2                    2',
      '  [1][0]       3                    3',
      '  [1][1]       4                    4.000001   ✘',
    ]);
  });

  it('ends with the diagnosis', () => {
    expect(lines.slice(25)).toEqual(['', 'Your dcPrev equals the expected value divided by f: a factor f is missing.', '']);
  });

  it('says that a replayed case that passes now passes', () => {
    const passed = checkResult({ id: 'affine.forward', title: 'affine matches the reference' });
    expect(replayText(passed)).toBe('✔ affine.forward: affine matches the reference\n\nThe replayed case passes now.\n');
  });
});

describe('replayReporter', () => {
  const context = (stdout: NodeJS.WritableStream) => ({
    outDir: '/nonexistent',
    submissionDir: '/tmp',
    submissionPathFromRepo: 'exercises',
    env: {},
    stdout,
    color: false,
  });

  it('prints every replayed check and writes no file', async () => {
    const out = captureStream();
    await replayReporter.write(gradeResult({ exercises: [exerciseResult({ id: 'cell-state', checks: [failed] })] }), context(out.stream));
    expect(out.text()).toBe(replayText(failed));
  });

  it('says so when no check matched the replay option', async () => {
    const out = captureStream();
    await replayReporter.write(gradeResult({ exercises: [exerciseResult({ checks: [] })] }), context(out.stream));
    expect(out.text()).toBe('No check matched the replay option.\n');
  });
});
