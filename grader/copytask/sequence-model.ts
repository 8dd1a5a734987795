/**
 * What the training loop needs from a recurrent model: hidden states for a sequence, and the
 * parameter gradients for upstream gradients on those states. Implemented by the student's
 * lstmForward / lstmBackward (train.ts), the fast reference LSTM and the vanilla RNN.
 *
 * The trusted models also offer a whole-batch path (`batchedLoss`): the student's API has no batch
 * dimension, so the student's LSTM goes one sequence at a time, and the loop uses the batched path
 * only when a model has it. Both paths give bit-identical numbers (test/grader/copytask/).
 */
import type { Vector } from '../../lib/types';
import type { ReadoutParams } from './readout';

export interface SequenceModel {
  /** Parameter arrays, updated in place by the optimiser. */
  readonly parameters: Float64Array[];
  /** Gradient accumulators, one per parameter array, same lengths. */
  readonly gradients: Float64Array[];
  /** Runs the model over xs from zero state; returns hs[t], the hidden state after step t. */
  forward(xs: Vector[]): readonly Vector[];
  /** BPTT of the last forward, for dhs[t] = ∂loss/∂hs[t]; adds into `gradients`. */
  backward(dhs: Vector[]): void;
  /**
   * Optional: the model, a softmax readout and the mean cross-entropy over whole batches of
   * `sequences` sequences as matrix products. `readoutGradients` ([dW, db] of the readout) receive
   * the readout's gradients.
   */
  batchedLoss?(readout: ReadoutParams, sequences: number, readoutGradients: readonly Float64Array[]): BatchedLoss;
}

/** Loss and right predictions of one batch. */
export interface BatchResult {
  loss: number;
  correct: number;
}

export interface BatchedLoss {
  /**
   * For `inputs` [sequence][position][input] (flat) and `targets[s][t]`, zeroes then fills the
   * model's gradients and the readout gradients with ∂(mean loss)/∂parameters, and writes the mean
   * loss per position and the number of positions from `recallStart` on whose most likely class
   * (by softmax probability) is the target. Same numbers as CopyBatch's one-sequence-at-a-time path.
   */
  lossAndGradients(inputs: Float64Array, targets: readonly Int32Array[], recallStart: number, result: BatchResult): void;
  /**
   * Forward only, for the evaluation, on the first `sequences` sequences: adds the cross-entropy
   * of every position into result.loss and counts in result.correct the positions from
   * `recallStart` on whose largest logit is the target.
   */
  addLoss(inputs: Float64Array, targets: readonly Int32Array[], sequences: number, recallStart: number, result: BatchResult): void;
}
