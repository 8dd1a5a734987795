/**
 * The student's wall-time budget: a multiple of the reference's time measured in the same run on
 * the same machine, never an absolute number. A short calibration run times the reference
 * solution's lstm-sequence (same allocating one-example-at-a-time style as a student's) through
 * the very trainer the sandbox runs; without solutions/ it times the fast reference LSTM and
 * scales by the measured ratio between the two.
 */
import { resolve } from 'node:path';
import { sequenceLength, type CopyTaskConfig } from './config';
import { FastLstm } from './fast-lstm';
import { initLstmParams } from './init';
import { runTraining } from './train-loop';
import { trainCopyTask, type LstmSequenceModule } from './train';

/** The student's budget is this many times the calibrated reference time for the full step budget. */
export const TIME_FACTOR = 3;
/** Steps of the calibration run (the first ones also pay for JIT warm-up, which errs on the generous side). */
export const CALIBRATION_STEPS = 40;
/** Fixed allowance for starting the sandbox process and loading the student's code. */
export const STARTUP_ALLOWANCE_MS = 5000;
/** Measured ratio of solutions/09-lstm-sequence to FastLstm per training step (docs/copy-task.md). */
export const SOLUTION_TO_FAST_RATIO = 10;

export interface TimeBudget {
  timeoutMs: number;
  factor: number;
  /** Reference milliseconds per training step, as measured. */
  msPerStep: number;
  source: 'solutions' | 'fast-lstm';
}

async function loadReferenceSequence(): Promise<LstmSequenceModule | null> {
  try {
    const module = (await import(resolve(__dirname, '../../solutions/09-lstm-sequence/lstm-sequence'))) as LstmSequenceModule;
    return typeof module.lstmForward === 'function' ? module : null;
  } catch {
    return null; // a student template may ship without solutions/
  }
}

export async function calibrateTimeBudget(config: CopyTaskConfig): Promise<TimeBudget> {
  const short = { ...config, maxSteps: CALIBRATION_STEPS, solveWindow: CALIBRATION_STEPS + 1 };
  const reference = await loadReferenceSequence();
  let msPerStep: number;
  let source: TimeBudget['source'];
  if (reference !== null) {
    msPerStep = trainCopyTask(reference, short).wallMs / CALIBRATION_STEPS;
    source = 'solutions';
  } else {
    const { params, readout } = initLstmParams(short);
    msPerStep = (runTraining(new FastLstm(params, sequenceLength(short)), readout, short).wallMs / CALIBRATION_STEPS) * SOLUTION_TO_FAST_RATIO;
    source = 'fast-lstm';
  }
  return { timeoutMs: Math.ceil(TIME_FACTOR * msPerStep * config.maxSteps + STARTUP_ALLOWANCE_MS), factor: TIME_FACTOR, msPerStep, source };
}
