/**
 * Exercise 11: the readout and the losses that turn an LSTM into a model for a task.
 * Read README.md in this folder first. This exercise imports nothing from earlier exercises.
 *
 * A dense layer maps the hidden state h (length H) to O outputs y = W·h + b. For a regression the
 * outputs are the predicted numbers and the loss is the mean squared error; for a classification
 * they are one score (logit) per class and the loss is the softmax cross-entropy.
 */
import { notImplemented } from '../../lib/not-implemented';
import type { Dense, Matrix, Vector } from '../../lib/types';

/**
 * The dense layer's forward pass y = W·h + b.
 *
 * @param layer the readout { W, b }: W is an O × H row-major matrix (entry (r, c) is
 *   `W.data[r * H + c]`), b has length O.
 * @param h the hidden state, length H.
 * @returns a new vector y of length O.
 */
export function denseForward(layer: Dense, h: Vector): Vector {
  throw notImplemented('denseForward');
}

/**
 * The dense layer's backward pass.
 *
 * @param layer the readout used in the forward pass (W: O × H, b: length O).
 * @param h the forward input, length H.
 * @param dy the upstream gradient ∂L/∂y, length O.
 * @returns new arrays { dW (O × H), db (length O), dh (length H) }: the gradients of L with respect
 *   to W, b and h. Does not change any argument.
 */
export function denseBackward(layer: Dense, h: Vector, dy: Vector): { dW: Matrix; db: Vector; dh: Vector } {
  throw notImplemented('denseBackward');
}

/**
 * Mean squared error, the regression loss.
 *
 * @param y the prediction, length n ≥ 1.
 * @param target the true values, length n.
 * @returns L = (1/n)·Σ_k (y[k] − target[k])², a number: the mean over the n entries, not the sum.
 */
export function mseLoss(y: Vector, target: Vector): number {
  throw notImplemented('mseLoss');
}

/**
 * Gradient of the mean squared error.
 *
 * @param y the prediction, length n ≥ 1.
 * @param target the true values, length n.
 * @returns a new vector ∂L/∂y of length n. Does not change any argument.
 */
export function mseLossBackward(y: Vector, target: Vector): Vector {
  throw notImplemented('mseLossBackward');
}

/**
 * Softmax cross-entropy, the classification loss: the negative log-probability that the softmax
 * of the logits gives to the true class. Must stay finite for logits as large as ±1000.
 *
 * @param logits one score per class, length C ≥ 1.
 * @param label the true class, an integer from 0 to C − 1.
 * @returns L = −ln softmax(logits)[label], a number.
 */
export function softmaxCrossEntropy(logits: Vector, label: number): number {
  throw notImplemented('softmaxCrossEntropy');
}

/**
 * Gradient of the softmax cross-entropy with respect to the logits.
 *
 * @param logits one score per class, length C ≥ 1.
 * @param label the true class, an integer from 0 to C − 1.
 * @returns a new vector ∂L/∂logits of length C. Does not change any argument.
 */
export function softmaxCrossEntropyBackward(logits: Vector, label: number): Vector {
  throw notImplemented('softmaxCrossEntropyBackward');
}
