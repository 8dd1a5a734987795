import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from '../../../grader/weather/dataset';
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  denormaliseTemperature,
  featureMatrix,
  normalisationStats,
  normaliseTemperature,
} from '../../../grader/weather/features';

const days = parseWeatherCsv(readFileSync(join(__dirname, '../../fixtures/weather/year-end.csv'), 'utf8'));
const december = days.slice(0, 7);

describe('normalisationStats', () => {
  it('takes the mean and the population standard deviation of the given days only', () => {
    const stats = normalisationStats(december);
    expect(stats.days).toBe(7);
    expect(stats.lastDate).toBe('2013-12-31');
    // temp_max 5, 6, 7, 8, 3, 4, 2: mean 5, squared deviations add up to 28, variance 4.
    expect(stats.mean.tempMax).toBe(5);
    expect(stats.std.tempMax).toBe(2);
    const logs = december.map((d) => Math.log1p(d.precipitation));
    expect(stats.mean.precipitation).toBeCloseTo(logs.reduce((a, b) => a + b, 0) / 7, 14);
  });

  it('refuses what cannot be standardised', () => {
    expect(() => normalisationStats(december.slice(0, 1))).toThrow('normalisationStats: argument days must hold at least 2 days, got 1');
    const flat = december.map((d) => ({ ...d, wind: 3 }));
    expect(() => normalisationStats(flat)).toThrow(
      'normalisationStats: wind is constant over the given days, so it cannot be standardised',
    );
  });
});

describe('featureMatrix', () => {
  it('lays out standardised measurements, the season on the unit circle and the weather one-hot', () => {
    const stats = normalisationStats(december);
    const features = featureMatrix(days, stats);
    expect([features.rows, features.cols]).toEqual([12, FEATURE_COUNT]);
    expect(FEATURE_NAMES).toEqual([
      'temp_max',
      'temp_min',
      'log1p_precipitation',
      'wind',
      'season_sin',
      'season_cos',
      'weather_sun',
      'weather_fog',
      'weather_drizzle',
      'weather_rain',
      'weather_snow',
    ]);
    const newYear = Array.from(features.data.subarray(7 * FEATURE_COUNT, 8 * FEATURE_COUNT)); // 2014-01-01, sun, 1 °C
    expect(newYear[0]).toBe((1 - 5) / 2);
    expect(newYear[1]).toBeCloseTo((-3 - stats.mean.tempMin) / stats.std.tempMin, 14);
    expect(newYear.slice(4, 6)).toEqual([0, 1]);
    expect(newYear.slice(6)).toEqual([1, 0, 0, 0, 0]);
    const lastDecember = Array.from(features.data.subarray(6 * FEATURE_COUNT, 7 * FEATURE_COUNT)); // day 365 of 365
    expect(lastDecember[4]).toBeCloseTo(Math.sin((2 * Math.PI * 364) / 365), 14);
    expect(lastDecember[5]).toBeCloseTo(Math.cos((2 * Math.PI * 364) / 365), 14);
  });

  it('round-trips the regression target between °C and standard units', () => {
    const stats = normalisationStats(december);
    expect(normaliseTemperature(9, stats)).toBe(2);
    expect(denormaliseTemperature(normaliseTemperature(-1.3, stats), stats)).toBeCloseTo(-1.3, 14);
  });
});
