/**
 * The graded configuration and the delay tiers that are shown, not graded. The choice and the
 * measurements behind it are in docs/copy-task.md.
 */
import type { CopyTaskConfig } from './config';

/** The graded tier, with the grade's seed filled in by gradedConfig. */
const GRADED: Omit<CopyTaskConfig, 'seed'> = {
  symbols: 2,
  length: 3,
  delay: 10,
  hidden: 16,
  batch: 8,
  learningRate: 0.02,
  clipNorm: 1,
  maxSteps: 2500,
  init: 'chrono',
  solveAccuracy: 0.99,
  solveWindow: 10,
  curveEvery: 25,
};

/** Held-out recall accuracy the student's trained LSTM must reach. */
export const ACCURACY_BAR = 0.99;
/** Fresh sequences of the held-out evaluation (DESIGN: at least 256). */
export const EVALUATION_SEQUENCES = 512;

/** Delays shown next to the graded one: the RNN solves the first, the LSTM fails the last. */
export const SHOWN_DELAYS = [5, 20, 30, 50, 100] as const;

export function gradedConfig(seed: number): CopyTaskConfig {
  return { ...GRADED, seed };
}

export interface Tier {
  /** Short label for tables, e.g. "T = 50, S = 3". */
  label: string;
  config: CopyTaskConfig;
}

/** The other delays, shortest first; the longest is one the reference LSTM does not solve either. */
export function shownTiers(seed: number): Tier[] {
  const tier = (delay: number): Tier => ({
    label: `T = ${delay}, S = ${GRADED.length}`,
    config: { ...GRADED, delay, seed },
  });
  return SHOWN_DELAYS.map(tier);
}
