/**
 * A grade is plain data (grader/model.ts): every output renders it, results.json carries parts of
 * it, and it must read back from JSON exactly as it was written: no typed arrays, no class
 * instances, no NaN or infinities (which JSON turns into null).
 */
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../grader/answer-key';
import { loadConfig } from '../../grader/config';
import { grade } from '../../grader/grade';
import type { GradeResult } from '../../grader/model';
import { liveAnswers } from '../../grader/mistakes/answers';
import { CACHE_DIR, EXERCISES_DIR } from '../../grader/paths';
import type { Vector } from '../../lib/types';
import { realGrade } from '../fixtures/grades';
import { libraryRunner, type Behaviour } from '../helpers/library-runner';

/** Paths of the values JSON would not give back as they are. */
function notPlain(value: unknown, path = 'grade'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap((v, k) => notPlain(v, `${path}[${k}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([k, v]) => notPlain(v, `${path}.${k}`));
  }
  return [`${path} is ${Object.prototype.toString.call(value)}`];
}

const roundTrip = (result: GradeResult) => JSON.parse(JSON.stringify(result)) as GradeResult;

/** The value with −0 written as 0: JSON cannot tell them apart, and no output does either. */
function zeroSigned(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map(zeroSigned);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zeroSigned(v)]));
  return value;
}

/** Grades only the activations, in memory, with the student's functions the reference's with `overrides`. */
function gradeActivations(overrides: Record<string, Behaviour>): Promise<GradeResult> {
  return grade({
    submissionDir: EXERCISES_DIR,
    submissionLabel: 'exercises',
    config: loadConfig(),
    runner: libraryRunner(FULL_REFERENCE, overrides),
    seed: 42,
    only: ['activations'],
    quick: true,
    replayCommand: (exercise, checkId, path) => `npm run grade -- --only ${exercise} --replay ${checkId}@${path}`,
    answers: liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary }),
    cacheDir: CACHE_DIR,
  });
}

describe('GradeResult', () => {
  it('of a real mixed submission (every status, diagnoses, gradients, counterexamples) round-trips through JSON unchanged', async () => {
    const result = await realGrade('mixed');
    expect(result.exercises.some((e) => e.checks.some((c) => c.gradients && c.diagnosis && c.counterexample))).toBe(true);
    expect(new Set(result.exercises.map((e) => e.status))).toEqual(new Set(['passed', 'failed', 'not-attempted', 'error']));
    expect(notPlain(result)).toEqual([]);
    expect(roundTrip(result)).toEqual(zeroSigned(result));
  });

  it("stays plain when the student's backward answers NaN", async () => {
    const nanForLargeS = (s: Vector, ds: Vector) => ds.map((d, k) => (s[k] > 0.9 ? Number.NaN : d * s[k] * (1 - s[k])));
    const result = await gradeActivations({ sigmoidBackward: nanForLargeS });
    const gradient = result.exercises[0].checks.find((c) => c.id === 'sigmoidBackward.backward-gradient')!;
    expect(gradient.status).toBe('failed');
    expect(notPlain(result)).toEqual([]);
    expect(roundTrip(result)).toEqual(zeroSigned(result));
  });
});
