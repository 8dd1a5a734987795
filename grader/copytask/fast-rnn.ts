/**
 * The vanilla tanh RNN of the contrast run, h_t = tanh(W·[h_{t−1}; x_t] + b), batched like
 * FastLstm (one matrix product per step for all sequences, dW in one product at the end) and
 * bit-identical to the one-sequence-at-a-time loops. Its gradient reaches back only through
 * repeated products of W and tanh', which is why it forgets across long delays.
 */
import type { Vector } from '../../lib/types';
import { BatchedSoftmaxLoss, type BatchedRecurrent } from './batched-loss';
import type { FastModelOptions } from './fast-lstm';
import type { RnnParams } from './init';
import { Arena } from './kernels/arena';
import type { ReadoutParams } from './readout';
import { RecurrentAffine } from './recurrent-affine';
import type { BatchedLoss, SequenceModel } from './sequence-model';

export class FastRnn implements SequenceModel, BatchedRecurrent {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  readonly hidden: number;
  readonly inputs: number;
  readonly arena: Arena;
  private readonly affine: RecurrentAffine;
  private readonly weights: Float64Array[];
  private readonly biases: Float64Array[];
  private readonly weightGradients: Float64Array[];
  private readonly biasGradients: Float64Array[];
  // Offsets into arena.heap, rows of sequence s and step t at s·L + t.
  private hiddens = 0;
  private dHiddens = 0;
  private hiddenViews: Vector[] = [];
  private hiddenViewsBuffer: ArrayBufferLike | null = null;
  private hiddenViewsOffset = -1;

  constructor(
    readonly params: RnnParams,
    readonly length: number,
    options: FastModelOptions = {},
  ) {
    const H = params.W.rows;
    if (!Number.isInteger(length) || length < 1)
      throw new RangeError(`FastRnn: argument length must be a positive whole number, got ${length}`);
    if (params.W.cols <= H || params.W.data.length !== H * params.W.cols || params.b.length !== H) {
      throw new RangeError(`FastRnn: argument params must have W of ${H} × (${H} + D) and b of ${H}`);
    }
    this.hidden = H;
    this.inputs = params.W.cols - H;
    this.parameters = [params.W.data, params.b];
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.weights = [params.W.data];
    this.biases = [params.b];
    this.weightGradients = [this.gradients[0]];
    this.biasGradients = [this.gradients[1]];
    this.arena = new Arena(options.kernel);
    this.affine = new RecurrentAffine(this.arena, H, H, this.inputs, length);
    this.reserve(1);
  }

  get capacity(): number {
    return this.affine.capacity;
  }

  reserve(sequences: number): void {
    if (!Number.isInteger(sequences) || sequences < 1) {
      throw new RangeError(`FastRnn.reserve: argument sequences must be a positive whole number, got ${sequences}`);
    }
    if (sequences <= this.capacity) return;
    this.affine.reserve(sequences);
    this.hiddens = this.arena.alloc(sequences * this.length * this.hidden);
    this.dHiddens = this.arena.alloc(sequences * this.length * this.hidden);
  }

  get hiddenStates(): number {
    return this.hiddens;
  }

  get hiddenGradients(): number {
    return this.dHiddens;
  }

  setInputs(inputs: Float64Array, sequences: number): void {
    if (!(inputs instanceof Float64Array) || inputs.length < sequences * this.length * this.inputs) {
      throw new RangeError(
        `FastRnn.setInputs: argument inputs must be a Float64Array of at least ${sequences} × ${this.length} × ${this.inputs} numbers`,
      );
    }
    this.reserve(sequences);
    this.affine.setInputs(inputs, sequences);
  }

