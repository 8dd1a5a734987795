/**
 * The two copy-task checks as CheckResults: does the student's LSTM solve the graded delay, and
 * does its learning curve follow the reference's. Pure functions of already-evaluated data.
 */
import type { LstmParams } from '../../lib/types';
import type { ReadoutParams } from './readout';
import type { CheckResult, CheckStatus } from '../model';
import type { Fault } from '../sandbox/types';
import { compareCurves, CURVE_AGREEMENT, STEPS_ATOL, STEPS_RTOL, stepsAgree, type CurveComparison } from './compare';
import type { CopyTaskConfig } from './config';
import { ACCURACY_BAR, EVALUATION_SEQUENCES } from './tiers';
import type { TimeBudget } from './time-budget';
import type { CurvePoint } from './train-loop';

/** What is kept of a trusted run: enough for the report, and cacheable as JSON. */
export interface RunSummary {
  stepsToSolve: number | null;
  stepsRun: number;
  /** Held-out recall accuracy. */
  accuracy: number;
  wallMs: number;
  curve: CurvePoint[];
}

/** The student's training: a fault, or weights that passed validation and were evaluated. */
export type StudentResult =
  | { kind: 'fault'; status: CheckStatus; message: string; wallMs: number }
  | {
      kind: 'trained';
      params: LstmParams;
      readout: ReadoutParams;
      summary: RunSummary;
    };

export function describeFault(fault: Fault, config: CopyTaskConfig, budget: TimeBudget): { status: CheckStatus; message: string } {
  if (fault.kind === 'not-implemented') {
    return { status: 'not-attempted', message: 'The copy task needs lstmForward and lstmBackward, which are not implemented yet.' };
  }
  if (fault.kind === 'timeout') {
    return {
      status: 'error',
      message:
        `Training your LSTM for up to ${config.maxSteps} steps ran past its time budget of ${(budget.timeoutMs / 1000).toFixed(1)} s ` +
        `(${budget.factor}× the reference's time on this machine): is lstmForward or lstmBackward doing far more work than needed?`,
    };
  }
  return { status: 'error', message: `Training your LSTM on the copy task failed: ${fault.message}` };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The copy task's checks, declared once (grader/course/10-copy-task.ts lists them). */
export const SOLVE_CHECK = {
  id: 'solves-graded-delay',
  title: `reaches ${ACCURACY_BAR} recall accuracy on the graded delay within the step budget`,
};
export const CURVE_CHECK = { id: 'follows-reference', title: 'learning curve follows the reference' };

export function solveCheck(student: StudentResult, reference: RunSummary, config: CopyTaskConfig, maxScore: number): CheckResult {
  const base = { ...SOLVE_CHECK, exercise: 'copy-task' as const, maxScore };
  if (student.kind === 'fault') return { ...base, status: student.status, score: 0, message: student.message };
  const { accuracy, stepsRun, stepsToSolve } = student.summary;
  const details =
    `Held-out recall accuracy ${percent(accuracy)} on ${EVALUATION_SEQUENCES} fresh sequences after ${stepsRun} training steps ` +
    `(bar ${percent(ACCURACY_BAR)}, budget ${config.maxSteps} steps, delay T = ${config.delay}, S = ${config.length} symbols).\n` +
    `The reference LSTM, from the same initial weights and batches, ` +
    (reference.stepsToSolve === null ? `did not solve it within the budget.` : `solved it in ${reference.stepsToSolve} steps.`);
  if (stepsToSolve !== null) {
    return { ...base, status: 'passed', score: maxScore, message: '', details };
  }
  const message =
    `Your LSTM does not solve the copy task: after ${stepsRun} steps it recalls ${percent(accuracy)} of the symbols ` +
    `across a delay of ${config.delay} steps (bar ${percent(ACCURACY_BAR)}), so its memory does not carry them across the delay; ` +
    `check that lstmBackward passes the cell-state gradient dcPrev back to the step before and adds up the gradients of every step.`;
  return { ...base, status: 'failed', score: 0, message, details };
}

const stepsText = (steps: number | null) => (steps === null ? 'did not solve it' : `solved it in ${steps} steps`);

/**
 * Passes when the curve follows the reference's point by point and the steps to solve agree: a
 * gradient that is wrong but still learns can stay within the points' tolerance and yet take twice
 * as long to solve.
 */
export function curveCheck(
  student: StudentResult,
  reference: RunSummary,
  maxScore: number,
): { check: CheckResult; comparison?: CurveComparison } {
  const base = { ...CURVE_CHECK, exercise: 'copy-task' as const, maxScore };
  if (student.kind === 'fault') return { check: { ...base, status: student.status, score: 0, message: student.message } };
  const comparison = compareCurves(student.summary.curve, reference.curve);
  const worst = comparison.worst;
  const steps = { student: student.summary.stepsToSolve, reference: reference.stepsToSolve };
  const stepsMatch = stepsAgree(steps.student, steps.reference);
  const details =
    `${comparison.agreeing} of ${comparison.compared} curve points agree with the reference's loss ` +
    `(needed: ${percent(CURVE_AGREEMENT)}).` +
    (worst
      ? `\nLargest gap at step ${worst.step}: loss ${worst.student.toFixed(4)} against the reference's ${worst.reference.toFixed(4)}.`
      : '') +
    `\nYour LSTM ${stepsText(steps.student)}; the reference ${stepsText(steps.reference)} ` +
    `(they agree within ${STEPS_ATOL} steps or ${percent(STEPS_RTOL)}, whichever is larger).`;
  if (comparison.follows && stepsMatch) return { check: { ...base, status: 'passed', score: maxScore, message: '', details }, comparison };
  let message: string;
  if (comparison.compared === 0) {
    message = 'Your training run produced no learning curve to compare with the reference.';
  } else if (!comparison.follows) {
    message =
      `Your learning curve parts from the reference's, which starts from the same weights and sees the same data ` +
      `(loss ${worst!.student.toFixed(3)} against ${worst!.reference.toFixed(3)} at step ${worst!.step}): your gradients differ from the reference's.`;
  } else {
    message =
      `Your LSTM ${stepsText(steps.student)}, the reference ${stepsText(steps.reference)}, from the same weights and the same data: ` +
      `a correct LSTM lands within ${STEPS_ATOL} steps or ${percent(STEPS_RTOL)} of it, so your gradients differ from the reference's ` +
      `even though the loss curves stay close.`;
  }
  return { check: { ...base, status: 'failed', score: 0, message, details }, comparison };
}
