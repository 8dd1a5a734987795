/**
 * An allocation-free LSTM for the trusted reference runs and the evaluation: the same equations
 * as solutions/09-lstm-sequence (proven equal by test/copytask/fast-models.test.ts), but every
 * buffer is allocated once for a fixed sequence length and the four gates share one pass over
 * [h_{t−1}; x_t].
 */
import { assertVector } from '../../lib/linalg';
import type { LstmParams, Vector } from '../../lib/types';
import { lstmParameterArrays } from './init';
import { accumulateAffineGrads } from './affine-grads';
import type { SequenceModel } from './sequence-model';

export class FastLstm implements SequenceModel {
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
      throw new RangeError(`FastLstm.forward: argument xs must hold ${this.length} vectors, got ${xs.length}`);
    }
    const H = this.hidden;
    const D = this.inputs;
    const cols = H + D;
    const { forget, input, candidate, output } = this.params;
    const Wf = forget.W.data, Wi = input.W.data, Wg = candidate.W.data, Wo = output.W.data;
    const bf = forget.b, bi = input.b, bg = candidate.b, bo = output.b;
    const hs = this.hiddens, cs = this.cells;
    const fs = this.forgetGates, is = this.inputGates, gs = this.candidates, os = this.outputGates, tcs = this.cellTanh;
    for (let t = 0; t < this.length; t++) {
      const x = xs[t];
      const prev = t * H;
      const now = prev + H;
      for (let r = 0; r < H; r++) {
        const row = r * cols;
        let zf = bf[r], zi = bi[r], zg = bg[r], zo = bo[r];
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
        const f = sigmoid(zf), i = sigmoid(zi), g = Math.tanh(zg), o = sigmoid(zo);
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
      throw new RangeError(`FastLstm.backward: argument dhs must hold ${this.length} vectors, got ${dhs.length}`);
    }
    const { forget, input, candidate, output } = this.params;
    const Ws = [forget.W.data, input.W.data, candidate.W.data, output.W.data];
    const [dWf, dbf, dWi, dbi, dWg, dbg, dWo, dbo] = this.gradients;
    const dWs = [dWf, dWi, dWg, dWo];
    const dbs = [dbf, dbi, dbg, dbo];
    const [dzf, dzi, dzg, dzo] = this.dz;
    const hs = this.hiddens, cs = this.cells;
    const fs = this.forgetGates, is = this.inputGates, gs = this.candidates, os = this.outputGates, tcs = this.cellTanh;
    const dhNext = this.dhNext, dcNext = this.dcNext;
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = this.length - 1; t >= 0; t--) {
      const dhOut = dhs[t];
      const x = xs[t];
      const prev = t * H;
      for (let r = 0; r < H; r++) {
        const k = prev + r;
        const f = fs[k], i = is[k], g = gs[k], o = os[k], tc = tcs[k];
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

/** σ(z) without overflow, computed exactly as solutions/01-activations does. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Checks that `params` are LSTM gates of hidden size H and input size D (names the field). */
export function assertLstmShapes(params: LstmParams, H: number, D: number, fn: string): void {
  for (const gate of ['forget', 'input', 'candidate', 'output'] as const) {
    const g = params[gate];
    if (!(g.W.data instanceof Float64Array) || g.W.rows !== H || g.W.cols !== H + D || g.W.data.length !== H * (H + D)) {
      throw new RangeError(`${fn}: params.${gate}.W must be ${H} × ${H + D}`);
    }
    assertVector(g.b, H, `params.${gate}.b`, fn);
  }
}
