import { describe, expect, it } from 'vitest';
import { Adam, clipGlobalNorm } from '../../../grader/copytask/optimizer';

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

  it('rejects a gradient list of the wrong length', () => {
    const adam = new Adam([new Float64Array(2)], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(() => adam.step([])).toThrow('Adam.step: argument gradients must hold 1 arrays, got 0');
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
});
