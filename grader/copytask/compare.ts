/**
 * Does the student's learning curve follow the reference's? Both start from the same weights and
 * see the same batches, so a correct LSTM gives the same curve up to rounding; a wrong gradient
 * makes them part from the first points on.
 */
import type { CurvePoint } from './train-loop';

/** A point agrees when |student − reference| ≤ CURVE_ATOL + CURVE_RTOL·reference. */
export const CURVE_ATOL = 0.02;
export const CURVE_RTOL = 0.25;
/** The curve follows when at least this fraction of the compared points agree. */
export const CURVE_AGREEMENT = 0.9;

export interface CurveComparison {
  /** Points taken at the same step in both curves. */
  compared: number;
  agreeing: number;
  follows: boolean;
  /** The point with the largest loss difference. */
  worst: { step: number; student: number; reference: number } | null;
}

export function compareCurves(student: CurvePoint[], reference: CurvePoint[]): CurveComparison {
  const referenceAt = new Map(reference.map((p) => [p.step, p.loss]));
  let compared = 0;
  let agreeing = 0;
  let worst: CurveComparison['worst'] = null;
  for (const point of student) {
    const ref = referenceAt.get(point.step);
    if (ref === undefined) continue;
    compared++;
    const gap = Math.abs(point.loss - ref);
    if (gap <= CURVE_ATOL + CURVE_RTOL * Math.abs(ref)) agreeing++;
    if (worst === null || gap > Math.abs(worst.student - worst.reference)) {
      worst = { step: point.step, student: point.loss, reference: ref };
    }
  }
  return { compared, agreeing, follows: compared > 0 && agreeing >= CURVE_AGREEMENT * compared, worst };
}

/**
 * Steps to solve agree when |student − reference| ≤ max(STEPS_ATOL, STEPS_RTOL·reference): a correct
 * LSTM's rounding differences move the step a little (scripts/copy-task/calibrate-steps.ts measures
 * how much, docs/copy-task.md records it); a wrong gradient that still learns, slower or faster, moves
 * it further. A run that solves where the other does not never agrees.
 */
export const STEPS_ATOL = 50;
export const STEPS_RTOL = 0.25;

export function stepsAgree(student: number | null, reference: number | null): boolean {
  if (student === null || reference === null) return student === reference;
  return Math.abs(student - reference) <= Math.max(STEPS_ATOL, STEPS_RTOL * reference);
}
