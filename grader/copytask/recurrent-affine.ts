/**
 * The affine part shared by the fast LSTM (four gates) and the fast RNN (one): z = W·[h_{t−1}; x_t] + b
 * for G stacked gate rows over X = H + D columns, for a batch of sequences at once, as matrix
 * products on an Arena. The caller (the model) applies its nonlinearities in between.
 *
 * Layout, chosen so that every sum runs in the order of the original per-sequence loops and the
 * results are bit-identical to them (see kernels/gemm.ts):
 * - `hx`: one row [h_{t−1}; x_t] per (sequence s, step t), at row s·L + (L − 1 − t). Sequences in
 *   order and time reversed inside each, because the old backward accumulated dW over sequences in
 *   order and, inside one, from the last step to the first: the dW product runs over these rows.
 * - `dzT`: the gate gradients transposed, G rows × (capacity·L) columns in the same order as the
 *   `hx` rows, so that dW = dzT·hx reads both operands contiguously.
 * - `dzStep` (sequences × G) and `dhPrev` (sequences × H): the current step of the backward,
 *   dhPrev = dzStep·W_h.
 */
import type { Arena } from './kernels/arena';

export class RecurrentAffine {
  /** X = H + D, the width of one [h; x] row. */
  readonly columns: number;
  private capacityHeld = 0;
  // Offsets into arena.heap.
  private stack = 0;
  private stackT = 0;
  private bias = 0;
  private dStack = 0;
  private dBias = 0;
  private hxAt = 0;
  private dzTAt = 0;
  private dzStepAt = 0;
  private dhPrevAt = 0;

  constructor(
    readonly arena: Arena,
    /** G, the stacked gate rows (4H for the LSTM, H for the RNN). */
    readonly rows: number,
    readonly hidden: number,
    readonly inputs: number,
    readonly length: number,
  ) {
    this.columns = hidden + inputs;
    const size = rows * this.columns;
    this.stack = arena.alloc(size);
    this.stackT = arena.alloc(size);
    this.bias = arena.alloc(rows);
    this.dStack = arena.alloc(size);
    this.dBias = arena.alloc(rows);
  }

  get capacity(): number {
    return this.capacityHeld;
  }

  /** Makes room for `sequences` sequences per call (allocates only when it grows). */
  reserve(sequences: number): void {
    if (sequences <= this.capacityHeld) return;
    const cells = sequences * this.length;
    this.hxAt = this.arena.alloc(cells * this.columns);
    this.dzTAt = this.arena.alloc(this.rows * cells);
    this.dzStepAt = this.arena.alloc(sequences * this.rows);
    this.dhPrevAt = this.arena.alloc(sequences * this.hidden);
    this.capacityHeld = sequences;
  }

  /** Offsets of the regions described at the top (they move when reserve grows them). */
  get hx(): number {
    return this.hxAt;
  }
  get dzT(): number {
    return this.dzTAt;
  }
  get dzStep(): number {
    return this.dzStepAt;
  }
  get dhPrev(): number {
    return this.dhPrevAt;
  }

  /** Row of [h_{t−1}; x_t] for sequence s (offset of h_{t−1}; x_t follows after H entries). */
  hxRow(s: number, t: number): number {
    return this.hx + (s * this.length + this.length - 1 - t) * this.columns;
  }

  /** Column of dzT for (s, t); gate row g is at dzT + g·dzStride + this. */
  dzColumn(s: number, t: number): number {
    return s * this.length + this.length - 1 - t;
  }

  /** Copies x_t of each sequence from `inputs` ([sequence][step][D], flat) into its [h; x] row. */
  setInputs(inputs: Float64Array, sequences: number): void {
    const heap = this.arena.heap;
    const D = this.inputs;
    for (let s = 0; s < sequences; s++) {
      for (let t = 0; t < this.length; t++) {
        const from = (s * this.length + t) * D;
        const to = this.hxRow(s, t) + this.hidden;
        for (let d = 0; d < D; d++) heap[to + d] = inputs[from + d];
      }
    }
  }

