/**
 * The copy task's two checks as results, from already-evaluated runs: does the student's LSTM
 * solve the graded delay (with the numbers behind the verdict in the details), does its learning
 * curve follow the reference's, and how a failed training run reads.
 */
import { describe, expect, it } from 'vitest';
import {
  CURVE_CHECK,
  curveCheck,
  describeFault,
  SOLVE_CHECK,
  solveCheck,
  type RunSummary,
  type StudentResult,
} from '../../../grader/copytask/checks';
import { initLstmParams } from '../../../grader/copytask/init';
import { gradedConfig } from '../../../grader/copytask/tiers';
import type { TimeBudget } from '../../../grader/copytask/time-budget';
import type { CurvePoint } from '../../../grader/copytask/train-loop';

const config = gradedConfig(42);
const curve = (...losses: number[]): CurvePoint[] => losses.map((loss, k) => ({ step: 25 * (k + 1), loss, accuracy: 0.5 }));

const reference: RunSummary = { stepsToSolve: 900, stepsRun: 900, accuracy: 0.998, wallMs: 1000, curve: curve(0.6, 0.4, 0.2, 0.1) };

function trained(summary: Partial<RunSummary>): StudentResult {
  const { params, readout } = initLstmParams(config);
  return { kind: 'trained', params, readout, summary: { ...reference, wallMs: 3000, ...summary } };
}

const fault: StudentResult = {
  kind: 'fault',
  status: 'not-attempted',
  message: 'The copy task needs lstmForward and lstmBackward, which are not implemented yet.',
  wallMs: 5,
};

describe('solveCheck', () => {
  it("passes a student LSTM that solved the graded delay, with the accuracy, budget and the reference's steps in the details", () => {
    expect(solveCheck(trained({ stepsToSolve: 1200, stepsRun: 1200, accuracy: 0.9961 }), reference, config, 8)).toEqual({
      ...SOLVE_CHECK,
      exercise: 'copy-task',
      maxScore: 8,
      status: 'passed',
      score: 8,
      message: '',
      details:
        'Held-out recall accuracy 99.6% on 512 fresh sequences after 1200 training steps (bar 99.0%, budget 2500 steps, delay T = 10, S = 3 symbols).\n' +
        'The reference LSTM, from the same initial weights and batches, solved it in 900 steps.',
    });
  });

  it('fails an LSTM that did not solve it, saying how much it recalls and where to look', () => {
    const check = solveCheck(
      trained({ stepsToSolve: null, stepsRun: 2500, accuracy: 0.5123 }),
      { ...reference, stepsToSolve: null },
      config,
      8,
    );
    expect(check).toMatchObject({ id: 'solves-graded-delay', status: 'failed', score: 0, maxScore: 8 });
    expect(check.message).toBe(
      'Your LSTM does not solve the copy task: after 2500 steps it recalls 51.2% of the symbols across a delay of 10 steps (bar 99.0%), ' +
        'so its memory does not carry them across the delay; check that lstmBackward passes the cell-state gradient dcPrev back to the step before ' +
        'and adds up the gradients of every step.',
    );
    expect(check.details!.split('\n')[1]).toBe(
      'The reference LSTM, from the same initial weights and batches, did not solve it within the budget.',
    );
  });

  it('hands on the status and message of a training that could not run', () => {
    expect(solveCheck(fault, reference, config, 8)).toEqual({
      ...SOLVE_CHECK,
      exercise: 'copy-task',
      maxScore: 8,
      status: 'not-attempted',
      score: 0,
      message: fault.kind === 'fault' ? fault.message : '',
    });
  });
});

