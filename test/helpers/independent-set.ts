/**
 * The held-out set of student mistakes (test/fixtures/independent-mistakes/): each case laid over
 * the reference solutions as a whole submission, and how a grade's feedback on it is classified
 * against the case's expected diagnosis (expected.ts): named right, named wrong, or not named.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../grader/config';
import type { ExerciseId } from '../../grader/course';
import { grade } from '../../grader/grade';
import type { CheckResult } from '../../grader/model';
import { loadAnswers, type AnswerSource } from '../../grader/mistakes/answers';
import { CACHE_DIR } from '../../grader/paths';
import { createDirectRunner } from '../../grader/sandbox/direct-runner';
import manifest from '../fixtures/independent-mistakes/manifest.json';
import { EXPECTED } from '../fixtures/independent-mistakes/expected';
import { buildMistakeSubmission } from '../fixtures/mistake-patches';

export interface IndependentCase {
  id: string;
  exercise: ExerciseId;
  file: string;
  description: string;
  wrongFunctions: string[];
  wrongFields: string[];
  cause: string;
  passesToday?: boolean;
}

export const CASES: readonly IndependentCase[] = manifest as IndependentCase[];
const CASES_DIR = path.join(__dirname, '..', 'fixtures', 'independent-mistakes', 'cases');

/** A whole submission: the reference solutions with the case's files laid over them; returns its exercises/ folder. */
export function assembleCase(id: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `lstm-case-${id}-`));
  const exercises = buildMistakeSubmission(null, root);
  cpSync(path.join(CASES_DIR, id), exercises, { recursive: true });
  return exercises;
}

export type Verdict = 'right' | 'wrong' | 'none';

/** How the feedback of an exercise's failing checks reads against the case's expected diagnosis. */
export function classify(id: string, checks: CheckResult[]): { verdict: Verdict; said: string[] } {
  const expected = EXPECTED[id];
  if (!expected) throw new RangeError(`classify: no expected diagnosis for case ${JSON.stringify(id)}`);
  const failing = checks.filter((c) => c.status === 'failed' || c.status === 'error');
  const named = new Set(failing.flatMap((c) => c.diagnosis?.named.map((m) => m.id) ?? []));
  const ties = failing.flatMap((c) => c.diagnosis?.oneOf.map((t) => t.mistakes.map((m) => m.id)) ?? []);
  const findings = failing.flatMap((c) => c.diagnosis?.findings.map((f) => f.text) ?? []);
  const messages = failing.map((c) => c.message);
  const acceptable = new Set(expected.mistakes ?? []);
  const said = [...[...named].map((m) => `named ${m}`), ...ties.map((t) => `one of ${t.join(' | ')}`), ...findings];
  const wrongName = [...named].some((m) => !acceptable.has(m)) || ties.some((t) => !t.some((m) => acceptable.has(m)));
  if (wrongName) return { verdict: 'wrong', said };
  const rightName = [...named].some((m) => acceptable.has(m)) || ties.length > 0;
  const rightFinding = expected.finding !== undefined && findings.some((f) => expected.finding!.test(f));
  const rightMessage = expected.message !== undefined && messages.some((m) => expected.message!.test(m));
  return { verdict: rightName || rightFinding || rightMessage ? 'right' : 'none', said };
}

export interface GradedCase {
  /** The case's exercise kept full marks: wrong code passed. */
  passed: boolean;
  verdict: Verdict;
  said: string[];
}

let answers: Promise<AnswerSource | undefined> | undefined;

/**
 * Grades one case as the tests do: in-process (direct runner: the cases are our own fixtures),
 * quick, only the case's exercise, at `seed`; the assembled submission is removed afterwards.
 */
export async function gradeCase(c: IndependentCase, seed = 42): Promise<GradedCase> {
  const submissionDir = assembleCase(c.id);
  const runner = createDirectRunner(submissionDir);
  try {
    const result = await grade({
      submissionDir,
      submissionLabel: 'submission',
      config: loadConfig(),
      runner,
      seed,
      only: [c.exercise],
      quick: true,
      replayCommand: () => '',
      answers: await (answers ??= loadAnswers()),
      cacheDir: CACHE_DIR,
    });
    const own = result.exercises.find((e) => e.id === c.exercise);
    if (!own) throw new Error(`gradeCase: the grade of ${c.id} has no exercise ${c.exercise}`);
    return { passed: own.score >= own.maxScore || result.passed, ...classify(c.id, own.checks) };
  } finally {
    await runner.close();
    rmSync(path.dirname(submissionDir), { recursive: true, force: true });
  }
}
