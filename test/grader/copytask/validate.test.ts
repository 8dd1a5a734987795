import { describe, expect, it } from 'vitest';
import * as solution from '../../../solutions/09-lstm-sequence/lstm-sequence';
import { trainLstmOnCopyTask, type TrainOutcome } from '../../../grader/copytask/train';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { validateOutcome } from '../../../grader/copytask/validate';

const config = { ...gradedConfig(42), maxSteps: 3, curveEvery: 1 };
const good = (): TrainOutcome => structuredClone(trainLstmOnCopyTask(solution, config));

describe('validateOutcome', () => {
  it('accepts what trainCopyTask returns and hands back fresh copies', () => {
    const outcome = good();
    const checked = validateOutcome(outcome, config);
    expect(checked.params.forget.W.data).toEqual(outcome.params.forget.W.data);
    expect(checked.params.forget.W.data).not.toBe(outcome.params.forget.W.data);
    expect(checked.curve).toHaveLength(3);
    expect(checked.stepsRun).toBe(3);
  });

  it('rejects weights of the wrong shape', () => {
    const outcome = good();
    outcome.params.input.W = { rows: 3, cols: 2, data: new Float64Array(6) };
    expect(() => validateOutcome(outcome, config)).toThrow('params.input.W must be 16 × 20, got 3 × 2');
    const short = good();
    short.readout.b = new Float64Array(1);
    expect(() => validateOutcome(short, config)).toThrow('readout.b must have length 3, got 1');
    const plain = good() as unknown as { params: { output: { b: unknown } } };
    plain.params.output.b = Array.from({ length: 16 }, () => 0);
    expect(() => validateOutcome(plain, config)).toThrow('params.output.b must be a Float64Array of length 16');
  });

  it('rejects NaN and infinite weights, naming the entry', () => {
    const outcome = good();
    outcome.params.candidate.W.data[5] = Number.NaN;
    expect(() => validateOutcome(outcome, config)).toThrow('params.candidate.W.data[5] is NaN, not a finite number');
    const infinite = good();
    infinite.readout.W.data[0] = Infinity;
    expect(() => validateOutcome(infinite, config)).toThrow('readout.W.data[0] is Infinity');
  });

  it('rejects extra and missing fields', () => {
    const extra = good() as unknown as Record<string, unknown>;
    extra.accuracy = 1;
    expect(() => validateOutcome(extra, config)).toThrow('the training result has unexpected field accuracy');
    const extraGate = good() as unknown as { params: Record<string, unknown> };
    extraGate.params.peephole = extraGate.params.forget;
    expect(() => validateOutcome(extraGate, config)).toThrow('params has unexpected field peephole');
    const missing = good() as unknown as Record<string, unknown>;
    delete missing.readout;
    expect(() => validateOutcome(missing, config)).toThrow('the training result is missing field readout');
  });

  it('rejects step counts beyond the budget and impossible curves', () => {
    const over = good();
    over.stepsRun = config.maxSteps + 1;
    expect(() => validateOutcome(over, config)).toThrow(`stepsRun must be an integer from 1 to ${config.maxSteps}`);
    const solvedLater = good();
    solvedLater.stepsToSolve = 99;
    expect(() => validateOutcome(solvedLater, config)).toThrow('stepsToSolve must be an integer from 1 to 3');
    const badCurve = good();
    badCurve.curve[0].loss = Number.NaN;
    expect(() => validateOutcome(badCurve, config)).toThrow('curve[0].loss must be a finite number');
    expect(() => validateOutcome(null, config)).toThrow('the training result must be an object');
  });
});
