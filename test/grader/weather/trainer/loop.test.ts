import { describe, expect, it } from 'vitest';
import { FastLstm } from '../../../../grader/copytask/fast-lstm';
import { loadSeattleWeather } from '../../../../grader/weather/dataset';
import { evaluateRegression } from '../../../../grader/weather/evaluate';
import { FastHead } from '../../../../grader/weather/fast-head';
import { REQUIRED_SKILL, taskConfig } from '../../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../../grader/weather/split';
import { initSequenceModel } from '../../../../grader/weather/trainer/init';
import { learningRateAt, runSequenceTraining, stepsPerEpoch } from '../../../../grader/weather/trainer/loop';

const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);

function train(seed: number, overrides = {}) {
  const config = { ...taskConfig('regression', seed), ...overrides };
  const { params, readout } = initSequenceModel(config);
  const log = runSequenceTraining(
    new FastLstm(params, config.window),
    new FastHead(readout, 'regression'),
    trainingData(split, 'regression'),
    config,
  );
  return { config, params, readout, log };
}

describe('learningRateAt', () => {
  it('falls along a half cosine from the first step to the last', () => {
    const config = { ...taskConfig('regression', 1), learningRate: 0.02, finalLearningRate: 0.002 };
    expect(learningRateAt(0, 101, config)).toBeCloseTo(0.02, 15);
    expect(learningRateAt(50, 101, config)).toBeCloseTo(0.011, 15);
    expect(learningRateAt(100, 101, config)).toBeCloseTo(0.002, 15);
    expect(learningRateAt(0, 1, config)).toBeCloseTo(0.02, 15);
  });
});

describe('runSequenceTraining with the fast reference', () => {
  it('runs every epoch, is repeatable from its seed and depends on it', () => {
    const a = train(5, { epochs: 1 });
    const b = train(5, { epochs: 1 });
    const c = train(6, { epochs: 1 });
    expect(a.log.stepsRun).toBe(stepsPerEpoch(split.trainingDays - a.config.window, a.config.batch));
    expect(a.log.curve).toEqual(b.log.curve);
    expect(a.log.curve).not.toEqual(c.log.curve);
    expect(a.log.curve.at(-1)!.step).toBe(a.log.stepsRun);
  });

  it('learns: the training loss falls, and the held-out forecast beats persistence by the graded bar', () => {
    const { config, params, readout, log } = train(42);
    expect(log.curve.at(-1)!.loss).toBeLessThan(0.5 * log.curve[0].loss);
    const evaluation = evaluateRegression(params, readout, split, config.window);
    expect(1 - evaluation.model.rmse / evaluation.baselines.persistence.rmse).toBeGreaterThan(REQUIRED_SKILL);
  });
});
