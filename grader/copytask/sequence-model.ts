/**
 * What the training loop needs from a recurrent model: hidden states for a sequence, and the
 * parameter gradients for upstream gradients on those states. Implemented by the student's
 * lstmForward / lstmBackward (train.ts), the fast reference LSTM and the vanilla RNN.
 */
import type { Vector } from '../../lib/types';

export interface SequenceModel {
  /** Parameter arrays, updated in place by the optimiser. */
  readonly parameters: Float64Array[];
  /** Gradient accumulators, one per parameter array, same lengths. */
  readonly gradients: Float64Array[];
  /** Runs the model over xs from zero state; returns hs[t], the hidden state after step t. */
  forward(xs: Vector[]): readonly Vector[];
  /** BPTT of the last forward, for dhs[t] = ∂loss/∂hs[t]; adds into `gradients`. */
  backward(dhs: Vector[]): void;
}