describe('curveCheck', () => {
  it('passes a curve that follows the reference, counting the agreeing points and naming the largest gap', () => {
    const { check, comparison } = curveCheck(trained({ curve: curve(0.61, 0.41, 0.2, 0.1) }), reference, 2);
    expect(comparison).toMatchObject({ compared: 4, agreeing: 4, follows: true });
    expect(check).toEqual({
      ...CURVE_CHECK,
      exercise: 'copy-task',
      maxScore: 2,
      status: 'passed',
      score: 2,
      message: '',
      details:
        "4 of 4 curve points agree with the reference's loss (needed: 90.0%).\nLargest gap at step 25: loss 0.6100 against the reference's 0.6000." +
        '\nYour LSTM solved it in 900 steps; the reference solved it in 900 steps (they agree within 50 steps or 25.0%, whichever is larger).',
    });
  });

  it('fails a curve that parts from the reference, at its largest gap', () => {
    const { check } = curveCheck(trained({ curve: curve(0.6, 0.9, 0.9, 0.9) }), reference, 2);
    expect(check.status).toBe('failed');
    expect(check.score).toBe(0);
    expect(check.message).toBe(
      "Your learning curve parts from the reference's, which starts from the same weights and sees the same data (loss 0.900 against 0.100 at step 100): " +
        "your gradients differ from the reference's.",
    );
    expect(check.details).toBe(
      "1 of 4 curve points agree with the reference's loss (needed: 90.0%).\nLargest gap at step 100: loss 0.9000 against the reference's 0.1000." +
        '\nYour LSTM solved it in 900 steps; the reference solved it in 900 steps (they agree within 50 steps or 25.0%, whichever is larger).',
    );
  });

  it('fails a run without a curve, saying so', () => {
    const { check, comparison } = curveCheck(trained({ curve: [] }), reference, 2);
    expect(comparison).toEqual({ compared: 0, agreeing: 0, follows: false, worst: null });
    expect(check.message).toBe('Your training run produced no learning curve to compare with the reference.');
    expect(check.details).toBe(
      "0 of 0 curve points agree with the reference's loss (needed: 90.0%)." +
        '\nYour LSTM solved it in 900 steps; the reference solved it in 900 steps (they agree within 50 steps or 25.0%, whichever is larger).',
    );
  });

  it('fails a curve that stays close but solves the task far later than the reference, naming both step counts', () => {
    const { check, comparison } = curveCheck(trained({ curve: reference.curve, stepsToSolve: 2000 }), reference, 2);
    expect(comparison!.follows).toBe(true);
    expect(check.status).toBe('failed');
    expect(check.message).toBe(
      'Your LSTM solved it in 2000 steps, the reference solved it in 900 steps, from the same weights and the same data: ' +
        "a correct LSTM lands within 50 steps or 25.0% of it, so your gradients differ from the reference's even though the loss curves stay close.",
    );
    expect(check.details!.split('\n').at(-1)).toBe(
      'Your LSTM solved it in 2000 steps; the reference solved it in 900 steps (they agree within 50 steps or 25.0%, whichever is larger).',
    );
    expect(curveCheck(trained({ curve: reference.curve, stepsToSolve: null }), reference, 2).check.message).toMatch(
      /^Your LSTM did not solve it, the reference solved it in 900 steps,/,
    );
    expect(curveCheck(trained({ curve: reference.curve, stepsToSolve: 1100 }), reference, 2).check.status).toBe('passed');
  });

  it('hands on a fault without comparing', () => {
    expect(curveCheck(fault, reference, 2)).toEqual({
      check: {
        ...CURVE_CHECK,
        exercise: 'copy-task',
        maxScore: 2,
        status: 'not-attempted',
        score: 0,
        message: (fault as { message: string }).message,
      },
    });
  });
});

describe('describeFault', () => {
  const budget: TimeBudget = { timeoutMs: 61_234, factor: 3, msPerStep: 7.5, source: 'solutions' };

  it('reads a stub as not attempted', () => {
    expect(describeFault({ kind: 'not-implemented', message: 'lstmForward is not implemented' }, config, budget)).toEqual({
      status: 'not-attempted',
      message: 'The copy task needs lstmForward and lstmBackward, which are not implemented yet.',
    });
  });

  it('reads a timeout against the measured budget', () => {
    expect(describeFault({ kind: 'timeout', message: 'ran too long' }, config, budget)).toEqual({
      status: 'error',
      message:
        "Training your LSTM for up to 2500 steps ran past its time budget of 61.2 s (3× the reference's time on this machine): " +
        'is lstmForward or lstmBackward doing far more work than needed?',
    });
  });

  it("passes any other fault's message on as an error", () => {
    expect(describeFault({ kind: 'crashed', message: 'the process running your code died' }, config, budget)).toEqual({
      status: 'error',
      message: 'Training your LSTM on the copy task failed: the process running your code died',
    });
  });
});
