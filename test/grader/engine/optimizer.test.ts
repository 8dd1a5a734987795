/**
 * Adam and global-norm clipping, shared by the copy task's and the sequence tasks' training loops:
 * the bias-corrected step at the settings' learning rate or at one given to the step, and clipping
 * of all gradients by one factor.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import { ADAM_DEFAULTS, Adam, clipGlobalNorm } from '../../../grader/engine/optimizer';

const settings = { learningRate: 0.05, ...ADAM_DEFAULTS };

describe('Adam', () => {
  it('takes the bias-corrected step lr·m̂/(√v̂ + ε), about lr·sign(g) at first', () => {
    const p = Float64Array.of(1, -2, 0);
    const adam = new Adam([p], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.step([Float64Array.of(0.5, -3, 0)]);
    expect(p[0]).toBeCloseTo(1 - 0.1, 7);
    expect(p[1]).toBeCloseTo(-2 + 0.1, 7);
    expect(p[2]).toBe(0);
    // Second step with the same gradient: m̂ = g and v̂ = g², so again lr·g/(|g| + ε).
    adam.step([Float64Array.of(0.5, -3, 0)]);
    expect(p[0]).toBeCloseTo(1 - 0.2, 7);
  });

  it("updates bit for bit the same with the settings' learning rate given to the step or left out", () => {
    const random = new Random(4);
    const start = [random.vector(5), random.vector(3)];
    const ours = start.map((p) => Float64Array.from(p));
    const theirs = start.map((p) => Float64Array.from(p));
    const a = new Adam(ours, settings);
    const b = new Adam(theirs, settings);
    for (let step = 0; step < 20; step++) {
      const gradients = [random.vector(5), random.vector(3)];
      a.step(gradients);
      b.step(gradients, settings.learningRate);
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
    const one = new Adam([new Float64Array(2)], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(() => one.step([])).toThrow('Adam.step: argument gradients must hold 1 arrays, got 0');
    const two = new Adam([new Float64Array(2), new Float64Array(1)], settings);
    expect(() => two.step([new Float64Array(2)])).toThrow('Adam.step: argument gradients must hold 2 arrays, got 1');
  });
});

describe('clipGlobalNorm', () => {
  it('scales all gradients together down to the threshold and leaves small ones alone', () => {
    const a = Float64Array.of(3, 0);
    const b = Float64Array.of(4);
    expect(clipGlobalNorm([a, b], 1)).toBeCloseTo(5, 14);
    expect(a[0]).toBeCloseTo(0.6, 14);
    expect(a[1]).toBe(0);
    expect(b[0]).toBeCloseTo(0.8, 14);
    const small = Float64Array.of(0.1, 0.2);
    expect(clipGlobalNorm([small], 1)).toBeCloseTo(Math.hypot(0.1, 0.2), 14);
    expect(Array.from(small)).toEqual([0.1, 0.2]);
  });

  it('scales every gradient by one factor down to the threshold and returns the norm before', () => {
    const a = Float64Array.of(3, 0);
    const b = Float64Array.of(4);
    expect(clipGlobalNorm([a, b], 2)).toBeCloseTo(5, 14);
    expect(Array.from(a)).toEqual([3 * 0.4, 0]);
    expect(b[0]).toBeCloseTo(1.6, 14);
    expect(Math.hypot(a[0], a[1], b[0])).toBeCloseTo(2, 14);
  });
});
