/**
 * Multiply-adds of one training step of the copy task, counted from the loops of FastLstm, FastRnn
 * and the readout (element-wise work, the optimiser and data generation are left out: they are
 * linear in the parameter or state count, not quadratic). One multiply-add is two FLOPs.
 */
import { inputSize, outputSize, sequenceLength, type CopyTaskConfig } from '../copytask/config';

/** Readout per position: logits C·H, then dW C·H and dh C·H. */
function readoutMacs(config: CopyTaskConfig): number {
  return 3 * outputSize(config) * config.hidden;
}

/**
 * LSTM per position: forward 4·H·(H + D); backward dW 4·H·(H + D) and dh_{t−1} 4·H·H, except at
 * the first position, whose h_{−1} is a constant the models send no gradient to.
 */
export function lstmStepMacs(config: CopyTaskConfig): number {
  const H = config.hidden;
  const D = inputSize(config);
  const L = sequenceLength(config);
  return (L * (8 * H * (H + D) + readoutMacs(config)) + (L - 1) * 4 * H * H) * config.batch;
}

/** Vanilla RNN per position: forward H·(H + D); backward dW H·(H + D) and dh_{t−1} H·H (not at the first). */
export function rnnStepMacs(config: CopyTaskConfig): number {
  const H = config.hidden;
  const D = inputSize(config);
  const L = sequenceLength(config);
  return (L * (2 * H * (H + D) + readoutMacs(config)) + (L - 1) * H * H) * config.batch;
}
