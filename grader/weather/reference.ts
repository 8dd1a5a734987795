/**
 * The trusted reference run of a sequence task: the allocation-free reference LSTM
 * (grader/copytask/fast-lstm.ts) and readout (fast-head.ts), trained by the very loop, data order and
 * initialisation the sandbox uses for the student's code.
 */
import type { Dense, LstmParams } from '../../lib/types';
import { FastLstm } from '../copytask/fast-lstm';
import { FastHead } from './fast-head';
import { validateSequenceConfig, type SequenceTaskConfig } from './trainer/config';
import { validateSequenceData, type SequenceTaskData } from './trainer/data';
import { initSequenceModel } from './trainer/init';
import { runSequenceTraining, type TrainLog } from './trainer/loop';

export interface ReferenceRun extends TrainLog {
  params: LstmParams;
  readout: Dense;
}

/** Trains the reference model on `data` from the seeded initialisation of `config`. */
export function trainReference(config: SequenceTaskConfig, data: SequenceTaskData): ReferenceRun {
  validateSequenceConfig(config, 'trainReference');
  validateSequenceData(data, config, 'trainReference');
  const { params, readout } = initSequenceModel(config);
  const log = runSequenceTraining(new FastLstm(params, config.window), new FastHead(readout, config.task), data, config);
  return { params, readout, ...log };
}
