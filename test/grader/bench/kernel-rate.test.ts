/**
 * The bench's single-kernel line (grader/bench/kernel-rate.ts): the shapes it times are the
 * products FastLstm runs in a training step, and its rates are positive GFLOP/s figures.
 */
import { describe, expect, it } from 'vitest';
import { gemmRate, lstmGemmShapes, wasmPeakRate } from '../../../grader/bench/kernel-rate';
import { inputSize, sequenceLength } from '../../../grader/copytask/config';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { initLstmParams } from '../../../grader/copytask/init';
import { loadGemmWasm } from '../../../grader/copytask/kernels/wasm';
import { gradedConfig } from '../../../grader/copytask/tiers';

describe('lstmGemmShapes', () => {
  it("are the shapes of the LSTM's forward and backward products (the readout's aside)", () => {
    const config = gradedConfig(42);
    const L = sequenceLength(config);
    const D = inputSize(config);
    const n = config.batch;
    const model = new FastLstm(initLstmParams(config).params, L);
    model.reserve(n);
    const gemm = model.arena.gemm.bind(model.arena);
    const seen = new Set<string>();
    model.arena.gemm = (M, N, K, ...rest) => {
      seen.add(`${M}×${N}×${K}`);
      gemm(M, N, K, ...rest);
    };
    model.setInputs(new Float64Array(n * L * D), n);
    model.forwardBatch(n);
    model.backwardBatch(n);
    const shapes = lstmGemmShapes(config.hidden, D, n, L);
    expect(new Set(shapes.map((s) => `${s.M}×${s.N}×${s.K}`))).toEqual(seen);
    const H = config.hidden;
    expect(shapes.map((s) => s.name)).toEqual([
      `forward gates ${n}×${H + D}·${H + D}×${4 * H}`,
      `backward dh ${n}×${4 * H}·${4 * H}×${H}`,
      `backward dW ${4 * H}×${n * L}·${n * L}×${H + D}`,
    ]);
  });
});

describe('rates', () => {
  const [forward] = lstmGemmShapes(4, 3, 2, 5);
  const kernels = loadGemmWasm().available ? (['typescript', 'webassembly'] as const) : (['typescript'] as const);

  for (const kernel of kernels) {
    it(`${kernel}: gemmRate gives a positive, finite GFLOP/s in short windows`, () => {
      const rate = gemmRate(forward, kernel, 0.01, 2);
      expect(rate).toBeGreaterThan(0);
      expect(Number.isFinite(rate)).toBe(true);
      expect(gemmRate({ ...forward, transposedA: true }, kernel, 0.01, 1)).toBeGreaterThan(0);
    });
  }

  it('wasmPeakRate is the peak of the WebAssembly kernel, or null without it', () => {
    const peak = wasmPeakRate(0.01, 1);
    if (loadGemmWasm().available) expect(peak).toBeGreaterThan(0);
    else expect(peak).toBeNull();
  });
});
