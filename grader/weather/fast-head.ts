/**
 * The grader's own readout and losses for the reference runs and the evaluation: the equations of
 * exercise 11 (y = W·h + b; mean squared error, or softmax cross-entropy by log-sum-exp), written
 * into buffers allocated once, in the same order of operations as solutions/11-readout, so that the
 * reference and a correct student follow each other up to rounding.
 */
import type { Dense, Vector } from '../../lib/types';
import type { SequenceTaskKind } from './trainer/config';
import type { Head } from './trainer/model';
import { argmax } from './trainer/student';

export class FastHead implements Head {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  /** The outputs of the last step (y, or the logits), then overwritten by dy. */
  readonly outputs: Float64Array;
  private readonly dy: Float64Array;
  private correct = false;

  constructor(
    readonly readout: Dense,
    readonly task: SequenceTaskKind,
  ) {
    this.parameters = [readout.W.data, readout.b];
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.outputs = new Float64Array(readout.b.length);
    this.dy = new Float64Array(readout.b.length);
  }

  /** y = W·h + b into `outputs`. */
  forward(h: Vector): Float64Array {
    const { W, b } = this.readout;
    const H = W.cols;
    for (let r = 0; r < W.rows; r++) {
      let sum = b[r];
      for (let c = 0; c < H; c++) sum += W.data[r * H + c] * h[c];
      this.outputs[r] = sum;
    }
    return this.outputs;
  }

  /**
   * The loss of `outputs` against `target`; writes ∂loss/∂outputs into the buffer lastOutputGradient() returns.
   * @instructorOnly exercise 11's backward passes: the student template ships without them (docs/student-template.md).
   */
  lossAt(target: number): number {
    const y = this.outputs;
    const dy = this.dy;
    const n = y.length;
    if (this.task === 'regression') {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (y[k] - target) ** 2;
      for (let k = 0; k < n; k++) dy[k] = (2 * (y[k] - target)) / n;
      return sum / n;
    }
    let m = -Infinity;
    for (let k = 0; k < n; k++) if (y[k] > m) m = y[k];
    let total = 0;
    for (let k = 0; k < n; k++) total += Math.exp(y[k] - m);
    const loss = m + Math.log(total) - y[target];
    let probabilityTotal = 0;
    for (let k = 0; k < n; k++) {
      dy[k] = Math.exp(y[k] - m);
      probabilityTotal += dy[k];
    }
    for (let k = 0; k < n; k++) dy[k] /= probabilityTotal;
    dy[target] -= 1;
    this.correct = argmax(y) === target;
    return loss;
  }

  /**
   * The dense layer's backward for input h and ∂loss/∂y = dy: adds into dW and db, overwrites dh.
   * @instructorOnly exercise 11's backward passes: the student template ships without them (docs/student-template.md).
   */
  backwardInto(h: Vector, dy: Vector, dW: Float64Array, db: Float64Array, dh: Vector): void {
    const { W } = this.readout;
    const H = W.cols;
    dh.fill(0);
    for (let r = 0; r < W.rows; r++) {
      const g = dy[r];
      db[r] += g;
      for (let c = 0; c < H; c++) {
        dW[r * H + c] += g * h[c];
        dh[c] += W.data[r * H + c] * g;
      }
    }
  }

  /** @instructorOnly exercise 11's backward passes: the student template ships without them (docs/student-template.md). */
  step(h: Vector, target: number, dh: Vector): number {
    this.forward(h);
    const loss = this.lossAt(target);
    this.backwardInto(h, this.dy, this.gradients[0], this.gradients[1], dh);
    return loss;
  }

  /** ∂loss/∂outputs of the last step (valid until the next step). */
  lastOutputGradient(): Float64Array {
    return this.dy;
  }

  lastCorrect(): boolean {
    return this.correct;
  }
}
