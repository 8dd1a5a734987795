/**
 * The bench's multiply-add counts (grader/bench/flops.ts), against the multiply-adds the matrix
 * products of one batched training step of FastLstm and FastRnn really do, counted on their Arena.
 * Both skip the gradient to h_{−1} (a constant that feeds no parameter).
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import { lstmStepMacs, rnnStepMacs } from '../../../grader/bench/flops';
import { sequenceLength, type CopyTaskConfig } from '../../../grader/copytask/config';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import type { Arena } from '../../../grader/copytask/kernels/arena';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { CopyBatch } from '../../../grader/copytask/train-loop';
import type { ReadoutParams } from '../../../grader/copytask/readout';
import type { SequenceModel } from '../../../grader/copytask/sequence-model';

/** Σ M·N·K over the matrix products of one training step of `model` on a fresh batch. */
function countedMacs(config: CopyTaskConfig, model: SequenceModel & { arena: Arena }, readout: ReadoutParams): number {
  const batch = new CopyBatch(config, readout);
  batch.draw(new Random(1));
  batch.lossAndGradients(model, { loss: 0, correct: 0 }); // the first call sets up the batched path
  const arena = model.arena;
  const gemm = arena.gemm.bind(arena);
  let macs = 0;
  arena.gemm = (M, N, K, ...rest) => {
    macs += M * N * K;
    gemm(M, N, K, ...rest);
  };
  batch.lossAndGradients(model, { loss: 0, correct: 0 });
  return macs;
}

const CONFIGS: CopyTaskConfig[] = [gradedConfig(42), { ...gradedConfig(7), symbols: 8, delay: 25, batch: 16, hidden: 32 }];

describe('multiply-adds of one training step', () => {
  for (const config of CONFIGS) {
    const L = sequenceLength(config);
    it(`LSTM, H = ${config.hidden}: lstmStepMacs counts every product of the forward, the backward and the readout`, () => {
      const { params, readout } = initLstmParams(config);
      expect(lstmStepMacs(config)).toBe(countedMacs(config, new FastLstm(params, L), readout));
    });

    it(`RNN, H = ${config.hidden}: rnnStepMacs likewise`, () => {
      const { params, readout } = initRnnParams(config);
      expect(rnnStepMacs(config)).toBe(countedMacs(config, new FastRnn(params, L), readout));
    });
  }

  it('grow with the square of the hidden size and linearly with the batch', () => {
    const base = gradedConfig(1);
    expect(lstmStepMacs({ ...base, batch: 2 * base.batch })).toBe(2 * lstmStepMacs(base));
    expect(lstmStepMacs({ ...base, hidden: 512 }) / lstmStepMacs({ ...base, hidden: 256 })).toBeCloseTo(4, 1);
    // The LSTM has four gates where the RNN has one.
    expect(lstmStepMacs({ ...base, hidden: 512 }) / rnnStepMacs({ ...base, hidden: 512 })).toBeCloseTo(4, 1);
  });
});
