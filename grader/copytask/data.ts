/**
 * The copying-memory problem (Arjovsky, Shah & Bengio 2016): S symbols, T − 1 blanks, the
 * delimiter, S blanks; the target is T + S blanks, then the S symbols.
 */
import type { Random } from '../../lib/random';
import { sequenceLength, type CopyTaskConfig } from './config';

export const BLANK = 0;

/** The delimiter token K + 1. */
export function delimiterToken(config: CopyTaskConfig): number {
  return config.symbols + 1;
}

/** The first recall position T + S: from there on, the target is the symbols. */
export function recallStart(config: CopyTaskConfig): number {
  return config.delay + config.length;
}

/**
 * Writes one random sequence into `inputs` and `targets` (both of length T + 2S), drawing the
 * S symbols uniformly from 1..K with `rng`. Allocation-free, for the training loop.
 */
export function fillCopySequence(rng: Random, config: CopyTaskConfig, inputs: Int32Array, targets: Int32Array): void {
  const L = sequenceLength(config);
  if (inputs.length !== L || targets.length !== L) {
    throw new RangeError(
      `fillCopySequence: arguments inputs and targets must have length T + 2S = ${L}, got ${inputs.length} and ${targets.length}`,
    );
  }
  const S = config.length;
  const recall = recallStart(config);
  inputs.fill(BLANK);
  targets.fill(BLANK);
  for (let s = 0; s < S; s++) {
    const symbol = rng.int(1, config.symbols);
    inputs[s] = symbol;
    targets[recall + s] = symbol;
  }
  inputs[recall - 1] = delimiterToken(config);
}

/** One fresh random sequence. */
export function generateCopySequence(rng: Random, config: CopyTaskConfig): { inputs: Int32Array; targets: Int32Array } {
  const L = sequenceLength(config);
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  fillCopySequence(rng, config, inputs, targets);
  return { inputs, targets };
}

/**
 * Cross-entropy per position of the best memoryless model, averaged over all T + 2S positions:
 * blanks are certain, each recalled symbol is a uniform guess among K, so S·ln(K) / (T + 2S).
 */
export function baselineLoss(config: CopyTaskConfig): number {
  return (config.length * Math.log(config.symbols)) / sequenceLength(config);
}

/** The same baseline over the recall positions only: ln(K). */
export function recallBaselineLoss(config: CopyTaskConfig): number {
  return Math.log(config.symbols);
}

/** Writes the one-hot encoding of `token` into `x` (length K + 2). */
export function writeOneHot(x: Float64Array, token: number): void {
  x.fill(0);
  x[token] = 1;
}
