/**
 * Seeded initial weights. The student's LSTM and the reference start from the very same numbers
 * (same seed, same order of draws), so their learning curves can be compared step by step.
 */
import { Random } from '../../lib/random';
import type { Gate, LstmParams, Matrix } from '../../lib/types';
import { inputSize, outputSize, sequenceLength, type CopyTaskConfig } from './config';
import type { ReadoutParams } from './readout';

/** The plain tanh RNN of the contrast run: h_t = tanh(W·[h_{t−1}; x_t] + b). */
export interface RnnParams {
  W: Matrix;
  b: Float64Array;
}

/** Seeds of the two random streams (weights, training data) derived from config.seed. */
export function initSeed(seed: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
}
export function dataSeed(seed: number): number {
  return (Math.imul(seed ^ 0x27d4eb2f, 0x85ebca6b) + 0x165667b1) >>> 0;
}

function uniformGate(rng: Random, H: number, D: number): Gate {
  // PyTorch's default for recurrent layers: U(−1/√H, 1/√H).
  const bound = 1 / Math.sqrt(H);
  return { W: rng.matrix(H, H + D, -bound, bound), b: new Float64Array(H) };
}

/**
 * LSTM weights U(−1/√H, 1/√H), biases 0 except the forget gate's: 1 ('forget-bias-1'), or
 * chrono (Tallec & Ollivier 2018): b_f = ln U(1, T_max − 1), b_i = −b_f, with T_max = T + 2S.
 */
export function initLstmParams(config: CopyTaskConfig): { params: LstmParams; readout: ReadoutParams } {
  const rng = new Random(initSeed(config.seed));
  const H = config.hidden;
  const D = inputSize(config);
  const params: LstmParams = {
    forget: uniformGate(rng, H, D),
    input: uniformGate(rng, H, D),
    candidate: uniformGate(rng, H, D),
    output: uniformGate(rng, H, D),
  };
  if (config.init === 'chrono') {
    const maxDelay = Math.max(2, sequenceLength(config) - 1);
    for (let k = 0; k < H; k++) {
      const bias = Math.log(rng.uniform(1, maxDelay));
      params.forget.b[k] = bias;
      params.input.b[k] = -bias;
    }
  } else {
    params.forget.b.fill(1);
  }
  return { params, readout: initReadout(rng, config) };
}

/** RNN weights U(−1/√H, 1/√H), bias 0, from the same seed. */
export function initRnnParams(config: CopyTaskConfig): { params: RnnParams; readout: ReadoutParams } {
  const rng = new Random(initSeed(config.seed));
  const H = config.hidden;
  const bound = 1 / Math.sqrt(H);
  const params = { W: rng.matrix(H, H + inputSize(config), -bound, bound), b: new Float64Array(H) };
  return { params, readout: initReadout(rng, config) };
}

function initReadout(rng: Random, config: CopyTaskConfig): ReadoutParams {
  const bound = 1 / Math.sqrt(config.hidden);
  return { W: rng.matrix(outputSize(config), config.hidden, -bound, bound), b: new Float64Array(outputSize(config)) };
}

/** The LSTM's parameter arrays in a fixed order (forget, input, candidate, output; W then b). */
export function lstmParameterArrays(params: LstmParams): Float64Array[] {
  return [params.forget, params.input, params.candidate, params.output].flatMap((g) => [g.W.data, g.b]);
}
