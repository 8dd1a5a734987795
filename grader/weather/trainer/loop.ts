/**
 * The training loop shared by the student's model (inside the sandbox) and the reference (on the
 * trusted side): epochs over the training examples in a seeded order, mini-batches, the mean loss of
 * the batch, global-norm clipping and Adam. Every buffer is allocated before the first step.
 */
import { Random } from '../../../lib/random';
import type { Vector } from '../../../lib/types';
import type { SequenceTaskConfig } from './config';
import { dayRows, exampleCount, type SequenceTaskData } from './data';
import { orderSeed, shuffle } from './init';
import type { Head, SequenceModel } from './model';
import { ADAM_DEFAULTS, Adam, clipGlobalNorm } from '../../engine/optimizer';

export interface CurvePoint {
  /** Optimiser steps done when the point was taken. */
  step: number;
  /** Mean training loss per example over the steps since the previous point. */
  loss: number;
  /** Training accuracy over those steps (classification), null for the regression. */
  accuracy: number | null;
}

export interface TrainLog {
  curve: CurvePoint[];
  stepsRun: number;
  wallMs: number;
  /**
   * Set when training stopped early because a batch's loss or gradient was not a finite number; the
   * weights are those before that batch (still finite), so they can be evaluated and the cause shown.
   */
  diverged: { step: number; loss: number; gradientNorm: number } | null;
}

/** Optimiser steps of a full run: ⌈examples / batch⌉ per epoch. */
export function stepsPerEpoch(examples: number, batch: number): number {
  return Math.ceil(examples / batch);
}

/**
 * The learning rate at optimiser step `step` of `totalSteps` (0-based): a half cosine from
 * config.learningRate down to config.finalLearningRate, so the last updates are small and the final
 * weights do not depend on which batch happened to come last.
 */
export function learningRateAt(step: number, totalSteps: number, config: SequenceTaskConfig): number {
  const progress = totalSteps <= 1 ? 0 : step / (totalSteps - 1);
  const { learningRate: start, finalLearningRate: end } = config;
  return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * progress));
}

/** The xs of example k: views of days k … k + N − 1, written into `xs`. */
export function fillWindow(xs: Vector[], rows: Vector[], k: number): void {
  for (let t = 0; t < xs.length; t++) xs[t] = rows[k + t];
}

/**
 * Trains `model` and `head` in place for config.epochs passes over the examples of `data`;
 * returns the learning curve. Example k reads days k … k + N − 1 and is scored against the target
 * of day k + N; only the last hidden state reaches the head (many-to-one).
 */
export function runSequenceTraining(model: SequenceModel, head: Head, data: SequenceTaskData, config: SequenceTaskConfig): TrainLog {
  const started = performance.now();
  const N = config.window;
  const rows = dayRows(data.features);
  const examples = exampleCount(data, config);
  const order = Int32Array.from({ length: examples }, (_, k) => k);
  const rng = new Random(orderSeed(config.seed));
  const xs: Vector[] = new Array(N);
  const dhs: Vector[] = Array.from({ length: N }, () => new Float64Array(config.hidden));
  const parameters = [...model.parameters, ...head.parameters];
  const gradients = [...model.gradients, ...head.gradients];
  const adam = new Adam(parameters, { learningRate: config.learningRate, ...ADAM_DEFAULTS });
  const totalSteps = config.epochs * stepsPerEpoch(examples, config.batch);
  const curve: CurvePoint[] = [];
  const classification = config.task === 'classification';
  let curveLoss = 0;
  let curveCorrect = 0;
  let curveExamples = 0;
  let curveSteps = 0;
  let step = 0;
  let diverged: TrainLog['diverged'] = null;
  for (let epoch = 0; epoch < config.epochs && diverged === null; epoch++) {
    shuffle(order, rng);
    for (let start = 0; start < examples; start += config.batch) {
      const end = Math.min(start + config.batch, examples);
      for (const g of gradients) g.fill(0);
      let batchLoss = 0;
      let batchCorrect = 0;
      for (let j = start; j < end; j++) {
        const k = order[j];
        fillWindow(xs, rows, k);
        const hs = model.forward(xs);
        // Refilled every example: only the last step is read by the head, and a backward pass
        // that wrote into dhs must not leak into the next example.
        for (let t = 0; t < N - 1; t++) dhs[t].fill(0);
        batchLoss += head.step(hs[N - 1], data.targets[k + N], dhs[N - 1]);
        if (classification && head.lastCorrect()) batchCorrect++;
        model.backward(dhs);
      }
      const count = end - start;
      // The batch's loss is the mean over its examples, so is its gradient.
      for (const g of gradients) for (let p = 0; p < g.length; p++) g[p] /= count;
      const gradientNorm = clipGlobalNorm(gradients, config.clipNorm);
      if (!Number.isFinite(batchLoss) || !Number.isFinite(gradientNorm)) {
        diverged = { step: step + 1, loss: batchLoss / count, gradientNorm };
        break;
      }
      adam.step(gradients, learningRateAt(step, totalSteps, config));
      step++;
      curveLoss += batchLoss;
      curveCorrect += batchCorrect;
      curveExamples += count;
      curveSteps++;
      if (curveSteps === config.curveEvery) {
        curve.push({ step, loss: curveLoss / curveExamples, accuracy: classification ? curveCorrect / curveExamples : null });
        curveLoss = 0;
        curveCorrect = 0;
        curveExamples = 0;
        curveSteps = 0;
      }
    }
  }
  if (curveSteps > 0) {
    curve.push({ step, loss: curveLoss / curveExamples, accuracy: classification ? curveCorrect / curveExamples : null });
  }
  return { curve, stepsRun: step, wallMs: performance.now() - started, diverged };
}
