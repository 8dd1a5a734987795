/**
 * The training data as it crosses into the sandbox: the normalised features of the training days
 * (one row per day) and each day's target. Example k reads days k … k + N − 1 and predicts the
 * target of day k + N, so there are (days − N) examples. The held-out year is not in here.
 */
import type { Matrix, Vector } from '../../../lib/types';
import type { SequenceTaskConfig } from './config';

export interface SequenceTaskData {
  /** days × D, row-major, already normalised. */
  features: Matrix;
  /** targets[d]: day d's target, the normalised maximum temperature or the class index. */
  targets: Float64Array;
}

/** Number of training examples: one per day that has N days before it. */
export function exampleCount(data: SequenceTaskData, config: SequenceTaskConfig): number {
  return data.features.rows - config.window;
}

/** Views of the feature rows, one per day (no copies). */
export function dayRows(features: Matrix): Vector[] {
  const D = features.cols;
  return Array.from({ length: features.rows }, (_, d) => features.data.subarray(d * D, (d + 1) * D));
}

/** Throws an error naming the field unless `data` fits `config` and holds only finite numbers. */
export function validateSequenceData(data: unknown, config: SequenceTaskConfig, fn: string): asserts data is SequenceTaskData {
  if (typeof data !== 'object' || data === null) {
    throw new TypeError(`${fn}: argument data must be { features, targets }, got ${data === null ? 'null' : typeof data}`);
  }
  const { features, targets } = data as Partial<SequenceTaskData>;
  if (typeof features !== 'object' || features === null || !(features.data instanceof Float64Array)) {
    throw new TypeError(`${fn}: argument data.features must be a Matrix { rows, cols, data: Float64Array }`);
  }
  const days = features.rows;
  if (!Number.isInteger(days) || features.cols !== config.inputs || features.data.length !== days * config.inputs) {
    throw new RangeError(
      `${fn}: argument data.features must be days × ${config.inputs} (config.inputs), got ${String(features.rows)} × ` +
        `${String(features.cols)} with ${features.data.length} entries`,
    );
  }
  if (days <= config.window) {
    throw new RangeError(`${fn}: argument data.features must hold more than config.window = ${config.window} days, got ${days}`);
  }
  const badFeature = features.data.findIndex((v) => !Number.isFinite(v));
  if (badFeature >= 0) {
    throw new RangeError(`${fn}: argument data.features.data[${badFeature}] is ${features.data[badFeature]}, not a finite number`);
  }
  if (!(targets instanceof Float64Array) || targets.length !== days) {
    throw new RangeError(`${fn}: argument data.targets must be a Float64Array of length ${days} (one per day)`);
  }
  for (let d = config.window; d < days; d++) {
    const t = targets[d];
    const ok = config.task === 'regression' ? Number.isFinite(t) : Number.isInteger(t) && t >= 0 && t < config.outputs;
    if (!ok) {
      const expected = config.task === 'regression' ? 'a finite number' : `a class index from 0 to ${config.outputs - 1}`;
      throw new RangeError(`${fn}: argument data.targets[${d}] must be ${expected}, got ${t}`);
    }
  }
}
