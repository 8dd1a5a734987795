/**
 * The student's wall-time budget for one training call: a multiple of the reference solution's time
 * measured in the same run on the same machine, never an absolute number. A short calibration run
 * trains solutions/09 and solutions/11 (the same allocating, one-example-at-a-time style as a
 * student's) through the very trainer the sandbox runs, on the first CALIBRATION_DAYS training days
 * for one epoch. Without solutions/ (the student template, which ships no backward code) it times
 * the reference's forward passes with zero backward passes through the same trainer
 * (grader/reference/forward-only.ts) and scales by the measured ratio.
 */
import { resolve } from 'node:path';
import { forwardOnlyLstmSequence, forwardOnlyReadout } from '../reference/forward-only';
import type { SequenceTaskConfig } from './trainer/config';
import { exampleCount, type SequenceTaskData } from './trainer/data';
import { studentsRecord, type StudentModules } from './trainer/student';
import { trainSequenceTask } from './trainer/train';

/** The student's budget is this many times the calibrated reference time for a full run. */
export const TIME_FACTOR = 6;
/** Days of the calibration run (one epoch); the first examples also pay for JIT warm-up, which errs on the generous side. */
export const CALIBRATION_DAYS = 120;
/** Fixed allowance for starting the sandbox process, loading the student's code and copying the data. */
export const STARTUP_ALLOWANCE_MS = 5000;
/**
 * Measured ratio of the solutions' time to the forward-only stand-in's per example, both cold,
 * rounded up (grader/export/calibration-ratio.ts; docs/student-template.md).
 */
export const SOLUTION_TO_FORWARD_RATIO = 5;

export interface TimeBudget {
  timeoutMs: number;
  factor: number;
  /** Reference milliseconds per training example (forward and backward), as measured. */
  msPerExample: number;
  source: 'solutions' | 'reference-forward';
}

async function loadReferenceModules(): Promise<StudentModules | null> {
  try {
    const sequence = await import(resolve(__dirname, '../../solutions/09-lstm-sequence/lstm-sequence'));
    const readout = await import(resolve(__dirname, '../../solutions/11-readout/readout'));
    return typeof sequence.lstmForward === 'function' && typeof readout.denseForward === 'function' ? { sequence, readout } : null;
  } catch {
    return null; // a student template may ship without solutions/
  }
}

/** The budget for training `config` on `data` (both tasks cost about the same per example). */
export async function calibrateTimeBudget(config: SequenceTaskConfig, data: SequenceTaskData): Promise<TimeBudget> {
  const days = Math.min(CALIBRATION_DAYS, data.features.rows);
  const short: SequenceTaskConfig = { ...config, epochs: 1 };
  const sample: SequenceTaskData = {
    features: { rows: days, cols: data.features.cols, data: data.features.data.subarray(0, days * data.features.cols) },
    targets: data.targets.subarray(0, days),
  };
  const sampleExamples = exampleCount(sample, short);
  const modules = await loadReferenceModules();
  let msPerExample: number;
  let source: TimeBudget['source'];
  if (modules !== null) {
    msPerExample = trainSequenceTask(studentsRecord(modules), short, sample).wallMs / sampleExamples;
    source = 'solutions';
  } else {
    // Imported here: the course imports this engine, so a top-level import would be circular.
    const { REFERENCE } = await import('../course');
    const standIn = { sequence: forwardOnlyLstmSequence(REFERENCE), readout: forwardOnlyReadout(REFERENCE) } as unknown as StudentModules;
    msPerExample = (trainSequenceTask(studentsRecord(standIn), short, sample).wallMs / sampleExamples) * SOLUTION_TO_FORWARD_RATIO;
    source = 'reference-forward';
  }
  const fullRunMs = msPerExample * exampleCount(data, config) * config.epochs;
  return { timeoutMs: Math.ceil(TIME_FACTOR * fullRunMs + STARTUP_ALLOWANCE_MS), factor: TIME_FACTOR, msPerExample, source };
}
