/**
 * The split in time: the model trains on the early years and is scored on a later year it never saw.
 * Only the training years go into the normalisation statistics and into the data sent to the
 * sandbox; the held-out year stays on the trusted side, where the evaluation and the baselines use it.
 */
import type { Matrix } from '../../lib/types';
import type { WeatherDay } from './dataset';
import { featureMatrix, normalisationStats, normaliseTemperature, type NormalisationStats } from './features';
import type { SequenceTaskKind } from './trainer/config';
import type { SequenceTaskData } from './trainer/data';

/** The year held out for evaluation (the table's last full year); 2012–2014 are the training years. */
export const HELD_OUT_YEAR = 2015;

export interface WeatherSplit {
  /** The training days followed by the held-out days, in date order. */
  days: WeatherDay[];
  /** days[0 … trainingDays − 1] are the training days; the rest is the held-out year. */
  trainingDays: number;
  /** From the training days only. */
  stats: NormalisationStats;
  /** Every day's features, standardised with the training statistics (rows as in `days`). */
  features: Matrix;
}

/** Splits a daily table at `heldOutYear`: the years before it train, that year is held out, later years are dropped. */
export function splitByYear(table: readonly WeatherDay[], heldOutYear: number): WeatherSplit {
  if (!Number.isInteger(heldOutYear))
    throw new RangeError(`splitByYear: argument heldOutYear must be an integer, got ${String(heldOutYear)}`);
  const training = table.filter((day) => day.year < heldOutYear);
  const heldOut = table.filter((day) => day.year === heldOutYear);
  if (training.length < 2 || heldOut.length === 0) {
    throw new RangeError(
      `splitByYear: the table must have days before ${heldOutYear} and in ${heldOutYear}, got ${training.length} and ${heldOut.length}`,
    );
  }
  const days = [...training, ...heldOut];
  const stats = normalisationStats(training);
  return { days, trainingDays: training.length, stats, features: featureMatrix(days, stats) };
}

/** The target of a day for a task: the standardised maximum temperature, or the weather class. */
export function dayTarget(day: WeatherDay, task: SequenceTaskKind, stats: NormalisationStats): number {
  return task === 'regression' ? normaliseTemperature(day.tempMax, stats) : day.weather;
}

/**
 * What the sandbox receives: the features and targets of the training days only (fresh copies).
 * Example k of it reads training days k … k + N − 1 and predicts training day k + N.
 */
export function trainingData(split: WeatherSplit, task: SequenceTaskKind): SequenceTaskData {
  const D = split.features.cols;
  const rows = split.trainingDays;
  return {
    features: { rows, cols: D, data: split.features.data.slice(0, rows * D) },
    targets: Float64Array.from(split.days.slice(0, rows), (day) => dayTarget(day, task, split.stats)),
  };
}

/**
 * The held-out examples: for every day of the held-out year, the index into split.days of the
 * day it predicts. Its window is days target − N … target − 1, so the first windows start in the
 * last training days (inputs the forecaster had) and reach into the held-out year later on.
 */
export function heldOutTargets(split: WeatherSplit, window: number): number[] {
  if (!Number.isInteger(window) || window < 1 || window > split.trainingDays) {
    throw new RangeError(`heldOutTargets: argument window must be an integer from 1 to ${split.trainingDays}, got ${String(window)}`);
  }
  return Array.from({ length: split.days.length - split.trainingDays }, (_, k) => split.trainingDays + k);
}
