import { describe, expect, it } from 'vitest';
import { loadSeattleWeather } from '../../../grader/weather/dataset';
import { evaluateClassification, evaluateRegression } from '../../../grader/weather/evaluate';
import { mae, rmse } from '../../../grader/weather/metrics';
import { trainReference } from '../../../grader/weather/reference';
import { taskConfig } from '../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../grader/weather/split';
import { initSequenceModel } from '../../../grader/weather/trainer/init';

const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);

describe('evaluateRegression', () => {
  const config = taskConfig('regression', 42);
  const run = trainReference(config, trainingData(split, 'regression'));
  const e = evaluateRegression(run.params, run.readout, split, config.window);

  it('forecasts every day of 2015 in °C, with scores that match its own series', () => {
    expect(e.series).toHaveLength(365);
    expect(e.series[0].date).toBe('2015-01-01');
    expect(e.series[0].truth).toBe(split.days[split.trainingDays].tempMax);
    expect(e.series[0].persistence).toBe(split.days[split.trainingDays - 1].tempMax);
    const truth = e.series.map((r) => r.truth);
    expect(e.model.rmse).toBeCloseTo(
      rmse(
        e.series.map((r) => r.model),
        truth,
      ),
      12,
    );
    expect(e.model.mae).toBeCloseTo(
      mae(
        e.series.map((r) => r.model),
        truth,
      ),
      12,
    );
    expect(e.baselines.persistence.rmse).toBeCloseTo(
      rmse(
        e.series.map((r) => r.persistence),
        truth,
      ),
      12,
    );
  });

  it('records the baselines of the held-out year: persistence 2.91 °C, climatology 3.94 °C', () => {
    expect(e.baselines.persistence.rmse).toBeCloseTo(2.9071, 4);
    expect(e.baselines.persistence.mae).toBeCloseTo(2.2397, 4);
    expect(e.baselines.climatology.rmse).toBeCloseTo(3.939, 3);
    expect(e.model.rmse).toBeLessThan(e.baselines.persistence.rmse);
  });

  it('scores untrained weights far worse than the trained ones', () => {
    const { params, readout } = initSequenceModel(config);
    expect(evaluateRegression(params, readout, split, config.window).model.rmse).toBeGreaterThan(2 * e.model.rmse);
  });
});

describe('evaluateClassification', () => {
  const config = taskConfig('classification', 42);
  const run = trainReference(config, trainingData(split, 'classification'));
  const e = evaluateClassification(run.params, run.readout, split, config.window);

  it('counts every held-out day once in each confusion matrix', () => {
    expect(e.classes).toEqual(['sun', 'fog', 'drizzle', 'rain', 'snow']);
    expect(e.support).toEqual([162, 52, 7, 144, 0]);
    for (const scores of [e.model, e.baselines.persistence, e.baselines.majority]) {
      expect(scores.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(e.support);
      expect(scores.recall[4]).toBeNull();
      const right = scores.confusion.reduce((sum, row, k) => sum + row[k], 0);
      expect(scores.accuracy).toBeCloseTo(right / 365, 14);
    }
  });

  it('records the baselines of the held-out year: persistence 60.0 %, majority class rain 39.5 %', () => {
    expect(e.baselines.persistence.accuracy).toBeCloseTo(219 / 365, 14);
    expect(e.baselines.majority.predicts).toBe('rain');
    expect(e.baselines.majority.accuracy).toBeCloseTo(144 / 365, 14);
    expect(e.model.accuracy).toBeGreaterThan(e.baselines.persistence.accuracy);
  });
});
