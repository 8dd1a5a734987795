/**
 * The baselines on twelve hand-made days (test/fixtures/weather/year-end.csv): 25–31 December 2013
 * train, 1–5 January 2014 are held out. Every expected number below is worked out by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calendarDay,
  climatologyTemperature,
  majorityClass,
  persistenceClass,
  persistenceTemperature,
} from '../../../grader/weather/baselines';
import { WEATHER_CLASSES, loadSeattleWeather, parseWeatherCsv } from '../../../grader/weather/dataset';
import { heldOutTargets, splitByYear } from '../../../grader/weather/split';

const split = splitByYear(parseWeatherCsv(readFileSync(join(__dirname, '../../fixtures/weather/year-end.csv'), 'utf8')), 2014);
const targets = heldOutTargets(split, 3);
const cls = (name: string) => WEATHER_CLASSES.indexOf(name as (typeof WEATHER_CLASSES)[number]);

describe('baselines on the fixture', () => {
  it('scores the five days of January', () => {
    expect(targets.map((i) => split.days[i].date)).toEqual(['2014-01-01', '2014-01-02', '2014-01-03', '2014-01-04', '2014-01-05']);
  });

  it('persistence repeats the day before: 31 December (2 °C) for 1 January, and so on', () => {
    expect(persistenceTemperature(split, targets)).toEqual([2, 1, 6, 9, 4]);
    expect(persistenceClass(split, targets)).toEqual(['sun', 'sun', 'rain', 'rain', 'fog'].map(cls));
  });

  it('climatology averages the training days within ±7 calendar days, across the turn of the year', () => {
    // 1 Jan: all of 25–31 Dec (5+6+7+8+3+4+2)/7 = 5; 2 Jan: 26–31 Dec 30/6 = 5; 3 Jan: 27–31 Dec 24/5;
    // 4 Jan: 28–31 Dec 17/4; 5 Jan: 29–31 Dec 9/3.
    const climatology = climatologyTemperature(split, targets);
    [5, 5, 4.8, 4.25, 3].forEach((expected, k) => expect(climatology[k]).toBeCloseTo(expected, 12));
    expect(climatologyTemperature(split, [targets[0]], 1)).toEqual([2]); // 31 December alone
    expect(() => climatologyTemperature(split, [targets[2]], 0)).toThrow(
      'climatologyTemperature: no training day within 0 days of 2014-01-03',
    );
  });

  it('the majority class of the training days breaks ties by the order of WEATHER_CLASSES', () => {
    // sun 3, rain 3, fog 1: sun comes first.
    expect(majorityClass(split)).toBe(cls('sun'));
  });
});

describe('calendarDay', () => {
  it('gives 29 February the place of 28 February and shifts the rest of a leap year back by one', () => {
    const days = loadSeattleWeather();
    const at = (date: string) => calendarDay(days.find((d) => d.date === date)!);
    expect(at('2012-02-28')).toBe(59);
    expect(at('2012-02-29')).toBe(59);
    expect(at('2012-03-01')).toBe(at('2013-03-01'));
    expect(at('2012-12-31')).toBe(365);
    expect(at('2013-12-31')).toBe(365);
  });
});
