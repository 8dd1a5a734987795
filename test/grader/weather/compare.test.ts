import { describe, expect, it } from 'vitest';
import { CURVE_RTOL, compareCurves } from '../../../grader/weather/compare';

const curve = (losses: number[]) => losses.map((loss, k) => ({ step: 10 * (k + 1), loss, accuracy: null }));

describe('compareCurves', () => {
  const reference = curve([1.2, 0.8, 0.5, 0.4]);

  it('follows when every point agrees to rounding', () => {
    const c = compareCurves(curve([1.2 * (1 + 1e-15), 0.8, 0.5, 0.4 * (1 - 1e-12)]), reference);
    expect(c).toMatchObject({ compared: 4, agreeing: 4, follows: true, firstDisagreement: null });
    expect(c.largestRelativeGap).toBeLessThan(1e-11);
  });

  it('parts at the first point off by more than the tolerance, and names it', () => {
    const c = compareCurves(curve([1.2, 0.8 * (1 + 10 * CURVE_RTOL), 0.5 * 1.01, 0.4]), reference);
    expect(c.follows).toBe(false);
    expect(c.agreeing).toBe(2);
    expect(c.firstDisagreement).toEqual({ step: 20, student: 0.8 * (1 + 10 * CURVE_RTOL), reference: 0.8 });
    expect(c.largestRelativeGap).toBeCloseTo(0.01, 12);
  });

  it('does not follow a curve that stops early or has no points', () => {
    expect(compareCurves(curve([1.2, 0.8]), reference)).toMatchObject({ compared: 2, agreeing: 2, follows: false });
    expect(compareCurves([], reference)).toMatchObject({ compared: 0, follows: false });
  });
});
