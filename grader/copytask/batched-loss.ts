/**
 * The whole-batch training step of the trusted models: forward of every sequence, the softmax
 * readout and cross-entropy of every position, and the backward, as matrix products on the model's
 * Arena. Each number is computed exactly as readout.ts's readoutStep / readoutLoss and
 * CopyBatch's one-sequence-at-a-time path compute it, in the same order, so the results are
 * bit-identical (test/grader/copytask/batched-loss.test.ts).
 */
import type { Arena } from './kernels/arena';
import type { ReadoutParams } from './readout';
import type { BatchResult, BatchedLoss } from './sequence-model';

/** What the batched loss needs from a recurrent model (FastLstm, FastRnn). */
export interface BatchedRecurrent {
  readonly arena: Arena;
  readonly hidden: number;
  readonly inputs: number;
  readonly length: number;
  readonly gradients: Float64Array[];
  /** Offset of h_t of sequence s at row s·L + t (H per row), after forwardBatch. */
  readonly hiddenStates: number;
  /** Offset where ∂loss/∂h_t goes before backwardBatch, laid out like hiddenStates. */
  readonly hiddenGradients: number;
  reserve(sequences: number): void;
  setInputs(inputs: Float64Array, sequences: number): void;
  forwardBatch(sequences: number): void;
  backwardBatch(sequences: number): void;
}

export class BatchedSoftmaxLoss implements BatchedLoss {
  private readonly classes: number;
  // Offsets into arena.heap.
  private readonly weights: number;
  private readonly weightsT: number;
  private readonly bias: number;
  /** Logits, then probabilities, then ∂loss/∂logits, one row of `classes` per (s, t) at s·L + t. */
  private readonly logits: number;
  private readonly dWeights: number;

  constructor(
    private readonly model: BatchedRecurrent,
    private readonly readout: ReadoutParams,
    private readonly sequences: number,
    private readonly readoutGradients: readonly Float64Array[],
  ) {
    const fn = 'BatchedSoftmaxLoss';
    if (!Number.isInteger(sequences) || sequences < 1)
      throw new RangeError(`${fn}: argument sequences must be a positive whole number, got ${sequences}`);
    const H = model.hidden;
    const C = readout.W.rows;
    if (readout.W.cols !== H || readout.W.data.length !== C * H || readout.b.length !== C) {
      throw new RangeError(
        `${fn}: argument readout must have W of ${C} × ${H} and b of ${C}, got W ${readout.W.rows} × ${readout.W.cols} and b of ${readout.b.length}`,
      );
    }
    if (readoutGradients.length !== 2 || readoutGradients[0].length !== C * H || readoutGradients[1].length !== C) {
      throw new RangeError(`${fn}: argument readoutGradients must be [dW of ${C * H}, db of ${C}]`);
    }
    this.classes = C;
    model.reserve(sequences);
    const arena = model.arena;
    this.weights = arena.alloc(C * H);
    this.weightsT = arena.alloc(C * H);
    this.bias = arena.alloc(C);
    this.logits = arena.alloc(sequences * model.length * C);
    this.dWeights = arena.alloc(C * H);
  }

  /** @instructorOnly the readout's and the loss's backward: the student template ships without it (docs/student-template.md). */
  lossAndGradients(inputs: Float64Array, targets: readonly Int32Array[], recallStart: number, result: BatchResult): void {
    const model = this.model;
    const n = this.sequences;
    const L = model.length;
    const H = model.hidden;
    const C = this.classes;
    const rows = n * L;
    this.checkTargets(targets, n, 'lossAndGradients');
    for (const g of model.gradients) g.fill(0);
    for (const g of this.readoutGradients) g.fill(0);
    model.setInputs(inputs, n);
    model.forwardBatch(n);
    this.logitsOf(n);

    const heap = model.arena.heap;
    const scale = 1 / rows;
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < n; s++) {
      const sequenceTargets = targets[s];
      for (let t = 0; t < L; t++) {
        const row = this.logits + (s * L + t) * C;
        const target = sequenceTargets[t];
        let max = -Infinity;
        for (let r = 0; r < C; r++) if (heap[row + r] > max) max = heap[row + r];
        // Subtracting the largest logit keeps exp from overflowing; log-sum-exp gives the loss exactly.
        const targetLogit = heap[row + target];
        let total = 0;
        for (let r = 0; r < C; r++) {
          const e = Math.exp(heap[row + r] - max);
          heap[row + r] = e;
          total += e;
        }
        loss += max + Math.log(total) - targetLogit;
        let best = 0;
        for (let r = 0; r < C; r++) {
          heap[row + r] /= total;
          if (heap[row + r] > heap[row + best]) best = r;
        }
        if (t >= recallStart && best === target) correct++;
        for (let r = 0; r < C; r++) heap[row + r] = scale * (heap[row + r] - (r === target ? 1 : 0));
      }
    }
    result.loss = loss * scale;
    result.correct = correct;

