import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import { BatchedSoftmaxLoss, type BatchedRecurrent } from '../../../grader/copytask/batched-loss';
import { sequenceLength, type CopyTaskConfig } from '../../../grader/copytask/config';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { CopyBatch, runTraining } from '../../../grader/copytask/train-loop';
import { Arena } from '../../../grader/copytask/kernels/arena';
import type { ReadoutParams } from '../../../grader/copytask/readout';
import type { SequenceModel } from '../../../grader/copytask/sequence-model';
import { SequentialLstm, SequentialRnn } from './sequential-models';

const KERNELS = ['webassembly', 'typescript'] as const;
/** The graded tier, and the bench's larger copy task (K = 8, T = 25, batch 16) at H = 32. */
const CONFIGS: CopyTaskConfig[] = [gradedConfig(42), { ...gradedConfig(7), symbols: 8, delay: 25, batch: 16, hidden: 32 }];

function identicalAt(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  return Array.from(actual).findIndex((a, k) => !Object.is(a, expected[k]));
}

function models(config: CopyTaskConfig, kernel: (typeof KERNELS)[number]): [string, SequenceModel, SequenceModel, ReadoutParams][] {
  const L = sequenceLength(config);
  const lstm = initLstmParams(config);
  const rnn = initRnnParams(config);
  return [
    ['LSTM', new FastLstm(lstm.params, L, { kernel }), new SequentialLstm(lstm.params, L), lstm.readout],
    ['RNN', new FastRnn(rnn.params, L, { kernel }), new SequentialRnn(rnn.params, L), rnn.readout],
  ];
}

