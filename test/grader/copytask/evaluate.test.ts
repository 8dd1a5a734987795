import { describe, expect, it } from 'vitest';
import { sequenceLength } from '../../../grader/copytask/config';
import { evaluateModel, gateActivations } from '../../../grader/copytask/evaluate';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import type { SequenceModel } from '../../../grader/copytask/sequence-model';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { runTraining } from '../../../grader/copytask/train-loop';
import { SequentialLstm } from './sequential-models';

/** The same model seen through the one-sequence API only, as the evaluation saw it before batching. */
function oneAtATime(model: SequenceModel): SequenceModel {
  return {
    parameters: model.parameters,
    gradients: model.gradients,
    forward: (xs) => model.forward(xs),
    backward: (dhs) => model.backward(dhs),
  };
}

describe('evaluateModel', () => {
  it('gives the same accuracy and loss, bit for bit, in batched chunks as one sequence at a time (130 = 64 + 64 + 2 sequences)', () => {
    const config = { ...gradedConfig(42), maxSteps: 300 };
    const L = sequenceLength(config);
    const lstm = initLstmParams(config);
    runTraining(new FastLstm(lstm.params, L), lstm.readout, config);
    const rnn = initRnnParams(config);
    runTraining(new FastRnn(rnn.params, L), rnn.readout, config);
    for (const [model, readout] of [
      [new FastLstm(lstm.params, L), lstm.readout],
      [new FastRnn(rnn.params, L), rnn.readout],
    ] as const) {
      const batched = evaluateModel(model, readout, config, 99, 130);
      const sequential = evaluateModel(oneAtATime(model), readout, config, 99, 130);
      expect(batched.sequences).toBe(130);
      expect(Object.is(batched.loss, sequential.loss), `${batched.loss} vs ${sequential.loss}`).toBe(true);
      expect(batched.accuracy).toBe(sequential.accuracy);
      expect(batched.accuracy).toBeGreaterThan(0.3);
    }
    // And as the old loops evaluated the trained LSTM.
    const old = evaluateModel(new SequentialLstm(lstm.params, L), lstm.readout, config, 99, 130);
    const now = evaluateModel(new FastLstm(lstm.params, L), lstm.readout, config, 99, 130);
    expect(now).toEqual(old);
  });
});

describe('gateActivations', () => {
  it('returns the forget and input gates of one fresh sequence, [step][unit], as the old loops computed them', () => {
    const config = gradedConfig(3);
    const { params } = initLstmParams(config);
    const gates = gateActivations(params, config, 5);
    const L = sequenceLength(config);
    expect(gates.forget).toHaveLength(L);
    expect(gates.forget[0]).toHaveLength(config.hidden);
    expect(gates.tokens).toHaveLength(L);
    const old = new SequentialLstm(params, L);
    old.forward(gates.tokens.map((token) => Float64Array.from({ length: config.symbols + 2 }, (_, k) => (k === token ? 1 : 0))));
    const H = config.hidden;
    expect(gates.forget).toEqual(Array.from({ length: L }, (_, t) => Array.from(old.forgetGates.subarray(t * H, (t + 1) * H))));
    expect(gates.input).toEqual(Array.from({ length: L }, (_, t) => Array.from(old.inputGates.subarray(t * H, (t + 1) * H))));
  });
});
