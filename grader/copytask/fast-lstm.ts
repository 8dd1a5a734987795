/**
 * The trusted LSTM for the reference runs and the evaluation: the same equations as
 * solutions/09-lstm-sequence, for a whole batch of sequences at once. Per step, the four gates of
 * every sequence come from one matrix product (kernels/), then one fused pass applies the
 * nonlinearities and the cell update; the backward gathers the gate gradients of all steps and
 * forms dW in one product at the end. Every buffer lives in an Arena allocated up front.
 *
 * Every sum runs in the order of the original one-sequence-at-a-time loops, so the numbers are
 * bit-identical to them and to the sequential path (test/grader/copytask/fast-lstm.test.ts).
 */
import { assertVector } from '../../lib/linalg';
import type { LstmParams, Vector } from '../../lib/types';
import { BatchedSoftmaxLoss, type BatchedRecurrent } from './batched-loss';
import { lstmParameterArrays } from './init';
import { Arena } from './kernels/arena';
import type { KernelName } from './kernels/wasm';
import type { ReadoutParams } from './readout';
import { RecurrentAffine } from './recurrent-affine';
import type { BatchedLoss, SequenceModel } from './sequence-model';

export interface FastModelOptions {
  /** The matrix-product kernel; default: WebAssembly when built (see kernels/arena.ts). */
  kernel?: KernelName;
}

const GATE_NAMES = ['forget', 'input', 'candidate', 'output'] as const;
export type LstmGateName = (typeof GATE_NAMES)[number];

export class FastLstm implements SequenceModel, BatchedRecurrent {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  readonly hidden: number;
  readonly inputs: number;
  readonly arena: Arena;
  private readonly affine: RecurrentAffine;
  /** The gates' W and b arrays, and their gradients, in stacking order (forget, input, candidate, output). */
  private readonly weights: Float64Array[];
  private readonly biases: Float64Array[];
  private readonly weightGradients: Float64Array[];
  private readonly biasGradients: Float64Array[];
  // Offsets into arena.heap, rows of sequence s and step t at s·L + t.
  /** Gate activations [f | i | g | o] (4H per row); the pre-activations until the step's pass. */
  private gates = 0;
  private cells = 0;
  private cellTanh = 0;
  private hiddens = 0;
  private dHiddens = 0;
  private dcNext = 0;
  /** Views of sequence 0's hidden states for the one-sequence API, rebuilt when the arena moves. */
  private hiddenViews: Vector[] = [];
  private hiddenViewsBuffer: ArrayBufferLike | null = null;
  private hiddenViewsOffset = -1;

  constructor(
    readonly params: LstmParams,
    readonly length: number,
    options: FastModelOptions = {},
  ) {
    const H = params.forget.W.rows;
    const D = params.forget.W.cols - H;
    if (!Number.isInteger(length) || length < 1)
      throw new RangeError(`FastLstm: argument length must be a positive whole number, got ${length}`);
    assertLstmShapes(params, H, D, 'FastLstm');
    this.hidden = H;
    this.inputs = D;
    this.parameters = lstmParameterArrays(params);
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.weights = this.parameters.filter((_, k) => k % 2 === 0);
    this.biases = this.parameters.filter((_, k) => k % 2 === 1);
    this.weightGradients = this.gradients.filter((_, k) => k % 2 === 0);
    this.biasGradients = this.gradients.filter((_, k) => k % 2 === 1);
    this.arena = new Arena(options.kernel);
    this.affine = new RecurrentAffine(this.arena, 4 * H, H, D, length);
    this.reserve(1);
  }

  /** Sequences per batch the buffers hold. */
  get capacity(): number {
    return this.affine.capacity;
  }

  /** Makes room for batches of `sequences` sequences (allocates only when it grows). */
  reserve(sequences: number): void {
    if (!Number.isInteger(sequences) || sequences < 1) {
      throw new RangeError(`FastLstm.reserve: argument sequences must be a positive whole number, got ${sequences}`);
    }
    if (sequences <= this.capacity) return;
    const cells = sequences * this.length;
    const H = this.hidden;
    this.affine.reserve(sequences);
    this.gates = this.arena.alloc(cells * 4 * H);
    this.cells = this.arena.alloc(cells * H);
    this.cellTanh = this.arena.alloc(cells * H);
    this.hiddens = this.arena.alloc(cells * H);
    this.dHiddens = this.arena.alloc(cells * H);
    this.dcNext = this.arena.alloc(sequences * H);
  }

  /** Offset in arena.heap of h_t of sequence s at row s·L + t (H entries per row), after forwardBatch. */
  get hiddenStates(): number {
    return this.hiddens;
  }

  /** Offset in arena.heap where ∂loss/∂h_t goes before backwardBatch, laid out like hiddenStates. */
  get hiddenGradients(): number {
    return this.dHiddens;
  }