  forwardBatch(sequences: number): void {
    this.checkSequences(sequences, 'forwardBatch');
    const H = this.hidden;
    const L = this.length;
    const affine = this.affine;
    affine.loadParameters(this.weights, this.biases, sequences > 1);
    const heap = this.arena.heap;
    for (let t = 0; t < L; t++) {
      affine.preactivations(t, sequences, this.hiddens + t * H, L * H);
      for (let s = 0; s < sequences; s++) {
        const row = this.hiddens + (s * L + t) * H;
        const next = t + 1 < L ? affine.hxRow(s, t + 1) : -1;
        for (let r = 0; r < H; r++) {
          const h = Math.tanh(heap[row + r]);
          heap[row + r] = h;
          if (next >= 0) heap[next + r] = h;
        }
      }
    }
  }

  /** @instructorOnly the reference BPTT: the student template ships without it (docs/student-template.md). */
  backwardBatch(sequences: number): void {
    this.checkSequences(sequences, 'backwardBatch');
    const H = this.hidden;
    const L = this.length;
    const affine = this.affine;
    const heap = this.arena.heap;
    const stride = affine.dzStride;
    heap.fill(0, affine.dhPrev, affine.dhPrev + sequences * H);
    for (let t = L - 1; t >= 0; t--) {
      for (let s = 0; s < sequences; s++) {
        const row = (s * L + t) * H;
        const dhNext = affine.dhPrev + s * H;
        const dzRow = affine.dzStep + s * H;
        const dzCol = affine.dzT + affine.dzColumn(s, t);
        for (let r = 0; r < H; r++) {
          const h = heap[this.hiddens + row + r];
          const dz = (heap[this.dHiddens + row + r] + heap[dhNext + r]) * (1 - h * h);
          heap[dzRow + r] = dz;
          heap[dzCol + r * stride] = dz;
        }
      }
      if (t > 0) affine.hiddenGradient(sequences);
    }
    affine.accumulateGradients(sequences, this.weightGradients, this.biasGradients);
  }

  forward(xs: Vector[]): readonly Vector[] {
    if (!Array.isArray(xs) || xs.length !== this.length) {
      throw new RangeError(
        `FastRnn.forward: argument xs must hold ${this.length} vectors, got ${Array.isArray(xs) ? xs.length : typeof xs}`,
      );
    }
    const heap = this.arena.heap;
    for (let t = 0; t < this.length; t++) {
      if (!(xs[t] instanceof Float64Array) || xs[t].length !== this.inputs) {
        throw new RangeError(`FastRnn.forward: argument xs[${t}] must be a Float64Array of length ${this.inputs}`);
      }
      heap.set(xs[t], this.affine.hxRow(0, t) + this.hidden);
    }
    this.forwardBatch(1);
    const current = this.arena.heap;
    if (this.hiddenViewsBuffer !== current.buffer || this.hiddenViewsOffset !== this.hiddens) {
      const H = this.hidden;
      this.hiddenViews = Array.from({ length: this.length }, (_, t) => current.subarray(this.hiddens + t * H, this.hiddens + (t + 1) * H));
      this.hiddenViewsBuffer = current.buffer;
      this.hiddenViewsOffset = this.hiddens;
    }
    return this.hiddenViews;
  }

  /** @instructorOnly the reference BPTT: the student template ships without it (docs/student-template.md). */
  backward(dhs: Vector[]): void {
    if (!Array.isArray(dhs) || dhs.length !== this.length) {
      throw new RangeError(
        `FastRnn.backward: argument dhs must hold ${this.length} vectors, got ${Array.isArray(dhs) ? dhs.length : typeof dhs}`,
      );
    }
    const heap = this.arena.heap;
    for (let t = 0; t < this.length; t++) heap.set(dhs[t], this.dHiddens + t * this.hidden);
    this.backwardBatch(1);
  }

  batchedLoss(readout: ReadoutParams, sequences: number, readoutGradients: readonly Float64Array[]): BatchedLoss {
    return new BatchedSoftmaxLoss(this, readout, sequences, readoutGradients);
  }

  private checkSequences(sequences: number, method: string): void {
    if (!Number.isInteger(sequences) || sequences < 1 || sequences > this.capacity) {
      throw new RangeError(
        `FastRnn.${method}: argument sequences must be a whole number from 1 to the ${this.capacity} reserved, got ${sequences}`,
      );
    }
  }
}
