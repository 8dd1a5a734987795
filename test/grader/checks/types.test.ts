/** describeShape: the sizes of a shrunk case as a failure's details state them. */
import { describe, expect, it } from 'vitest';
import { describeShape } from '../../../grader/checks/types';
import { pairOf } from '../../../grader/mistakes/answers';

describe('describeShape', () => {
  it('lists H, D and T in that order, whatever order they come in', () => {
    expect(describeShape({ T: 3, D: 1, H: 2 })).toBe('H=2, D=1, T=3');
    expect(describeShape({ H: 4 })).toBe('H=4');
    expect(describeShape({ D: 5, H: 1 })).toBe('H=1, D=5');
  });

  it('writes the length of an element-wise case in words, after the sizes', () => {
    expect(describeShape({ length: 4 })).toBe('length 4');
    expect(describeShape({ H: 2, length: 3 })).toBe('H=2, length 3');
    expect(describeShape({})).toBe('');
  });

  it("describes the cases of the course's pairs", () => {
    const f64 = (n: number) => new Float64Array(n);
    expect(describeShape(pairOf('sigmoid').spec.shape({ z: f64(4), up: f64(4) }))).toBe('length 4');
    const gate = { W: { rows: 2, cols: 5, data: f64(10) }, b: f64(2) };
    expect(describeShape(pairOf('forgetGate').spec.shape({ gate, hPrev: f64(2), x: f64(3), up: f64(2) }))).toBe('H=2, D=3');
  });
});
