import { describe, expect, it } from 'vitest';
import { describeTrainingFault, followsReferenceCheck, whereToLook, type StudentTaskResult } from '../../../grader/weather/checks';
import type { RegressionEvaluation } from '../../../grader/weather/evaluate';

const evaluation: RegressionEvaluation = {
  model: { rmse: 2.6, mae: 2 },
  baselines: { persistence: { rmse: 2.9, mae: 2.2 }, climatology: { rmse: 3.9, mae: 3.1 } },
  series: [],
};

function trained(
  overrides: Partial<Extract<StudentTaskResult, { kind: 'trained' }>> = {},
): Extract<StudentTaskResult, { kind: 'trained' }> {
  return {
    kind: 'trained',
    log: { curve: [], stepsRun: 400, wallMs: 1, diverged: null },
    evaluation,
    comparison: { compared: 4, agreeing: 4, follows: true, firstDisagreement: null, largestRelativeGap: 0 },
    findings: [],
    ...overrides,
  };
}

describe('describeTrainingFault', () => {
  it('tells "not attempted" from a crash and a timeout', () => {
    expect(describeTrainingFault({ kind: 'not-implemented', message: 'denseForward is not implemented yet' }, 'regression', 9000)).toEqual({
      status: 'not-attempted',
      message:
        'The sequence tasks train your exercise 09 (lstmForward, lstmBackward) and exercise 11 (the readout and losses): denseForward is not implemented yet.',
    });
    expect(describeTrainingFault({ kind: 'timeout', message: '' }, 'classification', 12_345).message).toMatch(
      /^Training your model on the next day's weather ran past its time budget of 12\.3 s/,
    );
    expect(describeTrainingFault({ kind: 'threw', message: 'lstmForward: x is undefined' }, 'regression', 1)).toEqual({
      status: 'error',
      message: "Training your model on the next day's maximum temperature failed: lstmForward: x is undefined",
    });
  });
});

describe('whereToLook', () => {
  it('prefers a probe finding, then a divergence, then the curve', () => {
    const finding = {
      fn: 'denseBackward',
      exercise: 'readout' as const,
      value: 'db[0]',
      actual: 1,
      expected: 2,
      message: 'denseBackward (exercise 11) is off: db[0] is 1, the reference gives 2.',
    };
    expect(whereToLook(trained({ findings: [finding] }))).toBe(`Look at denseBackward first. ${finding.message}`);
    expect(
      whereToLook(
        trained({ log: { curve: [], stepsRun: 2, wallMs: 1, diverged: { step: 3, loss: Number.NaN, gradientNorm: Number.NaN } } }),
      ),
    ).toBe("Training stopped at step 3: the batch's loss was NaN and its gradient norm NaN.");
    const apart = trained({
      comparison: {
        compared: 4,
        agreeing: 3,
        follows: false,
        firstDisagreement: { step: 30, student: 0.5, reference: 0.4 },
        largestRelativeGap: 0.25,
      },
    });
    expect(whereToLook(apart)).toMatch(
      /^Every function matched the reference on the probe example, but the training curves part at step 30/,
    );
    expect(whereToLook(trained())).toBe('');
  });
});

describe('followsReferenceCheck', () => {
  it('passes a curve that follows, fails one that parts and says where', () => {
    expect(followsReferenceCheck('regression', trained(), 2)).toMatchObject({
      id: 'regression-follows-reference',
      status: 'passed',
      score: 2,
      message: '',
    });
    const apart = trained({
      comparison: {
        compared: 4,
        agreeing: 3,
        follows: false,
        firstDisagreement: { step: 30, student: 0.5, reference: 0.4 },
        largestRelativeGap: 0.25,
      },
    });
    const check = followsReferenceCheck('regression', apart, 2);
    expect(check.status).toBe('failed');
    expect(check.score).toBe(0);
    expect(check.message).toMatch(/^Your learning curve parts from the reference's at step 30 \(loss 0\.50000 against 0\.40000\)/);
    expect(followsReferenceCheck('classification', { kind: 'fault', status: 'not-attempted', message: 'stub' }, 2)).toMatchObject({
      status: 'not-attempted',
      score: 0,
      message: 'stub',
    });
  });
});
