/**
 * Seeded initial weights and data order. The student's LSTM and the reference start from the very
 * same numbers and see the examples in the very same order, so their learning curves can be
 * compared step by step.
 */
import { Random } from '../../../lib/random';
import type { Dense, Gate, LstmParams } from '../../../lib/types';
import type { SequenceTaskConfig } from './config';

/** The two random streams (weights, example order) derived from config.seed. */
export function initSeed(seed: number): number {
  return (Math.imul(seed, 0x2c1b3c6d) ^ 0x297a2d39) >>> 0;
}
export function orderSeed(seed: number): number {
  return (Math.imul(seed ^ 0x68e31da4, 0x1b56c4e9) + 0x0b5297a4) >>> 0;
}
export function probeSeed(seed: number): number {
  return (Math.imul(seed ^ 0x3c6ef372, 0x5851f42d) ^ 0x14057b7e) >>> 0;
}

function uniformGate(rng: Random, H: number, D: number): Gate {
  // PyTorch's default for recurrent layers: U(−1/√H, 1/√H).
  const bound = 1 / Math.sqrt(H);
  return { W: rng.matrix(H, H + D, -bound, bound), b: new Float64Array(H) };
}

/**
 * LSTM weights and the readout, U(−1/√H, 1/√H); biases 0 except the forget gate's, config.forgetBias
 * (a forget gate that starts open keeps the memory, and its gradient, alive from the first step).
 */
export function initSequenceModel(config: SequenceTaskConfig): { params: LstmParams; readout: Dense } {
  const rng = new Random(initSeed(config.seed));
  const H = config.hidden;
  const D = config.inputs;
  const params: LstmParams = {
    forget: uniformGate(rng, H, D),
    input: uniformGate(rng, H, D),
    candidate: uniformGate(rng, H, D),
    output: uniformGate(rng, H, D),
  };
  params.forget.b.fill(config.forgetBias);
  const bound = 1 / Math.sqrt(H);
  const readout: Dense = { W: rng.matrix(config.outputs, H, -bound, bound), b: new Float64Array(config.outputs) };
  return { params, readout };
}

/**
 * The weights of the probe (trainer/probe.ts): like the initial ones, but every bias, the readout's
 * included, drawn from U(−0.5, 0.5), so that a function which mishandles a bias shows it; training
 * starts with most biases at 0, where such a mistake is invisible.
 */
export function probeModel(config: SequenceTaskConfig): { params: LstmParams; readout: Dense } {
  const rng = new Random(probeSeed(config.seed));
  const H = config.hidden;
  const D = config.inputs;
  const gate = () => ({ ...uniformGate(rng, H, D), b: rng.vector(H, -0.5, 0.5) });
  const params: LstmParams = { forget: gate(), input: gate(), candidate: gate(), output: gate() };
  const bound = 1 / Math.sqrt(H);
  const readout: Dense = { W: rng.matrix(config.outputs, H, -bound, bound), b: rng.vector(config.outputs, -0.5, 0.5) };
  return { params, readout };
}

/** The LSTM's parameter arrays in a fixed order (forget, input, candidate, output; W then b). */
export function lstmParameterArrays(params: LstmParams): Float64Array[] {
  return [params.forget, params.input, params.candidate, params.output].flatMap((g) => [g.W.data, g.b]);
}

/** Fisher–Yates shuffle of `order` in place with `rng`. */
export function shuffle(order: Int32Array, rng: Random): void {
  for (let k = order.length - 1; k > 0; k--) {
    const j = rng.int(0, k);
    const swap = order[k];
    order[k] = order[j];
    order[j] = swap;
  }
}
