/**
 * The trusted reference runs: the fast reference LSTM and the vanilla RNN, trained by the same
 * loop, data and initialisation as the student's LSTM. They depend only on the configuration,
 * so grade.ts caches them.
 */
import type { LstmParams } from '../../lib/types';
import { sequenceLength, validateConfig, type CopyTaskConfig } from './config';
import { FastLstm } from './fast-lstm';
import { FastRnn } from './fast-rnn';
import { initLstmParams, initRnnParams, type RnnParams } from './init';
import type { ReadoutParams } from './readout';
import { runTraining, type TrainLog } from './train-loop';

export interface ReferenceRun<P> extends TrainLog {
  params: P;
  readout: ReadoutParams;
}

/** Trains the reference LSTM (allocation-free) from the seeded initialisation of `config`. */
export function trainReferenceLstm(config: CopyTaskConfig): ReferenceRun<LstmParams> {
  validateConfig(config, 'trainReferenceLstm');
  const { params, readout } = initLstmParams(config);
  const log = runTraining(new FastLstm(params, sequenceLength(config)), readout, config);
  return { params, readout, ...log };
}

/** Trains the vanilla tanh RNN under the same budget, for contrast. */
export function trainReferenceRnn(config: CopyTaskConfig): ReferenceRun<RnnParams> {
  validateConfig(config, 'trainReferenceRnn');
  const { params, readout } = initRnnParams(config);
  const log = runTraining(new FastRnn(params, sequenceLength(config)), readout, config);
  return { params, readout, ...log };
}
