/**
 * The configuration of one sequence task as plain data: which task, the window and model sizes, and
 * the optimiser's settings. It crosses into the sandbox and serves as a cache key, so it holds
 * nothing but numbers and strings.
 */

/** Many-to-one regression (next day's maximum temperature) or classification (next day's weather). */
export type SequenceTaskKind = 'regression' | 'classification';

export interface SequenceTaskConfig {
  task: SequenceTaskKind;
  /** N: how many previous days the LSTM reads before the readout predicts the next one. */
  window: number;
  /** D: features per day. */
  inputs: number;
  /** O: outputs of the readout (1 for the regression, one logit per class for the classification). */
  outputs: number;
  /** H: hidden size of the LSTM. */
  hidden: number;
  /** Passes over the training examples. */
  epochs: number;
  /** Examples per optimiser step. */
  batch: number;
  /** Adam's learning rate at the first step; it follows a half cosine down to finalLearningRate at the last. */
  learningRate: number;
  finalLearningRate: number;
  /** Global-norm gradient clipping threshold. */
  clipNorm: number;
  /** Initial bias of the forget gate (the other biases start at 0). */
  forgetBias: number;
  /** Seeds the initial weights and the order of the examples. */
  seed: number;
  /** One point of the learning curve every `curveEvery` optimiser steps. */
  curveEvery: number;
}

const POSITIVE_INTEGERS = ['window', 'inputs', 'outputs', 'hidden', 'epochs', 'batch', 'curveEvery'] as const;

/** Throws an error naming the field unless `config` is a usable SequenceTaskConfig. */
export function validateSequenceConfig(config: unknown, fn: string): asserts config is SequenceTaskConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError(`${fn}: argument config must be a SequenceTaskConfig object, got ${config === null ? 'null' : typeof config}`);
  }
  const c = config as Record<string, unknown>;
  if (c.task !== 'regression' && c.task !== 'classification') {
    throw new RangeError(`${fn}: argument config.task must be 'regression' or 'classification', got ${String(c.task)}`);
  }
  for (const field of POSITIVE_INTEGERS) {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new RangeError(`${fn}: argument config.${field} must be a positive integer, got ${String(v)}`);
    }
  }
  if (c.task === 'regression' && c.outputs !== 1) {
    throw new RangeError(`${fn}: argument config.outputs must be 1 for the regression task, got ${String(c.outputs)}`);
  }
  if (c.task === 'classification' && (c.outputs as number) < 2) {
    throw new RangeError(`${fn}: argument config.outputs must be at least 2 classes for the classification task, got ${String(c.outputs)}`);
  }
  for (const field of ['learningRate', 'clipNorm'] as const) {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
      throw new RangeError(`${fn}: argument config.${field} must be a positive finite number, got ${String(v)}`);
    }
  }
  if (typeof c.finalLearningRate !== 'number' || !(c.finalLearningRate >= 0) || c.finalLearningRate > (c.learningRate as number)) {
    throw new RangeError(
      `${fn}: argument config.finalLearningRate must be a number from 0 to config.learningRate, got ${String(c.finalLearningRate)}`,
    );
  }
  if (typeof c.forgetBias !== 'number' || !Number.isFinite(c.forgetBias)) {
    throw new RangeError(`${fn}: argument config.forgetBias must be a finite number, got ${String(c.forgetBias)}`);
  }
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed)) {
    throw new RangeError(`${fn}: argument config.seed must be an integer, got ${String(c.seed)}`);
  }
}
