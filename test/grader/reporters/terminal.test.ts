/**
 * The terminal summary: a header, one line per exercise (glyph, course number, id, points, the
 * first failure in a sentence, "fix X first", the other failing functions), the first diagnosis
 * under it, the total, the report's path, and where to start with the replay command of the
 * first failure. Colours only when the context asks for them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalReporter, terminalSummary } from '../../../grader/reporters/terminal';
import { captureStream } from '../../helpers/ci';
import { checkResult, diagnosis, exerciseResult, gradeResult } from '../../helpers/grade-builders';

const REPLAY = 'npm run grade -- --only affine --seed 42 --replay affineBackward.backward-gradient@0:1';

const affineDiagnosis = diagnosis({
  fn: 'affineBackward',
  failingFields: ['dhPrev'],
  named: [{ id: 'affine-backward-no-transpose', name: 'dhPrev computed with W instead of Wᵀ', hint: 'Transpose.', fields: ['dhPrev'] }],
});

const grade = gradeResult({
  submission: 'submission',
  durationMs: 12_345,
  exercises: [
    exerciseResult({
      id: 'activations',
      title: 'Activations',
      file: '01-activations/activations.ts',
      checks: [checkResult({ exercise: 'activations', score: 22, maxScore: 22 })],
    }),
    exerciseResult({
      id: 'affine',
      status: 'failed',
      score: 10.5,
      maxScore: 22,
      summary: 'affineBackward: dhPrev is wrong;\n  e.g. dhPrev[0] is 1 but finite differences give 2.',
      checks: [
        checkResult({ id: 'affine.forward', score: 3 }),
        checkResult({
          id: 'affineBackward.backward-gradient',
          fn: 'affineBackward',
          status: 'failed',
          score: 0,
          maxScore: 4,
          message: 'affineBackward: dhPrev is wrong',
          replay: REPLAY,
          diagnosis: affineDiagnosis,
        }),
        checkResult({ id: 'affineBackward.backward-extreme', fn: 'affineBackward', status: 'failed', score: 0, maxScore: 1, message: 'x' }),
        checkResult({
          id: 'affine.deterministic',
          fn: 'affine',
          status: 'error',
          score: 0,
          maxScore: 1,
          message: 'affine ran longer than 2 s',
        }),
      ],
    }),
    exerciseResult({
      id: 'forget-gate',
      title: 'Forget gate',
      file: '03-forget-gate/forget-gate.ts',
      status: 'not-attempted',
      score: 0,
      maxScore: 22,
      summary: 'Not attempted yet: write forgetGate in exercises/03-forget-gate/forget-gate.ts.',
      fixFirst: 'affine',
      checks: [
        checkResult({
          id: 'forgetGate.forward',
          exercise: 'forget-gate',
          fn: 'forgetGate',
          status: 'not-attempted',
          score: 0,
          maxScore: 3,
          message: 'Not attempted',
        }),
      ],
    }),
  ],
});
grade.score = 32.5;
grade.maxScore = 66;

const context = { color: false, outDir: 'reports' };

describe('terminalSummary', () => {
  it("writes a header, one line per exercise with glyph, number and points, the total and the report's path", () => {
    const lines = terminalSummary(grade, context).split('\n');
    expect(lines.slice(0, 2)).toEqual(['lstm-lab · submission · seed 42', '']);
    expect(lines[2]).toBe('✔ 01 activations   22/22  passed');
    expect(lines[3]).toBe(
      '✘ 02 affine      10.5/22  affineBackward: dhPrev is wrong; e.g. dhPrev[0] is 1 but finite differences give 2. · also failing: affine',
    );
    expect(lines[5]).toBe(
      '○ 03 forget-gate    0/22  Not attempted yet: write forgetGate in exercises/03-forget-gate/forget-gate.ts. (fix affine first)',
    );
    expect(lines.slice(6, 9)).toEqual(['', 'Total 32.5/66 (49%)  ·  12.3 s', `Report: ${path.join('reports', 'index.html')}`]);
  });

  it('names the other failing functions of an exercise after its first failure', () => {
    const affine = terminalSummary(grade, context).split('\n')[3];
    expect(affine.endsWith('finite differences give 2. · also failing: affine')).toBe(true);
    const onlyOne = gradeResult({ exercises: [exerciseResult({ ...grade.exercises[1], checks: grade.exercises[1].checks.slice(0, 3) })] });
    expect(terminalSummary(onlyOne, context)).not.toContain('also failing');
  });

  it('puts the first sentence of the first diagnosis on a "↳" line under the exercise, indented past the points', () => {
    const lines = terminalSummary(grade, context).split('\n');
    expect(lines[4]).toBe(`${' '.repeat(11 + 14)}↳ Your dhPrev matches a common mistake: dhPrev computed with W instead of Wᵀ.`);
    expect(lines.filter((l) => l.includes('↳'))).toHaveLength(1);
  });

  it('says where to start and how to replay the first failure', () => {
    const lines = terminalSummary(grade, context).trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['Start here: affine (submission/02-affine/affine.ts)', `Replay its first failure: ${REPLAY}`]);
  });

  it('points at the file the same way when the submission folder was typed with a trailing slash (shell completion)', () => {
    const lines = terminalSummary({ ...grade, submission: 'submission/' }, context)
      .trimEnd()
      .split('\n');
    expect(lines.at(-2)).toBe('Start here: affine (submission/02-affine/affine.ts)');
  });

  it('has no "Start here" when everything passes, and cuts a long first failure at 160 characters', () => {
    const passing = gradeResult({ exercises: [grade.exercises[0]] });
    const text = terminalSummary(passing, context);
    expect(text).not.toContain('Start here');
    expect(text.endsWith(`Report: ${path.join('reports', 'index.html')}\n`)).toBe(true);
    const long = gradeResult({
      exercises: [
        exerciseResult({ status: 'failed', score: 0, summary: 'x'.repeat(300), checks: [checkResult({ status: 'failed', score: 0 })] }),
      ],
    });
    expect(terminalSummary(long, context).split('\n')[2]).toBe(`✘ 02 affine       0/3  ${'x'.repeat(157)}…`);
  });

  it('is plain text with colours off, and coloured with them on', () => {
    const ansi = /\x1b\[/; // eslint-disable-line no-control-regex -- looking for escape codes
    expect(terminalSummary(grade, context)).not.toMatch(ansi);
    const coloured = terminalSummary(grade, { color: true, outDir: 'reports' });
    expect(coloured).toMatch(ansi);
    expect(coloured).toContain('\x1b[32m✔ 01 activations'); // green
    expect(coloured).toContain('\x1b[31m✘ 02 affine'); // red
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(terminalSummary(grade, context)); // eslint-disable-line no-control-regex -- stripping escape codes
  });
});

describe('terminalReporter', () => {
  it("writes the summary to the context's stdout", async () => {
    const out = captureStream();
    await terminalReporter.write(grade, {
      ...context,
      stdout: out.stream,
      env: {},
      submissionDir: '/tmp/s',
      submissionPathFromRepo: 'exercises',
    });
    expect(terminalReporter.name).toBe('terminal');
    expect(out.text()).toBe(terminalSummary(grade, context));
  });
});
