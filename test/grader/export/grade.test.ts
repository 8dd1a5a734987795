/**
 * Grading inside the exported student template, with its own grader and its recorded data only:
 * the stubs are not attempted, the reference solutions copied into exercises/ get full marks (the
 * copy task and the sequence tasks against the recorded reference runs, the time budgets
 * calibrated without backward code), a catalogued mistake is still named, and a seed whose
 * reference runs are not recorded costs only the training tasks, with a message that says why.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES, mistakeById } from '../../../grader/course';
import { exportStudentTemplate } from '../../../grader/export/export';
import { GRADER_ROOT, OUTPUT_FILES, SOLUTIONS_DIR } from '../../../grader/paths';
import type { GradescopeResults } from '../../../grader/reporters/gradescope-schema';
import { buildMistakeSubmission } from '../../fixtures/mistake-patches';

const root = mkdtempSync(path.join(tmpdir(), 'export-grade-test-'));
const template = path.join(root, 'template');

interface ExerciseSummary {
  id: string;
  status: string;
  score: number;
  maxScore: number;
}

/** `npm run grade -- ARGS` in the template, as a student runs it. */
function grade(args: string[]) {
  const out = mkdtempSync(path.join(root, 'reports-'));
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'grader/cli.ts', ...args, '--out', out], {
    cwd: template,
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', CI: '1' },
    encoding: 'utf8',
    timeout: 900_000,
  });
  const file = path.join(out, OUTPUT_FILES.resultsJson);
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GradescopeResults) : undefined;
  const exercises = (results?.extra_data as { exercises?: ExerciseSummary[] } | undefined)?.exercises ?? [];
  return { ...run, out, results, exercises };
}

beforeAll(async () => {
  // The shown tiers are left out: these gradings do not ask for them (export.test.ts covers the default).
  await exportStudentTemplate({ out: template, tiers: false });
  symlinkSync(path.join(GRADER_ROOT, 'node_modules'), path.join(template, 'node_modules'), 'dir');
}, 900_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('grading in the student template', () => {
  it('grades the untouched stubs as not attempted (exit code 1)', () => {
    const run = grade(['--quick']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.exercises.map((e) => e.id)).toEqual(CODE_EXERCISES.map((e) => e.id));
    expect(run.exercises.filter((e) => e.status !== 'not-attempted')).toEqual([]);
    expect(run.results?.score).toBe(0);
  }, 600_000);

  it('gives the reference solutions copied into exercises/ full marks, copy task and sequence tasks included', () => {
    cpSync(SOLUTIONS_DIR, path.join(template, 'exercises'), { recursive: true });
    const run = grade([]);
    expect(run.stderr).toBe('');
    expect(run.exercises.filter((e) => e.status !== 'passed' || e.score !== e.maxScore)).toEqual([]);
    expect(run.exercises.map((e) => e.id)).toEqual(expect.arrayContaining(['copy-task', 'sequence-tasks']));
    expect(run.status).toBe(0);
    // The recorded runs were used (no wall time of their own) and the budgets calibrated without backward code.
    const copyTask = (
      run.results!.extra_data as { copyTask: { config: Record<string, unknown>; models: { name: string; wallMs: number }[] } }
    ).copyTask;
    expect(copyTask.config.calibration).toBe('reference-forward');
    expect(copyTask.models.find((m) => m.name === 'reference')?.wallMs).toBe(0);
    const html = readFileSync(path.join(run.out, OUTPUT_FILES.html), 'utf8');
    expect(html).toContain('Deriving them is part of the exercise.');
  }, 900_000);

  it('still names a catalogued mistake, from the recorded answers', () => {
    const mistake = mistakeById('lstm-cell-drops-dc-through-h');
    const submission = buildMistakeSubmission(mistake.id, mkdtempSync(path.join(root, 'mistake-')));
    const run = grade(['--submission', submission, '--only', 'lstm-cell']);
    expect(run.status).toBe(1);
    const outputs = run.results!.tests.map((t) => t.output ?? '').join('\n');
    expect(outputs).toContain(`Your answer matches a common mistake: ${mistake.name}.`);
  }, 600_000);

  it('grades a seed whose reference runs are not recorded, failing only the training tasks with the reason', () => {
    const run = grade(['--submission', SOLUTIONS_DIR, '--only', 'lstm-sequence,copy-task,sequence-tasks', '--seed', '7']);
    expect(run.status).toBe(1);
    const byId = new Map(run.exercises.map((e) => [e.id, e]));
    expect(byId.get('lstm-sequence')?.status).toBe('passed');
    for (const id of ['copy-task', 'sequence-tasks']) expect(byId.get(id)?.status, id).toBe('error');
    const outputs = run.results!.tests.filter((t) => t.tags?.includes('copy-task')).map((t) => t.output ?? '');
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) expect(output).toContain('The reference run for seed 7 is not in this student template (it has seed 42)');
  }, 600_000);
});
