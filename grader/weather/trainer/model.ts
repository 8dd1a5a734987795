/**
 * What the training loop needs from the two halves of a many-to-one model. The student's functions
 * (student.ts) and the grader's allocation-free reference (grader/copytask/fast-lstm.ts and
 * grader/weather/fast-head.ts) implement the same interfaces, so one loop trains both.
 */
import type { Vector } from '../../../lib/types';

/** The recurrent part. grader/copytask/fast-lstm.ts's FastLstm fits this interface as it is. */
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

/** The readout and the loss on the last hidden state. */
export interface Head {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  /**
   * One example: the loss of the readout at hidden state h against `target` (a number for the
   * regression, a class index for the classification). Adds ∂loss/∂(W, b) into `gradients`, writes
   * ∂loss/∂h into `dh` (overwritten) and returns the loss.
   */
  step(h: Vector, target: number, dh: Vector): number;
  /** Whether the last step's prediction was right (classification); always false for the regression. */
  lastCorrect(): boolean;
}
