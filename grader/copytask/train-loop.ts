/**
 * The trusted training loop shared by the student's LSTM, the fast reference LSTM and the RNN:
 * fresh random batches, a softmax readout, mean cross-entropy over all positions, global-norm
 * clipping and Adam. Every buffer is allocated before the first step.
 */
import { Random } from '../../lib/random';
import type { Vector } from '../../lib/types';
import { inputSize, outputSize, sequenceLength, type CopyTaskConfig } from './config';
import { fillCopySequence, recallStart, writeOneHot } from './data';
import { dataSeed } from './init';
import { ADAM_DEFAULTS, Adam, clipGlobalNorm } from '../engine/optimizer';
import { argmax, readoutStep, type ReadoutParams } from './readout';
import type { BatchedLoss, SequenceModel } from './sequence-model';

export interface CurvePoint {
  /** Steps done when the point was taken. */
  step: number;
  /** Mean training loss per position over the steps since the previous point. */
  loss: number;
  /** Recall accuracy on those steps' batches (fresh data, measured before each update). */
  accuracy: number;
}

export interface TrainLog {
  curve: CurvePoint[];
  stepsRun: number;
  /** The step at which the windowed recall accuracy first reached config.solveAccuracy. */
  stepsToSolve: number | null;
  wallMs: number;
}

/** One batch's worth of forward and backward passes, writing into preallocated buffers. */
export class CopyBatch {
  readonly length: number;
  readonly inputs: Int32Array[];
  readonly targets: Int32Array[];
  /** One-hot inputs of the whole batch, [sequence][position][D], for the batched path. */
  private readonly oneHotBatch: Float64Array;
  /** Views of oneHotBatch, one per (sequence, position), for models that take one sequence at a time. */
  private readonly oneHots: Vector[][];
  private readonly dhs: Vector[];
  private readonly probs: Vector;
  readonly readoutGradients: Float64Array[];
  /** The batched path of the model the batch was last used with (trusted models have one). */
  private batched: { model: SequenceModel; loss: BatchedLoss | null } | null = null;

  constructor(
    readonly config: CopyTaskConfig,
    readonly readout: ReadoutParams,
  ) {
    const L = sequenceLength(config);
    this.length = L;
    const D = inputSize(config);
    this.inputs = Array.from({ length: config.batch }, () => new Int32Array(L));
    this.targets = Array.from({ length: config.batch }, () => new Int32Array(L));
    this.oneHotBatch = new Float64Array(config.batch * L * D);
    this.oneHots = Array.from({ length: config.batch }, (_, s) =>
      Array.from({ length: L }, (_, t) => this.oneHotBatch.subarray((s * L + t) * D, (s * L + t + 1) * D)),
    );
    this.dhs = Array.from({ length: L }, () => new Float64Array(config.hidden));
    this.probs = new Float64Array(outputSize(config));
    this.readoutGradients = [new Float64Array(readout.W.data.length), new Float64Array(readout.b.length)];
  }

  /** Draws a fresh batch of sequences from `rng`. */
  draw(rng: Random): void {
    for (let s = 0; s < this.config.batch; s++) {
      fillCopySequence(rng, this.config, this.inputs[s], this.targets[s]);
      for (let t = 0; t < this.length; t++) writeOneHot(this.oneHots[s][t], this.inputs[s][t]);
    }
  }

  /**
   * Zeroes the gradients, then runs forward and backward on every sequence of the current batch;
   * afterwards model.gradients and readoutGradients hold ∂(mean loss)/∂parameters.
   * Returns the mean loss per position and the number of recalled symbols predicted right.
   * A model with a batched path (the trusted ones) runs the whole batch at once, with the same
   * numbers; the student's LSTM goes one sequence at a time.
   */
  lossAndGradients(model: SequenceModel, result: { loss: number; correct: number }): void {
    const batched = this.batchedLossFor(model);
    if (batched !== null) {
      batched.lossAndGradients(this.oneHotBatch, this.targets, recallStart(this.config), result);
      return;
    }
    for (const g of model.gradients) g.fill(0);
    for (const g of this.readoutGradients) g.fill(0);
    const dW = this.readoutGradients[0];
    const db = this.readoutGradients[1];
    const scale = 1 / (this.config.batch * this.length);
    const recall = recallStart(this.config);
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < this.config.batch; s++) {
      const hs = model.forward(this.oneHots[s]);
      const targets = this.targets[s];
      for (let t = 0; t < this.length; t++) {
        loss += readoutStep(this.readout, hs[t], targets[t], scale, this.probs, dW, db, this.dhs[t]);
        if (t >= recall && argmax(this.probs) === targets[t]) correct++;
      }
      model.backward(this.dhs);
    }
    result.loss = loss * scale;
    result.correct = correct;
  }

  /** The model's batched path, made once per model (null when it has none). */
  private batchedLossFor(model: SequenceModel): BatchedLoss | null {
    if (this.batched?.model !== model) {
      const loss =
        typeof model.batchedLoss === 'function' ? model.batchedLoss(this.readout, this.config.batch, this.readoutGradients) : null;
      this.batched = { model, loss };
    }
    return this.batched.loss;
  }
}

/**
 * Trains `model` and `readout` in place until the recall accuracy over the last
 * config.solveWindow batches reaches config.solveAccuracy, or config.maxSteps steps.
 */
export function runTraining(model: SequenceModel, readout: ReadoutParams, config: CopyTaskConfig): TrainLog {
  const started = performance.now();
  const batch = new CopyBatch(config, readout);
  const parameters = [...model.parameters, readout.W.data, readout.b];
  const gradients = [...model.gradients, ...batch.readoutGradients];
  const adam = new Adam(parameters, { learningRate: config.learningRate, ...ADAM_DEFAULTS });
  const rng = new Random(dataSeed(config.seed));
  const symbolsPerBatch = config.batch * config.length;
  const window = new Int32Array(config.solveWindow);
  const result = { loss: 0, correct: 0 };
  const curve: CurvePoint[] = [];
  let windowCorrect = 0;
  let curveLoss = 0;
  let curveCorrect = 0;
  let curveSteps = 0;
  let stepsToSolve: number | null = null;
  let step = 0;
  while (step < config.maxSteps && stepsToSolve === null) {
    batch.draw(rng);
    batch.lossAndGradients(model, result);
    if (!Number.isFinite(result.loss)) {
      throw new RangeError(`runTraining: the training loss became ${result.loss} at step ${step + 1}`);
    }
    clipGlobalNorm(gradients, config.clipNorm);
    adam.step(gradients);
    windowCorrect += result.correct - window[step % config.solveWindow];
    window[step % config.solveWindow] = result.correct;
    step++;
    curveLoss += result.loss;
    curveCorrect += result.correct;
    curveSteps++;
    if (step >= config.solveWindow && windowCorrect >= config.solveAccuracy * config.solveWindow * symbolsPerBatch) {
      stepsToSolve = step;
    }
    if (curveSteps === config.curveEvery || stepsToSolve !== null || step === config.maxSteps) {
      curve.push({ step, loss: curveLoss / curveSteps, accuracy: curveCorrect / (curveSteps * symbolsPerBatch) });
      curveLoss = 0;
      curveCorrect = 0;
      curveSteps = 0;
    }
  }
  return { curve, stepsRun: step, stepsToSolve, wallMs: performance.now() - started };
}
