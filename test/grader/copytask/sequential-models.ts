/**
 * The one-sequence-at-a-time FastLstm and FastRnn as they were before the batched kernels
 * (git history: grader/copytask/fast-lstm.ts, fast-rnn.ts and affine-grads.ts before issue 14),
 * kept verbatim as the specification of the numbers: the cached reference curves were computed
 * with these loops, and the batched models must reproduce them bit for bit.
 */
import type { LstmParams, Vector } from '../../../lib/types';
import { sigmoid } from '../../../grader/copytask/fast-lstm';
import { lstmParameterArrays, type RnnParams } from '../../../grader/copytask/init';
import type { SequenceModel } from '../../../grader/copytask/sequence-model';

export class SequentialLstm implements SequenceModel {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  readonly hidden: number;
  readonly inputs: number;
  /** Gate activations per step, row t = step t (length·H each), readable after forward. */
  readonly forgetGates: Float64Array;
  readonly inputGates: Float64Array;
  private readonly candidates: Float64Array;
  private readonly outputGates: Float64Array;
  /** States: slot 0 is the zero initial state, slot t + 1 the state after step t. */
  private readonly cells: Float64Array;
  private readonly cellTanh: Float64Array;
  private readonly hiddens: Float64Array;
  private readonly hiddenViews: Vector[];
  private readonly dz: Float64Array[];
  private readonly dhNext: Float64Array;
  private readonly dcNext: Float64Array;
  private lastInputs: Vector[] = [];

  constructor(
    readonly params: LstmParams,
    readonly length: number,
  ) {
    const H = params.forget.W.rows;
    const D = params.forget.W.cols - H;
    this.hidden = H;
    this.inputs = D;
    this.parameters = lstmParameterArrays(params);
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    const perStep = () => new Float64Array(length * H);
    this.forgetGates = perStep();
    this.inputGates = perStep();
    this.candidates = perStep();
    this.outputGates = perStep();
    this.cellTanh = perStep();
    this.cells = new Float64Array((length + 1) * H);
    this.hiddens = new Float64Array((length + 1) * H);
    this.hiddenViews = Array.from({ length }, (_, t) => this.hiddens.subarray((t + 1) * H, (t + 2) * H));
    this.dz = [0, 1, 2, 3].map(() => new Float64Array(H));
    this.dhNext = new Float64Array(H);
    this.dcNext = new Float64Array(H);
  }

  /** The cell states after each step (views, overwritten by the next forward). */
  cellStates(): Vector[] {
    const H = this.hidden;
    return Array.from({ length: this.length }, (_, t) => this.cells.subarray((t + 1) * H, (t + 2) * H));
  }

  forward(xs: Vector[]): readonly Vector[] {
    if (xs.length !== this.length) {
      throw new RangeError(`SequentialLstm.forward: argument xs must hold ${this.length} vectors, got ${xs.length}`);
    }
    const H = this.hidden;
    const D = this.inputs;
    const cols = H + D;
    const { forget, input, candidate, output } = this.params;
    const Wf = forget.W.data,
      Wi = input.W.data,
      Wg = candidate.W.data,
      Wo = output.W.data;
    const bf = forget.b,
      bi = input.b,
      bg = candidate.b,
      bo = output.b;
    const hs = this.hiddens,
      cs = this.cells;
    const fs = this.forgetGates,
      is = this.inputGates,
      gs = this.candidates,
      os = this.outputGates,
      tcs = this.cellTanh;
    for (let t = 0; t < this.length; t++) {
      const x = xs[t];
      const prev = t * H;
      const now = prev + H;
      for (let r = 0; r < H; r++) {
        const row = r * cols;
        let zf = bf[r],
          zi = bi[r],
          zg = bg[r],
          zo = bo[r];
        for (let c = 0; c < H; c++) {
          const v = hs[prev + c];
          zf += Wf[row + c] * v;
          zi += Wi[row + c] * v;
          zg += Wg[row + c] * v;
          zo += Wo[row + c] * v;
        }
        for (let c = 0; c < D; c++) {
          const v = x[c];
          zf += Wf[row + H + c] * v;
          zi += Wi[row + H + c] * v;
          zg += Wg[row + H + c] * v;
          zo += Wo[row + H + c] * v;
        }
        const f = sigmoid(zf),
          i = sigmoid(zi),
          g = Math.tanh(zg),
          o = sigmoid(zo);
        const c = f * cs[prev + r] + i * g;
        const tc = Math.tanh(c);
        fs[prev + r] = f;
        is[prev + r] = i;
        gs[prev + r] = g;
        os[prev + r] = o;
        tcs[prev + r] = tc;
        cs[now + r] = c;
        hs[now + r] = o * tc;
      }
    }
    this.lastInputs = xs;
    return this.hiddenViews;
  }

