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

/** Recall accuracy and loss of `model` + `readout` on `sequences` fresh sequences. */
export function evaluateModel(
  model: SequenceModel,
  readout: ReadoutParams,
  config: CopyTaskConfig,
  seed: number,
  sequences: number,
): Evaluation {
  const L = sequenceLength(config);
  const rng = new Random(seed);
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  const xs = Array.from({ length: L }, () => new Float64Array(inputSize(config)));
  const probs = new Float64Array(outputSize(config));
  const recall = recallStart(config);
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < sequences; s++) {
    fillCopySequence(rng, config, inputs, targets);
    for (let t = 0; t < L; t++) writeOneHot(xs[t], inputs[t]);
    const hs = model.forward(xs);
    for (let t = 0; t < L; t++) {
      loss += readoutLoss(readout, hs[t], targets[t], probs);
      if (t >= recall && argmax(probs) === targets[t]) correct++;
    }
  }
  return { accuracy: correct / (sequences * config.length), loss: loss / (sequences * L), sequences };
}

/** Forget- and input-gate activations, [step][unit], of one fresh sequence, and its tokens. */
export function gateActivations(
  params: LstmParams,
  config: CopyTaskConfig,
  seed: number,
): { forget: number[][]; input: number[][]; tokens: number[] } {
  const L = sequenceLength(config);
  const H = config.hidden;
  const inputs = new Int32Array(L);
  fillCopySequence(new Random(seed), config, inputs, new Int32Array(L));
  const xs = Array.from(inputs, (token) => {
    const x = new Float64Array(inputSize(config));
    writeOneHot(x, token);
    return x;
  });
  const lstm = new FastLstm(params, L);
  lstm.forward(xs);
  const rows = (buffer: Float64Array) => Array.from({ length: L }, (_, t) => Array.from(buffer.subarray(t * H, (t + 1) * H)));
  return { forget: rows(lstm.forgetGates), input: rows(lstm.inputGates), tokens: Array.from(inputs) };
}
