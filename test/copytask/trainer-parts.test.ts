import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cached, cachePath } from '../../grader/copytask/cache';
import { sequenceLength } from '../../grader/copytask/config';
import { initLstmParams, initRnnParams } from '../../grader/copytask/init';
import { Adam, clipGlobalNorm } from '../../grader/copytask/optimizer';
import { gradedConfig } from '../../grader/copytask/tiers';

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

describe('initialisation', () => {
  it('chrono: b_f = ln U(1, T_max − 1) with T_max = T + 2S, b_i = −b_f, other biases 0', () => {
    const config = { ...gradedConfig(5), delay: 50 };
    const { params, readout } = initLstmParams(config);
    const maxBias = Math.log(sequenceLength(config) - 1);
    for (let k = 0; k < config.hidden; k++) {
      expect(params.forget.b[k]).toBeGreaterThanOrEqual(0);
      expect(params.forget.b[k]).toBeLessThan(maxBias);
      expect(params.input.b[k]).toBe(-params.forget.b[k]);
    }
    expect(new Set(params.forget.b).size).toBe(config.hidden);
    expect(Array.from(params.output.b)).toEqual(new Array(config.hidden).fill(0));
    const bound = 1 / Math.sqrt(config.hidden);
    expect(params.candidate.W.data.every((w) => Math.abs(w) <= bound)).toBe(true);
    expect(readout.W.rows).toBe(config.symbols + 1);
  });

  it('forget-bias-1 sets b_f = 1; the same seed gives the same weights, another seed others', () => {
    const config = { ...gradedConfig(5), init: 'forget-bias-1' as const };
    const a = initLstmParams(config).params;
    expect(Array.from(a.forget.b)).toEqual(new Array(config.hidden).fill(1));
    expect(Array.from(a.input.b)).toEqual(new Array(config.hidden).fill(0));
    expect(initLstmParams(config).params.output.W.data).toEqual(a.output.W.data);
    expect(initLstmParams({ ...config, seed: 6 }).params.output.W.data).not.toEqual(a.output.W.data);
    expect(initRnnParams(config).params.W.cols).toBe(config.hidden + config.symbols + 2);
  });
});

describe('the reference-run cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copytask-cache-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes once per key, then reads the file; another key computes again', () => {
    let computed = 0;
    const compute = () => ({ value: ++computed, curve: [1.5, 2] });
    expect(cached(dir, 'unit', { seed: 1 }, compute)).toEqual({ value: { value: 1, curve: [1.5, 2] }, hit: false });
    expect(cached(dir, 'unit', { seed: 1 }, compute)).toEqual({ value: { value: 1, curve: [1.5, 2] }, hit: true });
    expect(cached(dir, 'unit', { seed: 2 }, compute).hit).toBe(false);
    expect(computed).toBe(2);
    expect(readdirSync(join(dir, 'copytask')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('recomputes a corrupt entry', () => {
    const file = cachePath(dir, 'unit', { seed: 3 });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{ half a fi');
    const { value, hit } = cached(dir, 'unit', { seed: 3 }, () => 'fresh');
    expect(hit).toBe(false);
    expect(value).toBe('fresh');
    expect(cached(dir, 'unit', { seed: 3 }, () => 'again').value).toBe('fresh');
  });
});