  /** Distance between two gate rows of dzT. */
  get dzStride(): number {
    return this.capacityHeld * this.length;
  }

  /**
   * Copies the gates' weights and biases (in stacking order) into the arena. The transposed copy
   * is only needed for batches of more than one sequence, so a single sequence skips it.
   */
  loadParameters(weights: readonly Float64Array[], biases: readonly Float64Array[], transposed: boolean): void {
    const heap = this.arena.heap;
    const X = this.columns;
    const G = this.rows;
    let row = 0;
    for (let g = 0; g < weights.length; g++) {
      heap.set(weights[g], this.stack + row * X);
      heap.set(biases[g], this.bias + row);
      row += biases[g].length;
    }
    if (!transposed) return;
    for (let r = 0; r < G; r++) {
      const from = this.stack + r * X;
      for (let c = 0; c < X; c++) heap[this.stackT + c * G + r] = heap[from + c];
    }
  }

  /** Writes b + W·[h_{t−1}; x_t] of step t for `sequences` sequences into rows of `out` (stride outRowStride). */
  preactivations(t: number, sequences: number, out: number, outRowStride: number): void {
    const heap = this.arena.heap;
    const G = this.rows;
    const X = this.columns;
    for (let s = 0; s < sequences; s++) heap.copyWithin(out + s * outRowStride, this.bias, this.bias + G);
    if (sequences === 1) {
      // zᵀ = W·hxᵀ: one dot product per gate row, straight from the stacked W.
      this.arena.gemm(G, 1, X, this.stack, X, 1, this.hxRow(0, t), 1, out, 1);
    } else {
      this.arena.gemm(sequences, G, X, this.hxRow(0, t), this.length * X, 1, this.stackT, G, out, outRowStride);
    }
  }

  /**
   * dhPrev = dzStep·W_h for `sequences` sequences (the gradient reaching h_{t−1}).
   * @instructorOnly the affine map's backward: the student template ships without it (docs/student-template.md).
   */
  hiddenGradient(sequences: number): void {
    this.arena.heap.fill(0, this.dhPrev, this.dhPrev + sequences * this.hidden);
    this.arena.gemm(sequences, this.hidden, this.rows, this.dzStep, this.rows, 1, this.stack, this.columns, this.dhPrev, this.hidden);
  }

  /**
   * Adds dW = dzT·hx and db = Σ dzT over the `sequences` sequences of the last backward into the
   * gradient arrays. The running gradients are copied in and out so that each entry keeps one
   * chain of additions, as the old loops that added straight into them did.
   * @instructorOnly the affine map's backward: the student template ships without it (docs/student-template.md).
   */
  accumulateGradients(sequences: number, weightGradients: readonly Float64Array[], biasGradients: readonly Float64Array[]): void {
    const heap = this.arena.heap;
    const X = this.columns;
    const cells = sequences * this.length;
    const stride = this.dzStride;
    let row = 0;
    for (let g = 0; g < weightGradients.length; g++) {
      heap.set(weightGradients[g], this.dStack + row * X);
      heap.set(biasGradients[g], this.dBias + row);
      row += biasGradients[g].length;
    }
    this.arena.gemm(this.rows, X, cells, this.dzT, stride, 1, this.hx, X, this.dStack, X);
    for (let r = 0; r < this.rows; r++) {
      const from = this.dzT + r * stride;
      let sum = heap[this.dBias + r];
      for (let k = 0; k < cells; k++) sum += heap[from + k];
      heap[this.dBias + r] = sum;
    }
    row = 0;
    for (let g = 0; g < weightGradients.length; g++) {
      copyOut(heap, this.dStack + row * X, weightGradients[g]);
      copyOut(heap, this.dBias + row, biasGradients[g]);
      row += biasGradients[g].length;
    }
  }
}

/** target ← heap[from … from + target.length), without the view a subarray would allocate. */
function copyOut(heap: Float64Array, from: number, target: Float64Array): void {
  for (let k = 0; k < target.length; k++) target[k] = heap[from + k];
}
