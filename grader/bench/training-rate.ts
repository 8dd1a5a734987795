/**
 * Seconds for a fixed number of copy-task training steps of the trusted models, from this checkout
 * or from another checkout of the project (`--baseline DIR`, e.g. the code before a change, so
 * that before and after are measured side by side in one run on the same loaded machine).
 */
import { join, resolve } from 'node:path';
import { sequenceLength, type CopyTaskConfig } from '../copytask/config';
import type { ReadoutParams } from '../copytask/readout';
import type { SequenceModel } from '../copytask/sequence-model';
import type { LstmParams } from '../../lib/types';
import type { RnnParams } from '../copytask/init';

/** The modules of one checkout that the timings need; their API is the same before and after issue 14. */
export interface TrainerTree {
  label: string;
  FastLstm: new (params: LstmParams, length: number) => SequenceModel;
  FastRnn: new (params: RnnParams, length: number) => SequenceModel;
  initLstmParams(config: CopyTaskConfig): { params: LstmParams; readout: ReadoutParams };
  initRnnParams(config: CopyTaskConfig): { params: RnnParams; readout: ReadoutParams };
  runTraining(model: SequenceModel, readout: ReadoutParams, config: CopyTaskConfig): { wallMs: number };
}

/** Loads the trainer of the checkout at `root` (this one by default). */
export function loadTree(root = join(__dirname, '..', '..'), label = 'this checkout'): TrainerTree {
  const copytask = join(resolve(root), 'grader', 'copytask');
  const load = (file: string) => require(join(copytask, file)) as Record<string, unknown>;
  const { FastLstm } = load('fast-lstm');
  const { FastRnn } = load('fast-rnn');
  const { initLstmParams, initRnnParams } = load('init');
  const { runTraining } = load('train-loop');
  if (typeof FastLstm !== 'function' || typeof runTraining !== 'function') {
    throw new Error(`bench: ${root} does not look like an lstm-lab checkout (grader/copytask/fast-lstm.ts and train-loop.ts)`);
  }
  return { label, FastLstm, FastRnn, initLstmParams, initRnnParams, runTraining } as TrainerTree;
}

/** `steps` steps exactly: the solve test is pushed out of reach so training never stops early. */
export function fixedSteps(config: CopyTaskConfig, steps: number): CopyTaskConfig {
  return { ...config, maxSteps: steps, solveWindow: steps + 1 };
}

/** Seconds for `config.maxSteps` steps of the tree's LSTM or RNN, from fresh weights. */
export function trainingSeconds(tree: TrainerTree, model: 'lstm' | 'rnn', config: CopyTaskConfig): number {
  const L = sequenceLength(config);
  if (model === 'lstm') {
    const { params, readout } = tree.initLstmParams(config);
    return tree.runTraining(new tree.FastLstm(params, L), readout, config).wallMs / 1000;
  }
  const { params, readout } = tree.initRnnParams(config);
  return tree.runTraining(new tree.FastRnn(params, L), readout, config).wallMs / 1000;
}

/** The median of `repeats` timings of `steps` steps, after a short warm-up run. */
export function medianTrainingSeconds(
  tree: TrainerTree,
  model: 'lstm' | 'rnn',
  config: CopyTaskConfig,
  steps: number,
  repeats: number,
): number {
  trainingSeconds(tree, model, fixedSteps(config, Math.min(20, steps)));
  const runs = Array.from({ length: repeats }, () => trainingSeconds(tree, model, fixedSteps(config, steps)));
  return median(runs);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