  /** Copies `inputs` ([sequence][step][D], flat) into the arena, reserving room for them. */
  setInputs(inputs: Float64Array, sequences: number): void {
    const D = this.inputs;
    if (!(inputs instanceof Float64Array) || inputs.length < sequences * this.length * D) {
      throw new RangeError(
        `FastLstm.setInputs: argument inputs must be a Float64Array of at least ${sequences} × ${this.length} × ${D} numbers`,
      );
    }
    this.reserve(sequences);
    this.affine.setInputs(inputs, sequences);
  }

  /** Runs the first `sequences` sequences set by setInputs from zero state. */
  forwardBatch(sequences: number): void {
    this.checkSequences(sequences, 'forwardBatch');
    const H = this.hidden;
    const G = 4 * H;
    const L = this.length;
    const affine = this.affine;
    affine.loadParameters(this.weights, this.biases, sequences > 1);
    const heap = this.arena.heap;
    const gates = this.gates,
      cells = this.cells,
      cellTanh = this.cellTanh,
      hiddens = this.hiddens;
    for (let t = 0; t < L; t++) {
      affine.preactivations(t, sequences, gates + t * G, L * G);
      for (let s = 0; s < sequences; s++) {
        const cell = (s * L + t) * H;
        const q = gates + (s * L + t) * G;
        const prevCell = t > 0 ? cells + cell - H : -1;
        const next = t + 1 < L ? affine.hxRow(s, t + 1) : -1;
        for (let r = 0; r < H; r++) {
          const f = sigmoid(heap[q + r]);
          const i = sigmoid(heap[q + H + r]);
          const g = Math.tanh(heap[q + 2 * H + r]);
          const o = sigmoid(heap[q + 3 * H + r]);
          const cPrev = prevCell >= 0 ? heap[prevCell + r] : 0;
          const c = f * cPrev + i * g;
          const tc = Math.tanh(c);
          const h = o * tc;
          heap[q + r] = f;
          heap[q + H + r] = i;
          heap[q + 2 * H + r] = g;
          heap[q + 3 * H + r] = o;
          heap[cells + cell + r] = c;
          heap[cellTanh + cell + r] = tc;
          heap[hiddens + cell + r] = h;
          if (next >= 0) heap[next + r] = h;
        }
      }
    }
  }

  /**
   * BPTT of the last forwardBatch for the gradients at hiddenGradients; adds into `gradients`.
   * @instructorOnly the reference BPTT: the student template ships without it (docs/student-template.md).
   */
  backwardBatch(sequences: number): void {
    this.checkSequences(sequences, 'backwardBatch');
    const H = this.hidden;
    const G = 4 * H;
    const L = this.length;
    const affine = this.affine;
    const heap = this.arena.heap;
    const stride = affine.dzStride;
    const gates = this.gates,
      cells = this.cells,
      cellTanh = this.cellTanh,
      dHiddens = this.dHiddens;
    heap.fill(0, affine.dhPrev, affine.dhPrev + sequences * H);
    heap.fill(0, this.dcNext, this.dcNext + sequences * H);
    for (let t = L - 1; t >= 0; t--) {
      for (let s = 0; s < sequences; s++) {
        const cell = (s * L + t) * H;
        const gate = gates + (s * L + t) * G;
        const prevCell = t > 0 ? cells + cell - H : -1;
        const dhNext = affine.dhPrev + s * H;
        const dcNext = this.dcNext + s * H;
        const dzRow = affine.dzStep + s * G;
        const dzCol = affine.dzT + affine.dzColumn(s, t);
        for (let r = 0; r < H; r++) {
          const f = heap[gate + r],
            i = heap[gate + H + r],
            g = heap[gate + 2 * H + r],
            o = heap[gate + 3 * H + r];
          const tc = heap[cellTanh + cell + r];
          const cPrev = prevCell >= 0 ? heap[prevCell + r] : 0;
          const dh = heap[dHiddens + cell + r] + heap[dhNext + r];
          const dc = heap[dcNext + r] + dh * o * (1 - tc * tc);
          const dzf = dc * cPrev * f * (1 - f);
          const dzi = dc * g * i * (1 - i);
          const dzg = dc * i * (1 - g * g);
          const dzo = dh * tc * o * (1 - o);
          heap[dcNext + r] = dc * f;
          heap[dzRow + r] = dzf;
          heap[dzRow + H + r] = dzi;
          heap[dzRow + 2 * H + r] = dzg;
          heap[dzRow + 3 * H + r] = dzo;
          heap[dzCol + r * stride] = dzf;
          heap[dzCol + (H + r) * stride] = dzi;
          heap[dzCol + (2 * H + r) * stride] = dzg;
          heap[dzCol + (3 * H + r) * stride] = dzo;
        }
      }
      // The gradient reaching h_{−1} feeds no parameter: initialStateGradients forms it on demand.
      if (t > 0) affine.hiddenGradient(sequences);
    }
    affine.accumulateGradients(sequences, this.weightGradients, this.biasGradients);
  }

