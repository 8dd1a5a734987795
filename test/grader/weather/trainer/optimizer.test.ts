/**
 * The sandbox trainer's own Adam and clipping (it cannot import grader/copytask/optimizer.ts, as
 * the sandbox stages only its folder): the same updates, plus a learning rate per step.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../../lib/random';
import * as copyTask from '../../../../grader/copytask/optimizer';
import { ADAM_DEFAULTS, Adam, clipGlobalNorm } from '../../../../grader/weather/trainer/optimizer';

const settings = { learningRate: 0.05, ...ADAM_DEFAULTS };

describe('Adam (weather trainer)', () => {
  it("updates bit for bit like the copy task's Adam at the settings' learning rate", () => {
    const random = new Random(4);
    const start = [random.vector(5), random.vector(3)];
    const ours = start.map((p) => Float64Array.from(p));
    const theirs = start.map((p) => Float64Array.from(p));
    const a = new Adam(ours, settings);
    const b = new copyTask.Adam(theirs, settings);
    for (let step = 0; step < 20; step++) {
      const gradients = [random.vector(5), random.vector(3)];
      a.step(gradients);
      b.step(gradients);
    }
    ours.forEach((p, j) => expect(Array.from(p)).toEqual(Array.from(theirs[j])));
    expect(Array.from(ours[0])).not.toEqual(Array.from(start[0]));
  });

  it('takes the learning rate given to the step: about lr·sign(g) at first, then the bias-corrected moments', () => {
    const p = Float64Array.of(1, -2, 0);
    const adam = new Adam([p], settings);
    adam.step([Float64Array.of(0.5, -3, 0)], 0.2);
    expect(p[0]).toBeCloseTo(1 - 0.2, 7);
    expect(p[1]).toBeCloseTo(-2 + 0.2, 7);
    expect(p[2]).toBe(0);
    // Same gradient again: m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) at this step's rate.
    adam.step([Float64Array.of(0.5, -3, 0)], 0.01);
    expect(p[0]).toBeCloseTo(1 - 0.21, 7);
    expect(p[1]).toBeCloseTo(-2 + 0.21, 7);
  });

  it('rejects a gradient list of the wrong length', () => {
    const adam = new Adam([new Float64Array(2), new Float64Array(1)], settings);
    expect(() => adam.step([new Float64Array(2)])).toThrow('Adam.step: argument gradients must hold 2 arrays, got 1');
  });
});

describe('clipGlobalNorm (weather trainer)', () => {
  it('scales every gradient by one factor down to the threshold, returns the norm before, and leaves small ones alone', () => {
    const a = Float64Array.of(3, 0);
    const b = Float64Array.of(4);
    expect(clipGlobalNorm([a, b], 2)).toBeCloseTo(5, 14);
    expect(Array.from(a)).toEqual([3 * 0.4, 0]);
    expect(b[0]).toBeCloseTo(1.6, 14);
    expect(Math.hypot(a[0], a[1], b[0])).toBeCloseTo(2, 14);
    const small = Float64Array.of(0.1, 0.2);
    expect(clipGlobalNorm([small], 1)).toBeCloseTo(Math.hypot(0.1, 0.2), 14);
    expect(Array.from(small)).toEqual([0.1, 0.2]);
  });
});
