/**
 * A small graded class written straight into a class folder (run.json, records, results.json), for
 * the gradebook and class-page tests that need no grading: a student at full marks with the copy
 * task, two who made the same catalogued mistake (one with a generic finding), a pair of copies,
 * a submission that is not one, and a grading that did not finish — with text that must be
 * escaped in HTML and defused in a spreadsheet.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CheckSummary } from '../../../grader/reporters/results-json';
import { RESULTS_FILE, writeManifest, writeRecord, type StudentRecord } from '../../../grader/class/store';

interface ExerciseFixture {
  id: string;
  status: 'passed' | 'failed' | 'error' | 'not-attempted';
  score: number;
  maxScore: number;
  checks: CheckSummary[];
}

const check = (
  id: string,
  status: CheckSummary['status'],
  score: number,
  maxScore: number,
  extra: Partial<CheckSummary> = {},
): CheckSummary => ({ id, title: `${id} title`, status, score, maxScore, ...extra });

const MISTAKE = { id: 'sigmoid-derivative-as-sigmoid', name: 'sigmoid derivative written as σ instead of σ(1 − σ)' };

function exercises(kind: 'full' | 'mistake' | 'mistake-finding' | 'stub'): ExerciseFixture[] {
  const passing = (id: string): ExerciseFixture => ({
    id,
    status: 'passed',
    score: 5,
    maxScore: 5,
    checks: [check('forward', 'passed', 3, 3), check('backward-gradient', 'passed', 2, 2)],
  });
  if (kind === 'stub') {
    return ['activations', 'affine'].map((id) => ({
      id,
      status: 'not-attempted',
      score: 0,
      maxScore: 5,
      checks: [check('forward', 'not-attempted', 0, 3), check('backward-gradient', 'not-attempted', 0, 2)],
    }));
  }
  if (kind === 'full')
    return [
      passing('activations'),
      passing('affine'),
      {
        id: 'copy-task',
        status: 'passed',
        score: 10,
        maxScore: 10,
        checks: [check('solves-graded-delay', 'passed', 8, 8), check('follows-reference', 'passed', 2, 2)],
      },
    ];
  const wrong = check('backward-gradient', 'failed', 0, 2, {
    mistakes: [{ ...MISTAKE, fields: ['dz'] }],
    ...(kind === 'mistake-finding' ? { findings: ['a factor (1 − σ) is missing'] } : {}),
  });
  return [
    { id: 'activations', status: 'failed', score: 3, maxScore: 5, checks: [check('forward', 'passed', 3, 3), wrong] },
    passing('affine'),
    {
      id: 'copy-task',
      status: 'not-attempted',
      score: 0,
      maxScore: 10,
      checks: [check('solves-graded-delay', 'not-attempted', 0, 8), check('follows-reference', 'not-attempted', 0, 2)],
    },
  ];
}

function results(student: string, list: ExerciseFixture[], trained: boolean) {
  return {
    score: list.reduce((s, e) => s + e.score, 0),
    execution_time: 3,
    output: '',
    visibility: 'visible',
    stdout_visibility: 'visible',
    tests: list.flatMap((e) =>
      e.checks.map((c) => ({
        name: `${e.id}: ${c.title}`,
        number: '1.1',
        score: c.score,
        max_score: c.maxScore,
        status: c.status === 'passed' ? 'passed' : 'failed',
        output: '',
        tags: [e.id],
        visibility: 'visible',
      })),
    ),
    extra_data: {
      seed: 42,
      submission: student,
      passMark: list.reduce((s, e) => s + e.maxScore, 0),
      exercises: list.map((e) => ({ id: e.id, status: e.status, score: e.score, maxScore: e.maxScore, summary: '', checks: e.checks })),
      ...(trained
        ? {
            copyTask: {
              config: { accuracyBar: 0.95 },
              baselineLoss: 0.5,
              models: [
                { name: 'student', stepsToSolve: 480, accuracy: 0.99, wallMs: 4000, curve: [] },
                { name: 'reference', stepsToSolve: 470, accuracy: 1, wallMs: 400, curve: [] },
                { name: 'rnn', stepsToSolve: null, accuracy: 0.5, wallMs: 300, curve: [] },
              ],
            },
          }
        : {}),
    },
  };
}

const OWN = { '01-activations': Array.from({ length: 40 }, (_, k) => 1000 + k) };

/** Writes the fixture class into `dir`; returns the records it wrote. */
export function writeFixtureClass(dir: string): StudentRecord[] {
  const base = (student: string): StudentRecord => ({
    schema: 1,
    student,
    origin: `lstm-lab-${student}/`,
    sourceKey: `lstm-lab-${student}/`,
    status: 'graded',
    notes: [],
    fingerprints: {},
  });
  const graded: [string, ReturnType<typeof exercises>, boolean, Partial<StudentRecord>][] = [
    ['ada', exercises('full'), true, {}],
    ['grace', exercises('mistake'), false, { fingerprints: OWN, contentHash: 'c'.repeat(64) }],
    ['alan', exercises('mistake-finding'), false, { fingerprints: OWN, contentHash: 'c'.repeat(64) }],
    ['stubby', exercises('stub'), false, {}],
  ];
  const records: StudentRecord[] = [];
  for (const [student, list, trained, extra] of graded) {
    fs.mkdirSync(path.join(dir, student), { recursive: true });
    fs.writeFileSync(path.join(dir, student, RESULTS_FILE), JSON.stringify(results(student, list, trained)));
    records.push({ ...base(student), ...extra });
  }
  records.push({
    ...base('eve'),
    status: 'invalid-submission',
    reason: '=HYPERLINK("http://example.org") <script>alert(1)</script>',
    fingerprints: undefined,
  });
  records.push({ ...base('-mallory'), status: 'grading-error', reason: 'the grading process ended unexpectedly (signal SIGKILL)' });
  for (const record of records) writeRecord(dir, record);
  writeManifest(dir, {
    schema: 1,
    graderVersion: 'f'.repeat(64),
    options: { quick: false, seed: 42, configHash: 'e'.repeat(64) },
    shard: null,
    students: records.map((r) => r.student).sort(),
  });
  return records;
}