    const arena = model.arena;
    // ∂loss/∂h = G·W_readout, G the rows of ∂loss/∂logits.
    heap.fill(0, model.hiddenGradients, model.hiddenGradients + rows * H);
    arena.gemm(rows, H, C, this.logits, C, 1, this.weights, H, model.hiddenGradients, H);
    // dW_readout = Gᵀ·hs and db_readout = Σ G, over the positions in order.
    const [dW, db] = this.readoutGradients;
    heap.set(dW, this.dWeights);
    arena.gemm(C, H, rows, this.logits, 1, C, model.hiddenStates, H, this.dWeights, H);
    for (let r = 0; r < C; r++) {
      let sum = db[r];
      for (let k = 0; k < rows; k++) sum += heap[this.logits + k * C + r];
      db[r] = sum;
    }
    for (let k = 0; k < dW.length; k++) dW[k] = heap[this.dWeights + k];
    model.backwardBatch(n);
  }

  addLoss(inputs: Float64Array, targets: readonly Int32Array[], sequences: number, recallStart: number, result: BatchResult): void {
    if (!Number.isInteger(sequences) || sequences < 1 || sequences > this.sequences) {
      throw new RangeError(
        `BatchedSoftmaxLoss.addLoss: argument sequences must be a whole number from 1 to ${this.sequences}, got ${sequences}`,
      );
    }
    this.checkTargets(targets, sequences, 'addLoss');
    const model = this.model;
    const L = model.length;
    const C = this.classes;
    model.setInputs(inputs, sequences);
    model.forwardBatch(sequences);
    this.logitsOf(sequences);
    const heap = model.arena.heap;
    let loss = result.loss;
    let correct = result.correct;
    for (let s = 0; s < sequences; s++) {
      for (let t = 0; t < L; t++) {
        const row = this.logits + (s * L + t) * C;
        const target = targets[s][t];
        let max = -Infinity;
        let best = 0;
        for (let r = 0; r < C; r++) {
          if (heap[row + r] > max) max = heap[row + r];
          if (heap[row + r] > heap[row + best]) best = r;
        }
        let total = 0;
        for (let r = 0; r < C; r++) total += Math.exp(heap[row + r] - max);
        loss += max + Math.log(total) - heap[row + target];
        if (t >= recallStart && best === target) correct++;
      }
    }
    result.loss = loss;
    result.correct = correct;
  }

  /** logits = b + hs·Wᵀ for the first `sequences` sequences, from the current readout weights. */
  private logitsOf(sequences: number): void {
    const model = this.model;
    const heap = model.arena.heap;
    const H = model.hidden;
    const C = this.classes;
    const W = this.readout.W.data;
    heap.set(W, this.weights);
    heap.set(this.readout.b, this.bias);
    for (let r = 0; r < C; r++) for (let c = 0; c < H; c++) heap[this.weightsT + c * C + r] = W[r * H + c];
    const rows = sequences * model.length;
    for (let k = 0; k < rows; k++) heap.copyWithin(this.logits + k * C, this.bias, this.bias + C);
    model.arena.gemm(rows, C, H, model.hiddenStates, H, 1, this.weightsT, C, this.logits, C);
  }

  private checkTargets(targets: readonly Int32Array[], sequences: number, method: string): void {
    if (targets.length < sequences) {
      throw new RangeError(`BatchedSoftmaxLoss.${method}: argument targets must hold ${sequences} sequences, got ${targets.length}`);
    }
    for (let s = 0; s < sequences; s++) {
      if (targets[s].length !== this.model.length) {
        throw new RangeError(
          `BatchedSoftmaxLoss.${method}: argument targets[${s}] must have length ${this.model.length}, got ${targets[s].length}`,
        );
      }
    }
  }
}
