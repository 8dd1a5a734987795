/**
 * Trusted evaluation of trained weights with the reference forward pass, on fresh sequences
 * drawn from a seed the training never used.
 */
import { Random } from '../../lib/random';
import type { LstmParams } from '../../lib/types';
import { inputSize, outputSize, sequenceLength, type CopyTaskConfig } from './config';
import { fillCopySequence, recallStart, writeOneHot } from './data';
import { FastLstm } from './fast-lstm';
import { argmax, readoutLoss, type ReadoutParams } from './readout';
import type { SequenceModel } from './sequence-model';

export interface Evaluation {
  /** Fraction of recalled symbols predicted right. */
  accuracy: number;
  /** Mean cross-entropy per position over all T + 2S positions. */
  loss: number;
  sequences: number;
}

/** The seed of the held-out sequences: derived from the grade's seed, never given to the sandbox. */
export function evaluationSeed(seed: number): number {
  return (Math.imul(seed ^ 0x61c88647, 0x2545f491) ^ 0x7f4a7c15) >>> 0;
}

/** Sequences per batched forward in the evaluation (any number gives the same result). */
const EVALUATION_CHUNK = 64;

/**
 * Recall accuracy and loss of `model` + `readout` on `sequences` fresh sequences. A model with a
 * batched path runs them in chunks with the same numbers; others go one sequence at a time.
 */
export function evaluateModel(
  model: SequenceModel,
  readout: ReadoutParams,
  config: CopyTaskConfig,
  seed: number,
  sequences: number,
): Evaluation {
  const L = sequenceLength(config);
  const D = inputSize(config);
  const rng = new Random(seed);
  const recall = recallStart(config);
  const total = { loss: 0, correct: 0 };
  const chunk = Math.min(EVALUATION_CHUNK, sequences);
  const batched = model.batchedLoss?.(readout, chunk, [new Float64Array(readout.W.data.length), new Float64Array(readout.b.length)]);
  const inputs = Array.from({ length: chunk }, () => new Int32Array(L));
  const targets = Array.from({ length: chunk }, () => new Int32Array(L));
  const oneHots = new Float64Array(chunk * L * D);
  // xs[s][t]: views of oneHots, for models that take one sequence at a time.
  const xs = Array.from({ length: chunk }, (_, s) =>
    Array.from({ length: L }, (_, t) => oneHots.subarray((s * L + t) * D, (s * L + t + 1) * D)),
  );
  const probs = new Float64Array(outputSize(config));
  for (let done = 0; done < sequences; done += chunk) {
    const count = Math.min(chunk, sequences - done);
    for (let s = 0; s < count; s++) {
      fillCopySequence(rng, config, inputs[s], targets[s]);
      for (let t = 0; t < L; t++) writeOneHot(xs[s][t], inputs[s][t]);
    }
    if (batched !== undefined) {
      batched.addLoss(oneHots, targets, count, recall, total);
      continue;
    }
    for (let s = 0; s < count; s++) {
      const hs = model.forward(xs[s]);
      for (let t = 0; t < L; t++) {
        total.loss += readoutLoss(readout, hs[t], targets[s][t], probs);
        if (t >= recall && argmax(probs) === targets[s][t]) total.correct++;
      }
    }
  }
  return { accuracy: total.correct / (sequences * config.length), loss: total.loss / (sequences * L), sequences };
}

/** Forget- and input-gate activations, [step][unit], of one fresh sequence, and its tokens. */
export function gateActivations(
  params: LstmParams,
  config: CopyTaskConfig,
  seed: number,
): { forget: number[][]; input: number[][]; tokens: number[] } {
  const L = sequenceLength(config);
  const inputs = new Int32Array(L);
  fillCopySequence(new Random(seed), config, inputs, new Int32Array(L));
  const xs = Array.from(inputs, (token) => {
    const x = new Float64Array(inputSize(config));
    writeOneHot(x, token);
    return x;
  });
  const lstm = new FastLstm(params, L);
  lstm.forward(xs);
  const rows = (gate: 'forget' | 'input') => lstm.gateActivations(gate).map((step) => Array.from(step));
  return { forget: rows('forget'), input: rows('input'), tokens: Array.from(inputs) };
}
