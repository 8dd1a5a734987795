/**
 * Exercise 09: an LSTM unrolled over a sequence, and backpropagation through time (BPTT).
 * Read README.md in this folder first. The copy task trains these two functions.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { lstmCellForward, lstmCellBackward } from '../08-lstm-cell/lstm-cell';
 */
import { notImplemented } from '../../lib/not-implemented';
import type { LstmGrads, LstmParams, StepCache, Vector } from '../../lib/types';

/**
 * Runs the LSTM cell over xs[0], …, xs[T−1], starting from (h0, c0), with the same params at
 * every step.
 *
 * @param params the four gates, each { W: H × (H + D), b: length H }.
 * @param xs the T input vectors, each of length D (T may be 0).
 * @param h0 the initial hidden state, length H.
 * @param c0 the initial cell state, length H.
 * @returns { hs, cs, caches }, three arrays of length T: hs[t] and cs[t] are the hidden and cell
 *   states after step t, caches[t] the cache of step t.
 */
export function lstmForward(params: LstmParams, xs: Vector[], h0: Vector, c0: Vector): { hs: Vector[]; cs: Vector[]; caches: StepCache[] } {
  throw notImplemented('lstmForward');
}

/**
 * Backpropagation through time.
 *
 * @param params the parameters used in the forward pass.
 * @param caches the caches returned by lstmForward, length T.
 * @param dhs dhs[t] is ∂L/∂hs[t] from outside the LSTM (e.g. from a readout), length T, each length H.
 * @param dcLast ∂L/∂cs[T−1] from outside (usually zeros), length H.
 * @returns new arrays { grads, dxs, dh0, dc0 }: grads holds { dW, db } for each of the four gates,
 *   summed over all T steps; dxs[t] = ∂L/∂xs[t] (length D); dh0 and dc0 are the gradients with
 *   respect to the initial states (length H). Does not change any argument.
 */
export function lstmBackward(
  params: LstmParams,
  caches: StepCache[],
  dhs: Vector[],
  dcLast: Vector,
): { grads: LstmGrads; dxs: Vector[]; dh0: Vector; dc0: Vector } {
  throw notImplemented('lstmBackward');
}
