/**
 * Exercise 08: one full LSTM step and its backward pass, assembled from exercises 03–07.
 * Read README.md in this folder first.
 *
 * You may build on your earlier exercises (the grader checks them first and says "fix X first"):
 *   import { forgetGate, forgetGateBackward } from '../03-forget-gate/forget-gate';
 *   import { inputGate, inputGateBackward } from '../04-input-gate/input-gate';
 *   import { candidate, candidateBackward } from '../05-candidate/candidate';
 *   import { cellState, cellStateBackward } from '../06-cell-state/cell-state';
 *   import { outputGate, outputGateBackward, hiddenState, hiddenStateBackward } from '../07-output-gate/output-gate';
 * (and '../01-activations/activations', '../02-affine/affine' if you need them directly).
 */
import { notImplemented } from '../../lib/not-implemented';
import type { LstmGrads, LstmParams, StepCache, Vector } from '../../lib/types';

/**
 * One LSTM step: f, i, C̃, o from [hPrev; x], then C = f ⊙ cPrev + i ⊙ C̃, then h = o ⊙ tanh(C).
 *
 * @param params the four gates { forget, input, candidate, output }, each { W: H × (H + D), b: length H }.
 * @param hPrev the previous hidden state h_{t−1}, length H.
 * @param cPrev the previous cell state C_{t−1}, length H.
 * @param x the current input x_t, length D.
 * @returns { h, c, cache }: the new hidden state and cell state (length H) and a cache
 *   { x, hPrev, cPrev, f, i, cTilde, o, c, h } with everything lstmCellBackward needs.
 */
export function lstmCellForward(params: LstmParams, hPrev: Vector, cPrev: Vector, x: Vector): { h: Vector; c: Vector; cache: StepCache } {
  throw notImplemented('lstmCellForward');
}

/**
 * Backward pass of one LSTM step.
 *
 * @param params the parameters used in the forward pass.
 * @param cache the cache returned by lstmCellForward.
 * @param dh the gradient ∂L/∂h_t arriving at this step's hidden state, length H.
 * @param dc the gradient ∂L/∂C_t arriving directly at this step's cell state (not through h), length H.
 * @returns new arrays { grads, dhPrev, dcPrev, dx }: grads holds { dW, db } for each of the four
 *   gates (dW is H × (H + D), db length H); dhPrev and dcPrev have length H, dx length D.
 *   Does not change any argument (nor the cache).
 */
export function lstmCellBackward(
  params: LstmParams,
  cache: StepCache,
  dh: Vector,
  dc: Vector,
): { grads: LstmGrads; dhPrev: Vector; dcPrev: Vector; dx: Vector } {
  throw notImplemented('lstmCellBackward');
}
