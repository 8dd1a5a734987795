import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeattleWeather, parseWeatherCsv } from '../../../grader/weather/dataset';
import { FEATURE_COUNT, normalisationStats } from '../../../grader/weather/features';
import { HELD_OUT_YEAR, heldOutTargets, splitByYear, trainingData } from '../../../grader/weather/split';

describe('splitByYear on the real table', () => {
  const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);

  it('trains on 2012–2014 and holds out 2015', () => {
    expect(split.trainingDays).toBe(366 + 365 + 365);
    expect(split.days[split.trainingDays - 1].date).toBe('2014-12-31');
    expect(split.days[split.trainingDays].date).toBe('2015-01-01');
    expect(split.days).toHaveLength(1461);
    expect(split.stats.lastDate).toBe('2014-12-31');
    expect(split.stats.days).toBe(split.trainingDays);
  });

  it('sends the sandbox the training days only, for both tasks', () => {
    for (const task of ['regression', 'classification'] as const) {
      const data = trainingData(split, task);
      expect([data.features.rows, data.features.cols]).toEqual([split.trainingDays, FEATURE_COUNT]);
      expect(data.features.data).toHaveLength(split.trainingDays * FEATURE_COUNT);
      expect(data.targets).toHaveLength(split.trainingDays);
    }
    expect(trainingData(split, 'classification').targets[0]).toBe(split.days[0].weather);
    expect(trainingData(split, 'regression').targets[0]).toBeCloseTo((12.8 - split.stats.mean.tempMax) / split.stats.std.tempMax, 14);
  });

  it('leaks nothing of the held-out year: changing 2015 changes neither the statistics nor the training data', () => {
    const scrambled = loadSeattleWeather().map((day) =>
      day.year === HELD_OUT_YEAR ? { ...day, tempMax: day.tempMax + 40, tempMin: -30, precipitation: 50, wind: 0.1, weather: 4 } : day,
    );
    const other = splitByYear(scrambled, HELD_OUT_YEAR);
    expect(other.stats).toEqual(split.stats);
    expect(other.stats).toEqual(normalisationStats(loadSeattleWeather().filter((d) => d.year < HELD_OUT_YEAR)));
    for (const task of ['regression', 'classification'] as const) {
      expect(trainingData(other, task)).toEqual(trainingData(split, task));
    }
  });

  it('scores every day of 2015 once, each with a full window before it', () => {
    const targets = heldOutTargets(split, 7);
    expect(targets).toHaveLength(365);
    expect(split.days[targets[0]].date).toBe('2015-01-01');
    expect(split.days[targets.at(-1)!].date).toBe('2015-12-31');
    expect(targets[0] - 7).toBeGreaterThanOrEqual(0);
    expect(() => heldOutTargets(split, 0)).toThrow('heldOutTargets: argument window must be an integer from 1 to 1096, got 0');
  });
});

describe('splitByYear on the fixture', () => {
  const days = parseWeatherCsv(readFileSync(join(__dirname, '../../fixtures/weather/year-end.csv'), 'utf8'));

  it('refuses a split without both parts', () => {
    const split = splitByYear(days, 2014);
    expect(split.trainingDays).toBe(7);
    expect(split.days).toHaveLength(12);
    expect(() => splitByYear(days, 2013)).toThrow('splitByYear: the table must have days before 2013 and in 2013, got 0 and 7');
    expect(() => splitByYear(days, 2015)).toThrow('splitByYear: the table must have days before 2015 and in 2015, got 12 and 0');
    expect(() => splitByYear(days, 2014.5)).toThrow('splitByYear: argument heldOutYear must be an integer, got 2014.5');
  });
});
