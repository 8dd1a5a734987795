/**
 * The honest baselines a forecast has to beat, computed on the held-out year from nothing but what a
 * forecaster knows on the evening before: today's weather and the training years.
 *
 * - persistence: tomorrow is like today (the maximum temperature, or the weather category). Weather
 *   changes slowly, so this is hard to beat and the real test of whether a model learned anything;
 * - climatology: the mean maximum temperature of the same time of year (± CLIMATOLOGY_HALF_WIDTH
 *   days) over the training years; smoothing over neighbouring days makes it a stronger baseline
 *   than the mean of three single days;
 * - majority class: the most frequent weather category of the training years, every day.
 */
import { WEATHER_CLASSES, type WeatherDay } from './dataset';
import type { WeatherSplit } from './split';

export const CLIMATOLOGY_HALF_WIDTH = 7;
const YEAR_LENGTH = 365;

/** Position in a 365-day calendar: 29 February shares 28 February's, later days of a leap year move back by one. */
export function calendarDay(day: WeatherDay): number {
  const leap = day.daysInYear === 366;
  return leap && day.dayOfYear >= 60 ? day.dayOfYear - 1 : day.dayOfYear;
}

function circularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % YEAR_LENGTH;
  return Math.min(d, YEAR_LENGTH - d);
}

/** Tomorrow's maximum temperature = today's, for each held-out target index. */
export function persistenceTemperature(split: WeatherSplit, targets: readonly number[]): number[] {
  return targets.map((i) => split.days[i - 1].tempMax);
}

/** Mean maximum temperature of the training days within ± halfWidth calendar days of each target. */
export function climatologyTemperature(split: WeatherSplit, targets: readonly number[], halfWidth = CLIMATOLOGY_HALF_WIDTH): number[] {
  const training = split.days.slice(0, split.trainingDays);
  return targets.map((i) => {
    const position = calendarDay(split.days[i]);
    let sum = 0;
    let count = 0;
    for (const day of training) {
      if (circularDistance(calendarDay(day), position) <= halfWidth) {
        sum += day.tempMax;
        count++;
      }
    }
    if (count === 0) throw new RangeError(`climatologyTemperature: no training day within ${halfWidth} days of ${split.days[i].date}`);
    return sum / count;
  });
}

/** Tomorrow's weather category = today's. */
export function persistenceClass(split: WeatherSplit, targets: readonly number[]): number[] {
  return targets.map((i) => split.days[i - 1].weather);
}

/** The most frequent category of the training days (the first in WEATHER_CLASSES order on a tie). */
export function majorityClass(split: WeatherSplit): number {
  const counts = new Array<number>(WEATHER_CLASSES.length).fill(0);
  for (let d = 0; d < split.trainingDays; d++) counts[split.days[d].weather]++;
  return counts.indexOf(Math.max(...counts));
}
