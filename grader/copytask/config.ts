/**
 * The copy-task configuration: the task's sizes, the model's sizes and the optimiser's settings.
 * Plain data, so it can cross into the sandbox and serve as a cache key.
 */

/** How the recurrent weights start: forget-gate bias 1, or chrono (Tallec & Ollivier 2018). */
export type InitScheme = 'forget-bias-1' | 'chrono';

export interface CopyTaskConfig {
  /** K: symbols 1..K; token 0 is the blank and K + 1 the delimiter, so the input size is D = K + 2. */
  symbols: number;
  /** S: how many symbols to copy. */
  length: number;
  /** T: the delay; the delimiter comes T steps after the last symbol. */
  delay: number;
  /** H: hidden size of the recurrent model. */
  hidden: number;
  /** Sequences per optimiser step. */
  batch: number;
  learningRate: number;
  /** Global-norm gradient clipping threshold. */
  clipNorm: number;
  /** The step budget. */
  maxSteps: number;
  init: InitScheme;
  /** Seeds the initial weights and the training data (the evaluation uses other seeds). */
  seed: number;
  /**
   * Solved when the recall accuracy over the last `solveWindow` training batches reaches
   * `solveAccuracy`; every batch is fresh data, so this is a held-out estimate.
   */
  solveAccuracy: number;
  solveWindow: number;
  /** One point of the loss curve every `curveEvery` steps (the mean over those steps). */
  curveEvery: number;
}

/** Input size D = K + 2 (blank, K symbols, delimiter). */
export function inputSize(config: CopyTaskConfig): number {
  return config.symbols + 2;
}

/** Output classes of the readout: blank and the K symbols (the delimiter is never a target). */
export function outputSize(config: CopyTaskConfig): number {
  return config.symbols + 1;
}

/** Sequence length T + 2S. */
export function sequenceLength(config: CopyTaskConfig): number {
  return config.delay + 2 * config.length;
}

const INTEGER_FIELDS = ['symbols', 'length', 'delay', 'hidden', 'batch', 'maxSteps', 'solveWindow', 'curveEvery'] as const;

/** Throws a clear error naming the field unless `config` is a usable CopyTaskConfig. */
export function validateConfig(config: unknown, fn: string): asserts config is CopyTaskConfig {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`${fn}: argument config must be a CopyTaskConfig object, got ${config === null ? 'null' : typeof config}`);
  }
  const c = config as Record<string, unknown>;
  for (const field of INTEGER_FIELDS) {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new RangeError(`${fn}: argument config.${field} must be a positive integer, got ${String(v)}`);
    }
  }
  if ((c.symbols as number) < 2) throw new RangeError(`${fn}: argument config.symbols must be at least 2, got ${String(c.symbols)}`);
  for (const field of ['learningRate', 'clipNorm'] as const) {
    const v = c[field];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: argument config.${field} must be a positive finite number, got ${String(v)}`);
    }
  }
  const acc = c.solveAccuracy;
  if (typeof acc !== 'number' || !(acc > 0 && acc <= 1)) {
    throw new RangeError(`${fn}: argument config.solveAccuracy must be in (0, 1], got ${String(acc)}`);
  }
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed)) {
    throw new RangeError(`${fn}: argument config.seed must be an integer, got ${String(c.seed)}`);
  }
  if (c.init !== 'forget-bias-1' && c.init !== 'chrono') {
    throw new RangeError(`${fn}: argument config.init must be 'forget-bias-1' or 'chrono', got ${String(c.init)}`);
  }
}
