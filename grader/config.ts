/**
 * Loads grader/grading-config.json (or an instructor's copy) and checks it, so that a typo in the file
 * is a clear error naming the key rather than a silent default.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tolerance } from './engine/finite-difference';
import { EXERCISE_IDS, type ExerciseId } from './exercises';

export const CHECK_KINDS = [
  'forward',
  'forward-extreme',
  'shapes',
  'backward-gradient',
  'backward-own-forward',
  'backward-zero-upstream',
  'backward-extreme',
  'arguments-unchanged',
  'deterministic',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface GradingConfig {
  seed: number;
  /** Fraction of the maximum score needed for exit code 0 (1 = full marks). */
  passMark: number;
  numRuns: number;
  points: Record<CheckKind, number>;
  exercisePoints: Partial<Record<ExerciseId, Partial<Record<CheckKind, number>>>>;
  copyTaskPoints: { 'solves-graded-delay': number; 'follows-reference': number };
  tolerance: { forward: Tolerance; gradient: Tolerance };
  sandbox: { callTimeoutMs: number; loadTimeoutMs: number; memoryLimitMb: number; outputLimitBytes: number };
  /** Wall time for all checks of one exercise; checks not started by then are errors (slow code). */
  exerciseBudgetMs: number;
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
}

export const DEFAULT_CONFIG_PATH = path.join(__dirname, 'grading-config.json');

export function loadConfig(file = DEFAULT_CONFIG_PATH): GradingConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read the grading config ${file}: ${(error as Error).message}`);
  }
  return validateConfig(raw, file);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function validateConfig(raw: unknown, file: string): GradingConfig {
  const fail = (key: string, want: string): never => {
    throw new ConfigError(`${file}: "${key}" must be ${want}`);
  };
  const c = raw as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof c !== 'object' || c === null) fail('(top level)', 'an object');
  const num = (v: unknown, key: string, min = 0) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fail(key, `a number ≥ ${min}`));
  num(c.seed, 'seed');
  num(c.numRuns, 'numRuns', 1);
  if (!(typeof c.passMark === 'number' && c.passMark >= 0 && c.passMark <= 1)) fail('passMark', 'a fraction between 0 and 1');
  for (const kind of CHECK_KINDS) num(c.points?.[kind], `points.${kind}`);
  for (const [id, overrides] of Object.entries(c.exercisePoints ?? {})) {
    if (!(EXERCISE_IDS as readonly string[]).includes(id)) fail(`exercisePoints.${id}`, `one of ${EXERCISE_IDS.join(', ')}`);
    for (const [kind, v] of Object.entries(overrides as object)) {
      if (!(CHECK_KINDS as readonly string[]).includes(kind)) fail(`exercisePoints.${id}.${kind}`, `one of ${CHECK_KINDS.join(', ')}`);
      num(v, `exercisePoints.${id}.${kind}`);
    }
  }
  num(c.copyTaskPoints?.['solves-graded-delay'], 'copyTaskPoints.solves-graded-delay');
  num(c.copyTaskPoints?.['follows-reference'], 'copyTaskPoints.follows-reference');
  for (const t of ['forward', 'gradient']) {
    num(c.tolerance?.[t]?.atol, `tolerance.${t}.atol`);
    num(c.tolerance?.[t]?.rtol, `tolerance.${t}.rtol`);
  }
  for (const k of ['callTimeoutMs', 'loadTimeoutMs', 'memoryLimitMb', 'outputLimitBytes']) num(c.sandbox?.[k], `sandbox.${k}`, 1);
  num(c.exerciseBudgetMs, 'exerciseBudgetMs', 1);
  if (!['visible', 'hidden', 'after_due_date', 'after_published'].includes(c.visibility)) {
    fail('visibility', 'one of visible, hidden, after_due_date, after_published');
  }
  return {
    seed: c.seed,
    passMark: c.passMark,
    numRuns: c.numRuns,
    points: c.points,
    exercisePoints: c.exercisePoints ?? {},
    copyTaskPoints: c.copyTaskPoints,
    tolerance: c.tolerance,
    sandbox: c.sandbox,
    exerciseBudgetMs: c.exerciseBudgetMs,
    visibility: c.visibility,
  };
}

export function pointsFor(config: GradingConfig, exercise: ExerciseId, kind: CheckKind): number {
  return config.exercisePoints[exercise]?.[kind] ?? config.points[kind];
}
