/**
 * Small hand-built grades for unit tests of one output's wording (a line of the terminal, a
 * sentence of the report), where the exact expected text matters and a real grade
 * (test/fixtures/grades.ts, seconds) is not needed. Each builder gives a complete, valid value of
 * its type with neutral contents; a test overrides what it is about.
 */
import type { CheckResult, Diagnosis, ExerciseResult, GradeResult, GradientComparison } from '../../grader/model';

export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'affine.forward',
    exercise: 'affine',
    title: 'affine matches the reference',
    fn: 'affine',
    status: 'passed',
    score: 3,
    maxScore: 3,
    message: '',
    ...overrides,
  };
}

export function exerciseResult(overrides: Partial<ExerciseResult> = {}): ExerciseResult {
  const checks = overrides.checks ?? [checkResult({ exercise: overrides.id ?? 'affine' })];
  return {
    id: 'affine',
    title: 'The affine map W·[h, x] + b',
    file: '02-affine/affine.ts',
    status: 'passed',
    score: checks.reduce((s, c) => s + c.score, 0),
    maxScore: checks.reduce((s, c) => s + c.maxScore, 0),
    summary: '',
    checks,
    showBackwardEquations: true,
    ...overrides,
  };
}

export function gradeResult(overrides: Partial<GradeResult> = {}): GradeResult {
  const exercises = overrides.exercises ?? [exerciseResult()];
  const score = exercises.reduce((s, e) => s + e.score, 0);
  const maxScore = exercises.reduce((s, e) => s + e.maxScore, 0);
  return {
    versions: { node: 'v20.0.0', 'fast-check': '4.11.0' },
    seed: 42,
    startedAt: '2026-11-29T00:00:00.000Z',
    durationMs: 1500,
    submission: 'exercises',
    score,
    maxScore,
    passMark: maxScore,
    passed: score >= maxScore,
    exercises,
    ...overrides,
  };
}

export function diagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  return { fn: 'cellStateBackward', failingFields: ['dcPrev'], named: [], oneOf: [], findings: [], ...overrides };
}

/** A gradient comparison with `ok` per entry; the worst entry is the first wrong one (or entry 0). */
export function gradientComparison(
  overrides: Partial<GradientComparison> & Pick<GradientComparison, 'analytic' | 'numerical' | 'ok'>,
): GradientComparison {
  const rows = overrides.rows ?? 1;
  const cols = overrides.cols ?? overrides.analytic.length / rows;
  const k = Math.max(0, overrides.ok.indexOf(false));
  return {
    name: 'dx',
    label: 'dx',
    rows,
    cols,
    worst: {
      row: Math.floor(k / cols),
      col: k % cols,
      analytic: overrides.analytic[k],
      numerical: overrides.numerical[k],
      error: Math.abs(Number(overrides.analytic[k]) - Number(overrides.numerical[k])),
    },
    ...overrides,
  };
}
