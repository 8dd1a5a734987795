/**
 * The vanilla tanh RNN of the contrast run, h_t = tanh(W·[h_{t−1}; x_t] + b), allocation-free
 * like FastLstm. Its gradient reaches back only through repeated products of W and tanh', which is
 * why it forgets across long delays.
 */
import type { Vector } from '../../lib/types';
import type { RnnParams } from './init';
import { accumulateAffineGrads } from './affine-grads';
import type { SequenceModel } from './sequence-model';

export class FastRnn implements SequenceModel {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  private readonly hidden: number;
  private readonly inputs: number;
  /** Slot 0 is the zero initial state, slot t + 1 the state after step t. */
  private readonly hiddens: Float64Array;
  private readonly hiddenViews: Vector[];
  private readonly dz: Float64Array;
  private readonly dhNext: Float64Array;
  private lastInputs: Vector[] = [];

  constructor(
    readonly params: RnnParams,
    readonly length: number,
  ) {
    const H = params.W.rows;
    this.hidden = H;
    this.inputs = params.W.cols - H;
    this.parameters = [params.W.data, params.b];
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.hiddens = new Float64Array((length + 1) * H);
    this.hiddenViews = Array.from({ length }, (_, t) => this.hiddens.subarray((t + 1) * H, (t + 2) * H));
    this.dz = new Float64Array(H);
    this.dhNext = new Float64Array(H);
  }

  forward(xs: Vector[]): readonly Vector[] {
    if (xs.length !== this.length) {
      throw new RangeError(`FastRnn.forward: argument xs must hold ${this.length} vectors, got ${xs.length}`);
    }
    const H = this.hidden, D = this.inputs, cols = H + D;
    const W = this.params.W.data, b = this.params.b, hs = this.hiddens;
    for (let t = 0; t < this.length; t++) {
      const x = xs[t];
      const prev = t * H;
      for (let r = 0; r < H; r++) {
        const row = r * cols;
        let z = b[r];
        for (let c = 0; c < H; c++) z += W[row + c] * hs[prev + c];
        for (let c = 0; c < D; c++) z += W[row + H + c] * x[c];
        hs[prev + H + r] = Math.tanh(z);
      }
    }
    this.lastInputs = xs;
    return this.hiddenViews;
  }

  backward(dhs: Vector[]): void {
    if (dhs.length !== this.length) {
      throw new RangeError(`FastRnn.backward: argument dhs must hold ${this.length} vectors, got ${dhs.length}`);
    }
    const H = this.hidden, D = this.inputs;
    const W = this.params.W.data, hs = this.hiddens, xs = this.lastInputs;
    const [dW, db] = this.gradients;
    const dz = this.dz, dhNext = this.dhNext;
    dhNext.fill(0);
    for (let t = this.length - 1; t >= 0; t--) {
      const prev = t * H;
      for (let r = 0; r < H; r++) {
        const h = hs[prev + H + r];
        dz[r] = (dhs[t][r] + dhNext[r]) * (1 - h * h);
      }
      dhNext.fill(0);
      const x = xs[t];
      accumulateAffineGrads(W, dW, db, dz, hs, prev, x, dhNext, H, D);
    }
  }
}
