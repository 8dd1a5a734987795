import { describe, expect, it } from 'vitest';
import * as solution from '../../../solutions/09-lstm-sequence/lstm-sequence';
import { trainReferenceLstm } from '../../../grader/copytask/reference';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { trainLstmOnCopyTask } from '../../../grader/copytask/train';

const config = { ...gradedConfig(42), maxSteps: 40, curveEvery: 5 };

describe('trainCopyTask', () => {
  it('trains solutions/09 exactly like the fast reference LSTM, from the same weights and batches', () => {
    const student = trainLstmOnCopyTask(solution, config);
    const reference = trainReferenceLstm(config);
    expect(student.stepsRun).toBe(40);
    expect(student.curve.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    student.curve.forEach((p, k) => expect(Math.abs(p.loss - reference.curve[k].loss)).toBeLessThan(1e-10));
    const gap = Math.max(...student.params.forget.W.data.map((v, k) => Math.abs(v - reference.params.forget.W.data[k])));
    expect(gap).toBeLessThan(1e-10);
    // Training moved the weights away from their initial values.
    const start = trainLstmOnCopyTask(solution, { ...config, maxSteps: 1 });
    expect(student.params.output.W.data).not.toEqual(start.params.output.W.data);
  });

  it('names the function and the field when the student returns the wrong shapes', () => {
    const shortStates = {
      lstmForward: (...args: Parameters<typeof solution.lstmForward>) => {
        const out = solution.lstmForward(...args);
        return { ...out, hs: out.hs.slice(1) };
      },
      lstmBackward: solution.lstmBackward,
    };
    expect(() => trainLstmOnCopyTask(shortStates, config)).toThrow(
      'trainCopyTask: lstmForward must return { hs, cs, caches } with 16 hidden states in hs',
    );
    const smallGradient = {
      lstmForward: solution.lstmForward,
      lstmBackward: (...args: Parameters<typeof solution.lstmBackward>) => {
        const out = solution.lstmBackward(...args);
        out.grads.candidate.db = new Float64Array(2);
        return out;
      },
    };
    expect(() => trainLstmOnCopyTask(smallGradient, config)).toThrow(
      'trainCopyTask: lstmBackward returned grads.candidate without a dW of 320 entries and a db of 16',
    );
    expect(() => trainLstmOnCopyTask({} as never, config)).toThrow(
      'trainCopyTask: argument lstm must export the functions lstmForward and lstmBackward',
    );
    expect(() => trainLstmOnCopyTask(solution, { ...config, batch: 0 })).toThrow(
      'trainCopyTask: argument config.batch must be a positive integer, got 0',
    );
  });

  it('stops with a clear error when the loss stops being a number', () => {
    const nanStates = {
      lstmForward: (...args: Parameters<typeof solution.lstmForward>) => {
        const out = solution.lstmForward(...args);
        out.hs[0][0] = Number.NaN;
        return out;
      },
      lstmBackward: solution.lstmBackward,
    };
    expect(() => trainLstmOnCopyTask(nanStates, config)).toThrow('runTraining: the training loss became NaN at step 1');
  });
});
