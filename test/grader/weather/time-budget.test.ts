import { describe, expect, it } from 'vitest';
import { loadSeattleWeather } from '../../../grader/weather/dataset';
import { taskConfig } from '../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../grader/weather/split';
import { STARTUP_ALLOWANCE_MS, TIME_FACTOR, calibrateTimeBudget } from '../../../grader/weather/time-budget';
import { exampleCount } from '../../../grader/weather/trainer/data';

describe('calibrateTimeBudget', () => {
  it('scales the measured time of solutions/ per example to the full run, times the factor, plus the start-up allowance', async () => {
    const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
    const config = taskConfig('classification', 1);
    const data = trainingData(split, 'classification');
    const budget = await calibrateTimeBudget(config, data);
    expect(budget.source).toBe('solutions');
    expect(budget.factor).toBe(TIME_FACTOR);
    expect(budget.msPerExample).toBeGreaterThan(0);
    expect(budget.timeoutMs).toBe(
      Math.ceil(TIME_FACTOR * budget.msPerExample * exampleCount(data, config) * config.epochs + STARTUP_ALLOWANCE_MS),
    );
  });
});
