/**
 * The sequence-task training that runs inside the sandbox, next to the student's code: the
 * student's exercise 09 (lstmForward, lstmBackward) and exercise 11 (readout and losses) do the
 * model's work; the data order, batching, clipping and Adam are this trusted loop. The sandbox
 * stages it with the grader files it requires (this folder, grader/engine/optimizer.ts) and lib/:
 * the weather table and the held-out year never reach it.
 */
import type { Dense, LstmParams } from '../../../lib/types';
import { validateSequenceConfig, type SequenceTaskConfig } from './config';
import { validateSequenceData, type SequenceTaskData } from './data';
import { initSequenceModel } from './init';
import { runSequenceTraining, type TrainLog } from './loop';
import { runProbe, type ProbeTrace } from './probe';
import { StudentHead, StudentLstm, modulesFrom, type StudentModules } from './student';

/** Plain data (Float64Arrays inside), checked again on the trusted side before any use. */
export interface SequenceTrainOutcome extends TrainLog {
  params: LstmParams;
  readout: Dense;
  probe: ProbeTrace;
}

/**
 * The task the sandbox runs (Runner.runTask with the folders of STUDENT_FOLDERS): `students` is
 * `{ '09-lstm-sequence': module, '11-readout': module }`. Trains the student's LSTM and readout on
 * one sequence task from the seeded initialisation of `config` and returns the trained weights, the
 * learning curve and the probe of the first example (run first, at its own weights).
 */
export function trainSequenceTask(
  students: Record<string, unknown>,
  config: SequenceTaskConfig,
  data: SequenceTaskData,
): SequenceTrainOutcome {
  const modules = modulesFrom(students);
  validateSequenceConfig(config, 'trainSequenceTask');
  validateSequenceData(data, config, 'trainSequenceTask');
  return trainModules(modules, config, data);
}

function trainModules(modules: StudentModules, config: SequenceTaskConfig, data: SequenceTaskData): SequenceTrainOutcome {
  const probe = runProbe(modules, config, data);
  const { params, readout } = initSequenceModel(config);
  const model = new StudentLstm(params, config.window, modules.sequence);
  const head = new StudentHead(readout, config.task, modules.readout);
  const log = runSequenceTraining(model, head, data, config);
  return { params, readout, probe, ...log };
}