  /** One sequence: the SequenceModel API, on sequence slot 0. */
  forward(xs: Vector[]): readonly Vector[] {
    if (!Array.isArray(xs) || xs.length !== this.length) {
      throw new RangeError(
        `FastLstm.forward: argument xs must hold ${this.length} vectors, got ${Array.isArray(xs) ? xs.length : typeof xs}`,
      );
    }
    const heap = this.arena.heap;
    for (let t = 0; t < this.length; t++) {
      if (!(xs[t] instanceof Float64Array) || xs[t].length !== this.inputs) {
        throw new RangeError(`FastLstm.forward: argument xs[${t}] must be a Float64Array of length ${this.inputs}`);
      }
      heap.set(xs[t], this.affine.hxRow(0, t) + this.hidden);
    }
    this.forwardBatch(1);
    return this.sequenceHiddenStates();
  }

  /** @instructorOnly the reference BPTT: the student template ships without it (docs/student-template.md). */
  backward(dhs: Vector[]): void {
    if (!Array.isArray(dhs) || dhs.length !== this.length) {
      throw new RangeError(
        `FastLstm.backward: argument dhs must hold ${this.length} vectors, got ${Array.isArray(dhs) ? dhs.length : typeof dhs}`,
      );
    }
    const heap = this.arena.heap;
    for (let t = 0; t < this.length; t++) heap.set(dhs[t], this.dHiddens + t * this.hidden);
    this.backwardBatch(1);
  }

  batchedLoss(readout: ReadoutParams, sequences: number, readoutGradients: readonly Float64Array[]): BatchedLoss {
    return new BatchedSoftmaxLoss(this, readout, sequences, readoutGradients);
  }

  /** Gate activations of one sequence after a forward, one copied vector per step. */
  gateActivations(gate: LstmGateName, sequence = 0): Float64Array[] {
    const index = GATE_NAMES.indexOf(gate);
    if (index < 0)
      throw new RangeError(`FastLstm.gateActivations: argument gate must be one of ${GATE_NAMES.join(', ')}, got ${String(gate)}`);
    this.checkSequences(sequence + 1, 'gateActivations');
    const H = this.hidden;
    return this.rowsOf(this.gates + index * H, 4 * H, sequence);
  }

  /** The cell states c_t of one sequence after a forward, copied. */
  cellStates(sequence = 0): Float64Array[] {
    this.checkSequences(sequence + 1, 'cellStates');
    return this.rowsOf(this.cells, this.hidden, sequence);
  }

  /**
   * ∂loss/∂h0 and ∂loss/∂c0 of the last backward of one sequence (for the equality tests).
   * @instructorOnly the reference BPTT: the student template ships without it (docs/student-template.md).
   */
  initialStateGradients(sequence = 0): { dh0: Vector; dc0: Vector } {
    this.checkSequences(sequence + 1, 'initialStateGradients');
    const H = this.hidden;
    // The backward stops before forming dh for h_{−1}; its last gate gradients are still in dzStep.
    this.affine.hiddenGradient(sequence + 1);
    const heap = this.arena.heap;
    return {
      dh0: heap.slice(this.affine.dhPrev + sequence * H, this.affine.dhPrev + (sequence + 1) * H),
      dc0: heap.slice(this.dcNext + sequence * H, this.dcNext + (sequence + 1) * H),
    };
  }

  private rowsOf(start: number, rowStride: number, sequence: number): Float64Array[] {
    const heap = this.arena.heap;
    const H = this.hidden;
    return Array.from({ length: this.length }, (_, t) => {
      const from = start + (sequence * this.length + t) * rowStride;
      return heap.slice(from, from + H);
    });
  }

  private sequenceHiddenStates(): Vector[] {
    const heap = this.arena.heap;
    if (this.hiddenViewsBuffer !== heap.buffer || this.hiddenViewsOffset !== this.hiddens) {
      const H = this.hidden;
      this.hiddenViews = Array.from({ length: this.length }, (_, t) => heap.subarray(this.hiddens + t * H, this.hiddens + (t + 1) * H));
      this.hiddenViewsBuffer = heap.buffer;
      this.hiddenViewsOffset = this.hiddens;
    }
    return this.hiddenViews;
  }

  private checkSequences(sequences: number, method: string): void {
    if (!Number.isInteger(sequences) || sequences < 1 || sequences > this.capacity) {
      throw new RangeError(
        `FastLstm.${method}: argument sequences must be a whole number from 1 to the ${this.capacity} reserved, got ${sequences}`,
      );
    }
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
  for (const gate of GATE_NAMES) {
    const g = params[gate];
    if (!(g.W.data instanceof Float64Array) || g.W.rows !== H || g.W.cols !== H + D || g.W.data.length !== H * (H + D)) {
      throw new RangeError(`${fn}: params.${gate}.W must be ${H} × ${H + D}`);
    }
    assertVector(g.b, H, `params.${gate}.b`, fn);
  }
}
