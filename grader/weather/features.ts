/**
 * What the LSTM sees of each day: eleven numbers. The four measurements are standardised with the
 * mean and standard deviation of the *training days only* (precipitation after log(1 + mm), which
 * tames its long tail of storm days); the season is a point on the unit circle, so 31 December and
 * 1 January are neighbours; the weather category is one-hot.
 */
import type { Matrix } from '../../lib/types';
import { WEATHER_CLASSES, type WeatherDay } from './dataset';

export const FEATURE_NAMES = [
  'temp_max',
  'temp_min',
  'log1p_precipitation',
  'wind',
  'season_sin',
  'season_cos',
  ...WEATHER_CLASSES.map((name) => `weather_${name}`),
] as const;

export const FEATURE_COUNT = FEATURE_NAMES.length;

const MEASUREMENTS = ['tempMax', 'tempMin', 'precipitation', 'wind'] as const;
type Measurement = (typeof MEASUREMENTS)[number];

/** Per measurement: the mean and standard deviation over the days the statistics were taken from. */
export interface NormalisationStats {
  /** How many days they were computed from, and the last one's date (to show that no held-out day was used). */
  days: number;
  lastDate: string;
  mean: Record<Measurement, number>;
  std: Record<Measurement, number>;
}

/** The value of a measurement as it is standardised (precipitation on a log scale). */
function raw(day: WeatherDay, measurement: Measurement): number {
  return measurement === 'precipitation' ? Math.log1p(day.precipitation) : day[measurement];
}

/** Means and standard deviations (population, divided by n) of `days`, which must be the training days. */
export function normalisationStats(days: readonly WeatherDay[]): NormalisationStats {
  if (!Array.isArray(days) || days.length < 2) {
    throw new RangeError(
      `normalisationStats: argument days must hold at least 2 days, got ${Array.isArray(days) ? days.length : typeof days}`,
    );
  }
  const mean = {} as Record<Measurement, number>;
  const std = {} as Record<Measurement, number>;
  for (const m of MEASUREMENTS) {
    let sum = 0;
    for (const day of days) sum += raw(day, m);
    const mu = sum / days.length;
    let squares = 0;
    for (const day of days) squares += (raw(day, m) - mu) ** 2;
    const sigma = Math.sqrt(squares / days.length);
    if (!(sigma > 0)) throw new RangeError(`normalisationStats: ${m} is constant over the given days, so it cannot be standardised`);
    mean[m] = mu;
    std[m] = sigma;
  }
  return { days: days.length, lastDate: days[days.length - 1].date, mean, std };
}

/** Writes the FEATURE_COUNT features of `day` into out[offset …]. */
export function writeDayFeatures(day: WeatherDay, stats: NormalisationStats, out: Float64Array, offset: number): void {
  MEASUREMENTS.forEach((m, k) => {
    out[offset + k] = (raw(day, m) - stats.mean[m]) / stats.std[m];
  });
  const phase = (2 * Math.PI * (day.dayOfYear - 1)) / day.daysInYear;
  out[offset + 4] = Math.sin(phase);
  out[offset + 5] = Math.cos(phase);
  for (let c = 0; c < WEATHER_CLASSES.length; c++) out[offset + 6 + c] = day.weather === c ? 1 : 0;
}

/** The features of `days`, one row per day: a days × FEATURE_COUNT matrix. */
export function featureMatrix(days: readonly WeatherDay[], stats: NormalisationStats): Matrix {
  const data = new Float64Array(days.length * FEATURE_COUNT);
  days.forEach((day, d) => writeDayFeatures(day, stats, data, d * FEATURE_COUNT));
  return { rows: days.length, cols: FEATURE_COUNT, data };
}

/** The regression target in the units the model trains on, and back to °C. */
export function normaliseTemperature(celsius: number, stats: NormalisationStats): number {
  return (celsius - stats.mean.tempMax) / stats.std.tempMax;
}
export function denormaliseTemperature(value: number, stats: NormalisationStats): number {
  return value * stats.std.tempMax + stats.mean.tempMax;
}
