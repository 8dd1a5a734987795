/**
 * The student's wall-time budget: a multiple of the reference's time measured in the same run on
 * the same machine, never an absolute number. A short calibration run times the reference
 * solution's lstm-sequence (same allocating one-example-at-a-time style as a student's) through
 * the very trainer the sandbox runs. Without solutions/ (the student template, which ships no
 * backward code) it times the reference's forward pass with a zero backward through the same
 * trainer (grader/reference/forward-only.ts) and scales by the measured ratio between the two.
 */
import { resolve } from 'node:path';
import { forwardOnlyLstmSequence } from '../reference/forward-only';
import type { CopyTaskConfig } from './config';
import { trainLstmOnCopyTask, type LstmSequenceModule } from './train';

/** The student's budget is this many times the calibrated reference time for the full step budget. */
export const TIME_FACTOR = 3;
/** Steps of the calibration run (the first ones also pay for JIT warm-up, which errs on the generous side). */
export const CALIBRATION_STEPS = 40;
/** Fixed allowance for starting the sandbox process and loading the student's code. */
export const STARTUP_ALLOWANCE_MS = 5000;
/**
 * Measured ratio of solutions/09-lstm-sequence to the forward-only stand-in per calibration step,
 * both cold, rounded up (grader/export/calibration-ratio.ts; docs/student-template.md).
 */
export const SOLUTION_TO_FORWARD_RATIO = 3;

export interface TimeBudget {
  timeoutMs: number;
  factor: number;
  /** Reference milliseconds per training step, as measured. */
  msPerStep: number;
  source: 'solutions' | 'reference-forward';
}

async function loadReferenceSequence(): Promise<LstmSequenceModule | null> {
  try {
    const module = (await import(resolve(__dirname, '../../solutions/09-lstm-sequence/lstm-sequence'))) as LstmSequenceModule;
    return typeof module.lstmForward === 'function' ? module : null;
  } catch {
    return null; // a student template may ship without solutions/
  }
}

const calibrated = new Map<string, Promise<TimeBudget>>();

/**
 * The budget for `config`, calibrated once per process and configuration: a process that grades
 * many submissions (class grading's workers) measures the machine once, not once per student.
 */
export function calibrateTimeBudget(config: CopyTaskConfig): Promise<TimeBudget> {
  const key = JSON.stringify({ ...config, seed: 0 });
  let budget = calibrated.get(key);
  if (!budget) {
    budget = measureTimeBudget(config);
    calibrated.set(key, budget);
  }
  return budget;
}

async function measureTimeBudget(config: CopyTaskConfig): Promise<TimeBudget> {
  const short = { ...config, maxSteps: CALIBRATION_STEPS, solveWindow: CALIBRATION_STEPS + 1 };
  const reference = await loadReferenceSequence();
  let msPerStep: number;
  let source: TimeBudget['source'];
  if (reference !== null) {
    msPerStep = trainLstmOnCopyTask(reference, short).wallMs / CALIBRATION_STEPS;
    source = 'solutions';
  } else {
    // Imported here: the course imports this engine, so a top-level import would be circular.
    const { REFERENCE } = await import('../course');
    msPerStep =
      (trainLstmOnCopyTask(forwardOnlyLstmSequence(REFERENCE) as LstmSequenceModule, short).wallMs / CALIBRATION_STEPS) *
      SOLUTION_TO_FORWARD_RATIO;
    source = 'reference-forward';
  }
  return { timeoutMs: Math.ceil(TIME_FACTOR * msPerStep * config.maxSteps + STARTUP_ALLOWANCE_MS), factor: TIME_FACTOR, msPerStep, source };
}
