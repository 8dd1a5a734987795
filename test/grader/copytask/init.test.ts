import { describe, expect, it } from 'vitest';
import { sequenceLength } from '../../../grader/copytask/config';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import { gradedConfig } from '../../../grader/copytask/tiers';

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
