/**
 * Does the student's learning curve follow the reference's? Both start from the same weights and see
 * the examples in the same order, and this training is not chaotic: perturbing the initial weights by
 * a relative 1e-13 moves the curve by about 1e-14, by 1e-6 about 1e-7 (docs/sequence-tasks.md). A
 * correct implementation therefore agrees with the reference to rounding (measured: 4e-16), while a
 * wrong gradient moves the very first point by 1e-3 or more. The tolerance sits in between, far from both.
 */
import type { CurvePoint } from './trainer/loop';

/** A point agrees when |student − reference| ≤ CURVE_ATOL + CURVE_RTOL·|reference|. */
export const CURVE_RTOL = 1e-5;
export const CURVE_ATOL = 1e-9;

export interface CurveComparison {
  /** Points taken at the same step in both curves. */
  compared: number;
  agreeing: number;
  /** Every reference point has a student point at the same step, and all of them agree. */
  follows: boolean;
  /** The first point that disagrees, if any. */
  firstDisagreement: { step: number; student: number; reference: number } | null;
  /** The largest relative difference over the compared points. */
  largestRelativeGap: number;
}

export function compareCurves(student: readonly CurvePoint[], reference: readonly CurvePoint[]): CurveComparison {
  const studentAt = new Map(student.map((p) => [p.step, p.loss]));
  let compared = 0;
  let agreeing = 0;
  let firstDisagreement: CurveComparison['firstDisagreement'] = null;
  let largestRelativeGap = 0;
  for (const point of reference) {
    const mine = studentAt.get(point.step);
    if (mine === undefined) continue;
    compared++;
    const gap = Math.abs(mine - point.loss);
    largestRelativeGap = Math.max(largestRelativeGap, gap / Math.max(Math.abs(point.loss), Number.MIN_VALUE));
    if (gap <= CURVE_ATOL + CURVE_RTOL * Math.abs(point.loss)) {
      agreeing++;
    } else {
      firstDisagreement ??= { step: point.step, student: mine, reference: point.loss };
    }
  }
  return {
    compared,
    agreeing,
    follows: compared === reference.length && compared > 0 && agreeing === compared,
    firstDisagreement,
    largestRelativeGap,
  };
}