  backward(dhs: Vector[]): void {
    const H = this.hidden;
    const D = this.inputs;
    const xs = this.lastInputs;
    if (dhs.length !== this.length) {
      throw new RangeError(`SequentialLstm.backward: argument dhs must hold ${this.length} vectors, got ${dhs.length}`);
    }
    const { forget, input, candidate, output } = this.params;
    const Ws = [forget.W.data, input.W.data, candidate.W.data, output.W.data];
    const [dWf, dbf, dWi, dbi, dWg, dbg, dWo, dbo] = this.gradients;
    const dWs = [dWf, dWi, dWg, dWo];
    const dbs = [dbf, dbi, dbg, dbo];
    const [dzf, dzi, dzg, dzo] = this.dz;
    const hs = this.hiddens,
      cs = this.cells;
    const fs = this.forgetGates,
      is = this.inputGates,
      gs = this.candidates,
      os = this.outputGates,
      tcs = this.cellTanh;
    const dhNext = this.dhNext,
      dcNext = this.dcNext;
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = this.length - 1; t >= 0; t--) {
      const dhOut = dhs[t];
      const x = xs[t];
      const prev = t * H;
      for (let r = 0; r < H; r++) {
        const k = prev + r;
        const f = fs[k],
          i = is[k],
          g = gs[k],
          o = os[k],
          tc = tcs[k];
        const dh = dhOut[r] + dhNext[r];
        const dc = dcNext[r] + dh * o * (1 - tc * tc);
        dzo[r] = dh * tc * o * (1 - o);
        dzf[r] = dc * cs[k] * f * (1 - f);
        dzi[r] = dc * g * i * (1 - i);
        dzg[r] = dc * i * (1 - g * g);
        dcNext[r] = dc * f;
      }
      dhNext.fill(0);
      for (let gate = 0; gate < 4; gate++) {
        accumulateAffineGrads(Ws[gate], dWs[gate], dbs[gate], this.dz[gate], hs, prev, x, dhNext, H, D);
      }
    }
  }

  /** ∂loss/∂h0 and ∂loss/∂c0 of the last backward (for the equality test). */
  initialStateGradients(): { dh0: Vector; dc0: Vector } {
    return { dh0: Float64Array.from(this.dhNext), dc0: Float64Array.from(this.dcNext) };
  }
}

export class SequentialRnn implements SequenceModel {
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
      throw new RangeError(`SequentialRnn.forward: argument xs must hold ${this.length} vectors, got ${xs.length}`);
    }
    const H = this.hidden,
      D = this.inputs,
      cols = H + D;
    const W = this.params.W.data,
      b = this.params.b,
      hs = this.hiddens;
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
      throw new RangeError(`SequentialRnn.backward: argument dhs must hold ${this.length} vectors, got ${dhs.length}`);
    }
    const H = this.hidden,
      D = this.inputs;
    const W = this.params.W.data,
      hs = this.hiddens,
      xs = this.lastInputs;
    const [dW, db] = this.gradients;
    const dz = this.dz,
      dhNext = this.dhNext;
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

function accumulateAffineGrads(
  W: Float64Array,
  dW: Float64Array,
  db: Float64Array,
  dz: Float64Array,
  hs: Float64Array,
  hOffset: number,
  x: Float64Array,
  dh: Float64Array,
  H: number,
  D: number,
): void {
  const cols = H + D;
  for (let r = 0; r < H; r++) {
    const d = dz[r];
    const row = r * cols;
    db[r] += d;
    for (let c = 0; c < H; c++) {
      dW[row + c] += d * hs[hOffset + c];
      dh[c] += W[row + c] * d;
    }
    for (let c = 0; c < D; c++) dW[row + H + c] += d * x[c];
  }
}
