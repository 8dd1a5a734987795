/**
 * Does the student's learning curve follow the reference's? Points taken at the same step agree
 * within 0.02 + 25 % of the reference's loss; the curve follows when at least 90 % agree. And do
 * the two runs solve the task after about as many steps?
 */
import { describe, expect, it } from 'vitest';
import {
  compareCurves,
  CURVE_AGREEMENT,
  CURVE_ATOL,
  CURVE_RTOL,
  STEPS_ATOL,
  STEPS_RTOL,
  stepsAgree,
} from '../../../grader/copytask/compare';
import type { CurvePoint } from '../../../grader/copytask/train-loop';

const curve = (...points: [step: number, loss: number][]): CurvePoint[] => points.map(([step, loss]) => ({ step, loss, accuracy: 0.5 }));

describe('compareCurves', () => {
  it('uses the documented agreement rule', () => {
    expect([CURVE_ATOL, CURVE_RTOL, CURVE_AGREEMENT]).toEqual([0.02, 0.25, 0.9]);
  });

  it('compares the points taken at the same step, counts the agreeing ones and finds the largest gap', () => {
    const reference = curve([25, 1], [50, 0.5], [75, 0.1]);
    const student = curve([25, 1.2], [50, 0.9], [75, 0.1], [100, 0.05]);
    // 1.2 vs 1: gap 0.2 ≤ 0.27 agrees; 0.9 vs 0.5: gap 0.4 > 0.145 does not; 0.1 vs 0.1 agrees; step 100 has no partner.
    expect(compareCurves(student, reference)).toEqual({
      compared: 3,
      agreeing: 2,
      follows: false,
      worst: { step: 50, student: 0.9, reference: 0.5 },
    });
  });

  it('follows when at least 90 % of the compared points agree, and not below', () => {
    const reference = curve(...Array.from({ length: 10 }, (_, k): [number, number] => [25 * (k + 1), 1]));
    const offBy = (wrong: number) => curve(...reference.map((p, k): [number, number] => [p.step, k < wrong ? 2 : 1.1]));
    expect(compareCurves(offBy(1), reference)).toMatchObject({
      compared: 10,
      agreeing: 9,
      follows: true,
      worst: { step: 25, student: 2, reference: 1 },
    });
    expect(compareCurves(offBy(2), reference)).toMatchObject({ compared: 10, agreeing: 8, follows: false });
  });

  it("lets a loss within the tolerance agree, however small the reference's loss", () => {
    expect(compareCurves(curve([10, 1.26]), curve([10, 1])).agreeing).toBe(1);
    expect(compareCurves(curve([10, 1.28]), curve([10, 1])).agreeing).toBe(0);
    expect(compareCurves(curve([10, 0.015]), curve([10, 0])).agreeing).toBe(1);
    expect(compareCurves(curve([10, 0.025]), curve([10, 0])).agreeing).toBe(0);
  });

  it('does not follow when no step is shared, and has no worst point then', () => {
    expect(compareCurves(curve([5, 1]), curve([10, 1]))).toEqual({ compared: 0, agreeing: 0, follows: false, worst: null });
    expect(compareCurves([], curve([10, 1]))).toEqual({ compared: 0, agreeing: 0, follows: false, worst: null });
  });

  it('does not let a NaN loss agree', () => {
    expect(compareCurves(curve([10, Number.NaN], [20, 0.5]), curve([10, 1], [20, 0.5]))).toMatchObject({
      compared: 2,
      agreeing: 1,
      follows: false,
    });
  });
});

describe('stepsAgree', () => {
  it("lets the steps to solve differ by 50 steps or 25 % of the reference's, whichever is larger", () => {
    expect([STEPS_ATOL, STEPS_RTOL]).toEqual([50, 0.25]);
    expect([stepsAgree(150, 100), stepsAgree(151, 100), stepsAgree(50, 100), stepsAgree(49, 100)]).toEqual([true, false, true, false]);
    expect([stepsAgree(1250, 1000), stepsAgree(1251, 1000), stepsAgree(750, 1000), stepsAgree(749, 1000)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('agrees when neither solved, and never when only one did', () => {
    expect(stepsAgree(null, null)).toBe(true);
    expect(stepsAgree(null, 900)).toBe(false);
    expect(stepsAgree(900, null)).toBe(false);
  });
});
