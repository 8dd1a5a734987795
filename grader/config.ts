/**
 * Loads grader/grading-config.json (or an instructor's copy) and checks it, so that a typo in the file
 * is a clear error naming the key rather than a silent default.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KIND_NAMES } from './checks/kinds';
import { COURSE, EXERCISE_IDS, exerciseById, isExerciseId, type ExerciseId } from './course';
import type { Tolerance } from './engine/finite-difference';
import { VISIBILITIES, type Visibility } from './reporters/gradescope-schema';

export interface GradingConfig {
  seed: number;
  /** Fraction of the maximum score needed for exit code 0 (1 = full marks). */
  passMark: number;
  numRuns: number;
  /** Points of each check kind of a code exercise. */
  points: Record<string, number>;
  /**
   * Per exercise: overrides of `points` for a code exercise; for a task exercise (the copy task)
   * the points of each of its checks, by check id.
   */
  exercisePoints: Partial<Record<ExerciseId, Record<string, number>>>;
  tolerance: { forward: Tolerance; gradient: Tolerance };
  sandbox: { callTimeoutMs: number; loadTimeoutMs: number; memoryLimitMb: number; outputLimitBytes: number };
  /** Wall time for all checks of one exercise; checks not started by then are errors (slow code). */
  exerciseBudgetMs: number;
  visibility: Visibility;
  /** When the report shows an exercise's backward equations: deriving them is part of the exercise. */
  revealBackwardEquations: RevealPolicy;
}

export const REVEAL_POLICIES = ['never', 'after-pass', 'always'] as const;
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

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
  if (typeof raw !== 'object' || raw === null) fail('(top level)', 'an object');
  const c = raw as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated field by field below
  const num = (v: unknown, key: string, min = 0) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fail(key, `a number ≥ ${min}`);
  num(c.seed, 'seed');
  num(c.numRuns, 'numRuns', 1);
  if (!(typeof c.passMark === 'number' && c.passMark >= 0 && c.passMark <= 1)) fail('passMark', 'a fraction between 0 and 1');
  for (const kind of KIND_NAMES) num(c.points?.[kind], `points.${kind}`);
  for (const [id, overrides] of Object.entries(c.exercisePoints ?? {})) {
    if (!isExerciseId(id)) fail(`exercisePoints.${id}`, `one of ${EXERCISE_IDS.join(', ')}`);
    const exercise = exerciseById(id as ExerciseId);
    const keys = exercise.kind === 'code' ? KIND_NAMES : exercise.checks.map((check) => check.id);
    for (const [key, v] of Object.entries(overrides as object)) {
      if (!keys.includes(key)) fail(`exercisePoints.${id}.${key}`, `one of ${keys.join(', ')}`);
      num(v, `exercisePoints.${id}.${key}`);
    }
  }
  for (const exercise of COURSE) {
    if (exercise.kind !== 'task') continue;
    for (const check of exercise.checks) num(c.exercisePoints?.[exercise.id]?.[check.id], `exercisePoints.${exercise.id}.${check.id}`);
  }
  for (const t of ['forward', 'gradient']) {
    num(c.tolerance?.[t]?.atol, `tolerance.${t}.atol`);
    num(c.tolerance?.[t]?.rtol, `tolerance.${t}.rtol`);
  }
  for (const k of ['callTimeoutMs', 'loadTimeoutMs', 'memoryLimitMb', 'outputLimitBytes']) num(c.sandbox?.[k], `sandbox.${k}`, 1);
  num(c.exerciseBudgetMs, 'exerciseBudgetMs', 1);
  if (!VISIBILITIES.includes(c.visibility)) fail('visibility', `one of ${VISIBILITIES.join(', ')}`);
  const reveal = c.revealBackwardEquations ?? 'after-pass';
  if (!REVEAL_POLICIES.includes(reveal)) fail('revealBackwardEquations', `one of ${REVEAL_POLICIES.join(', ')}`);
  return {
    seed: c.seed,
    passMark: c.passMark,
    numRuns: c.numRuns,
    points: c.points,
    exercisePoints: c.exercisePoints ?? {},
    tolerance: c.tolerance,
    sandbox: c.sandbox,
    exerciseBudgetMs: c.exerciseBudgetMs,
    visibility: c.visibility,
    revealBackwardEquations: reveal,
  };
}

/** Points of a check kind of a code exercise. */
export function pointsFor(config: GradingConfig, exercise: ExerciseId, kind: string): number {
  return config.exercisePoints[exercise]?.[kind] ?? config.points[kind];
}

/** Points of each check of a task exercise, by check id. */
export function taskPoints(config: GradingConfig, exercise: ExerciseId): Record<string, number> {
  const points = config.exercisePoints[exercise];
  if (!points) throw new ConfigError(`the grading config has no exercisePoints.${exercise}`);
  return { ...points };
}