describe('CopyBatch, batched path', () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: loss, right predictions and every gradient bit-identical to the one-sequence-at-a-time path`, () => {
      for (const config of CONFIGS) {
        for (const [name, fast, sequential, readout] of models(config, kernel)) {
          const batchedBatch = new CopyBatch(config, readout);
          const sequentialBatch = new CopyBatch(config, readout);
          for (let draw = 0; draw < 3; draw++) {
            batchedBatch.draw(new Random(draw));
            sequentialBatch.draw(new Random(draw));
            const a = { loss: 0, correct: 0 };
            const b = { loss: 0, correct: 0 };
            batchedBatch.lossAndGradients(fast, a);
            sequentialBatch.lossAndGradients(sequential, b);
            const where = `${name}, H = ${config.hidden}, draw ${draw}`;
            expect(Object.is(a.loss, b.loss), `${where}: loss ${a.loss} vs ${b.loss}`).toBe(true);
            expect(a.correct, where).toBe(b.correct);
            fast.gradients.forEach((g, j) => expect(identicalAt(g, sequential.gradients[j]), `${where}: model gradient ${j}`).toBe(-1));
            batchedBatch.readoutGradients.forEach((g, j) =>
              expect(identicalAt(g, sequentialBatch.readoutGradients[j]), `${where}: readout gradient ${j}`).toBe(-1),
            );
          }
        }
      }
    });
  }
});

describe('runTraining with the batched models', () => {
  it('reproduces the old per-sequence training bit for bit: curve, steps to solve, trained weights (LSTM solves at step 483)', () => {
    const config = gradedConfig(42);
    const L = sequenceLength(config);
    const fast = initLstmParams(config);
    const old = initLstmParams(config);
    const fastLog = runTraining(new FastLstm(fast.params, L), fast.readout, config);
    const oldLog = runTraining(new SequentialLstm(old.params, L), old.readout, config);
    expect(fastLog.stepsToSolve).toBe(483);
    expect(fastLog.stepsToSolve).toBe(oldLog.stepsToSolve);
    expect(fastLog.curve).toEqual(oldLog.curve);
    expect(fastLog.curve.every((p, k) => Object.is(p.loss, oldLog.curve[k].loss))).toBe(true);
    expect(identicalAt(fast.params.forget.W.data, old.params.forget.W.data)).toBe(-1);
    expect(identicalAt(fast.params.output.b, old.params.output.b)).toBe(-1);
    expect(identicalAt(fast.readout.W.data, old.readout.W.data)).toBe(-1);
  });

  it('the RNN too, over 300 steps of the graded tier', () => {
    const config = { ...gradedConfig(42), maxSteps: 300 };
    const L = sequenceLength(config);
    const fast = initRnnParams(config);
    const old = initRnnParams(config);
    const fastLog = runTraining(new FastRnn(fast.params, L), fast.readout, config);
    const oldLog = runTraining(new SequentialRnn(old.params, L), old.readout, config);
    expect(fastLog.curve.map((p) => p.loss)).toEqual(oldLog.curve.map((p) => p.loss));
    expect(identicalAt(fast.params.W.data, old.params.W.data)).toBe(-1);
  });

  it('a model without a batched path (the student LSTM) still runs one sequence at a time', () => {
    const config = { ...gradedConfig(1), maxSteps: 2 };
    const { params, readout } = initLstmParams(config);
    const inner = new FastLstm(params, sequenceLength(config));
    let forwards = 0;
    const oneAtATime: SequenceModel = {
      parameters: inner.parameters,
      gradients: inner.gradients,
      forward: (xs) => {
        forwards++;
        return inner.forward(xs);
      },
      backward: (dhs) => inner.backward(dhs),
    };
    runTraining(oneAtATime, readout, config);
    expect(forwards).toBe(2 * config.batch);
  });
});

describe('BatchedSoftmaxLoss', () => {
  it('rejects a readout or gradient buffers of the wrong shape, naming the argument', () => {
    const config = gradedConfig(1);
    const { params, readout } = initLstmParams(config);
    const lstm = new FastLstm(params, sequenceLength(config));
    const grads = [new Float64Array(readout.W.data.length), new Float64Array(readout.b.length)];
    expect(() => lstm.batchedLoss({ W: { rows: 3, cols: 5, data: new Float64Array(15) }, b: new Float64Array(3) }, 8, grads)).toThrow(
      'BatchedSoftmaxLoss: argument readout must have W of 3 × 16 and b of 3, got W 3 × 5 and b of 3',
    );
    expect(() => lstm.batchedLoss(readout, 8, [grads[0]])).toThrow(
      'BatchedSoftmaxLoss: argument readoutGradients must be [dW of 48, db of 3]',
    );
    expect(() => lstm.batchedLoss(readout, 0, grads)).toThrow(
      'BatchedSoftmaxLoss: argument sequences must be a positive whole number, got 0',
    );
    const loss = lstm.batchedLoss(readout, 2, grads);
    const inputs = new Float64Array(2 * sequenceLength(config) * 4);
    expect(() => loss.lossAndGradients(inputs, [new Int32Array(16)], 13, { loss: 0, correct: 0 })).toThrow(
      'BatchedSoftmaxLoss.lossAndGradients: argument targets must hold 2 sequences, got 1',
    );
    expect(() => loss.addLoss(inputs, [new Int32Array(16)], 3, 13, { loss: 0, correct: 0 })).toThrow(
      'BatchedSoftmaxLoss.addLoss: argument sequences must be a whole number from 1 to 2, got 3',
    );
  });
});

/**
 * A recurrent model whose hidden state is its input (h_t = x_t, H = D): the loss sees exactly the
 * hidden states the test chose, and backwardBatch only records the ∂loss/∂h it was handed.
 */
class IdentityModel implements BatchedRecurrent {
  readonly arena = new Arena('typescript');
  readonly gradients: Float64Array[] = [];
  hiddenStates = 0;
  hiddenGradients = 0;
  backwardSequences = 0;

  constructor(
    readonly hidden: number,
    readonly length: number,
  ) {}

  get inputs(): number {
    return this.hidden;
  }

  reserve(sequences: number): void {
    this.hiddenStates = this.arena.alloc(sequences * this.length * this.hidden);
    this.hiddenGradients = this.arena.alloc(sequences * this.length * this.hidden);
  }

  setInputs(inputs: Float64Array, sequences: number): void {
    this.arena.heap.set(inputs.subarray(0, sequences * this.length * this.hidden), this.hiddenStates);
  }

  forwardBatch(): void {}

  backwardBatch(sequences: number): void {
    this.backwardSequences = sequences;
  }
}

describe('BatchedSoftmaxLoss on its own, against a plain loop', () => {
  const H = 3;
  const C = 4;
  const L = 5;
  const n = 2;
  const recallStart = 2;
  const random = new Random(11);
  const readout: ReadoutParams = { W: random.matrix(C, H, -2, 2), b: random.vector(C) };
  const hs = random.vector(n * L * H, -2, 2);
  const targets = Array.from({ length: n }, () => Int32Array.from({ length: L }, () => random.int(0, C - 1)));

  /** Σ over positions of −log softmax(W·h + b)[target], and the recalled positions predicted right. */
  function plainLoss(W: Float64Array, b: Float64Array, h: Float64Array, sequences = n): { sum: number; correct: number } {
    let sum = 0;
    let correct = 0;
    for (let s = 0; s < sequences; s++) {
      for (let t = 0; t < L; t++) {
        const logits = Array.from({ length: C }, (_, r) => {
          let z = b[r];
          for (let c = 0; c < H; c++) z += W[r * H + c] * h[(s * L + t) * H + c];
          return z;
        });
        sum += Math.log(logits.reduce((total, z) => total + Math.exp(z), 0)) - logits[targets[s][t]];
        if (t >= recallStart && logits.indexOf(Math.max(...logits)) === targets[s][t]) correct++;
      }
    }
    return { sum, correct };
  }

  /** Central differences of the mean loss with respect to each entry of `values` (changed in place, then restored). */
  function finiteDifferences(values: Float64Array, mean: () => number): number[] {
    const step = 1e-6;
    return Array.from(values, (v, k) => {
      values[k] = v + step;
      const up = mean();
      values[k] = v - step;
      const down = mean();
      values[k] = v;
      return (up - down) / (2 * step);
    });
  }

  function within(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
    expect(actual.length, what).toBe(expected.length);
    for (let k = 0; k < expected.length; k++) expect(Math.abs(actual[k] - expected[k]), `${what}[${k}]`).toBeLessThan(tolerance);
  }

  it('lossAndGradients: the mean cross-entropy, the recalled positions predicted right, and every gradient by finite differences', () => {
    const model = new IdentityModel(H, L);
    const grads = [new Float64Array(C * H).fill(9), new Float64Array(C).fill(9)]; // stale: overwritten, not added to
    const loss = new BatchedSoftmaxLoss(model, readout, n, grads);
    const result = { loss: 0, correct: 0 };
    loss.lossAndGradients(hs, targets, recallStart, result);

    const rows = n * L;
    const expected = plainLoss(readout.W.data, readout.b, hs);
    expect(Math.abs(result.loss - expected.sum / rows)).toBeLessThan(1e-14);
    expect(result.correct).toBe(expected.correct);
    const mean = () => plainLoss(readout.W.data, readout.b, hs).sum / rows;
    within(grads[0], finiteDifferences(readout.W.data, mean), 1e-8, 'dW');
    within(grads[1], finiteDifferences(readout.b, mean), 1e-8, 'db');
    const h = Float64Array.from(hs);
    within(
      model.arena.view(model.hiddenGradients, rows * H),
      finiteDifferences(h, () => plainLoss(readout.W.data, readout.b, h).sum / rows),
      1e-8,
      'dh',
    );
    expect(model.backwardSequences).toBe(n);

    // A second call gives the same gradients: they are zeroed first, not accumulated across calls.
    const again = [Float64Array.from(grads[0]), Float64Array.from(grads[1])];
    loss.lossAndGradients(hs, targets, recallStart, { loss: 0, correct: 0 });
    expect(Array.from(grads[0])).toEqual(Array.from(again[0]));
    expect(Array.from(grads[1])).toEqual(Array.from(again[1]));
  });

  it('addLoss adds the summed cross-entropy and right predictions of the first sequences to the running totals, with the current weights', () => {
    const model = new IdentityModel(H, L);
    const loss = new BatchedSoftmaxLoss(model, readout, n, [new Float64Array(C * H), new Float64Array(C)]);
    const result = { loss: 1.5, correct: 2 };
    loss.addLoss(hs, targets, 1, recallStart, result);
    const first = plainLoss(readout.W.data, readout.b, hs, 1);
    expect(Math.abs(result.loss - (1.5 + first.sum))).toBeLessThan(1e-13);
    expect(result.correct).toBe(2 + first.correct);

    // The readout is read afresh on every call, so a training step's update is seen.
    const W = Float64Array.from(readout.W.data, (w) => -w);
    const flipped = new BatchedSoftmaxLoss(new IdentityModel(H, L), { W: { rows: C, cols: H, data: W }, b: readout.b }, n, [
      new Float64Array(C * H),
      new Float64Array(C),
    ]);
    const totals = { loss: 0, correct: 0 };
    flipped.addLoss(hs, targets, n, recallStart, totals);
    const both = plainLoss(W, readout.b, hs);
    expect(Math.abs(totals.loss - both.sum)).toBeLessThan(1e-13);
    expect(totals.correct).toBe(both.correct);
  });
});
