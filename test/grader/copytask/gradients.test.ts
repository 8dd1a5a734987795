import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../../lib/random';
import { numericalGradient, withinTolerance } from '../../../grader/engine/finite-difference';
import { sequenceLength, type CopyTaskConfig } from '../../../grader/copytask/config';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import { readoutLoss, readoutStep, type ReadoutParams } from '../../../grader/copytask/readout';
import { CopyBatch } from '../../../grader/copytask/train-loop';
import type { SequenceModel } from '../../../grader/copytask/sequence-model';

const TOLERANCE = { atol: 1e-8, rtol: 1e-6 };

function expectClose(analytic: Float64Array, numerical: Float64Array, what: string): void {
  const bad = Array.from(analytic).findIndex((a, k) => !withinTolerance(a, numerical[k], TOLERANCE));
  expect(bad, `${what}[${bad}]: analytic ${analytic[bad]} vs numerical ${numerical[bad]}`).toBe(-1);
}

describe('readoutStep', () => {
  it('gives the gradients of the cross-entropy of softmax(W·h + b) by finite differences', () => {
    const grid = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
    const shapes = fc.record({ classes: fc.integer({ min: 2, max: 6 }), H: fc.integer({ min: 1, max: 5 }), seed: fc.integer() });
    const details = fc.check(
      fc.property(shapes, grid, fc.integer({ min: 0, max: 100 }), ({ classes, H, seed }, scale, targetDraw) => {
        const rng = new Random(seed);
        const readout: ReadoutParams = { W: rng.matrix(classes, H, -3, 3), b: rng.vector(classes, -3, 3) };
        const h = rng.vector(H, -1, 1);
        const target = targetDraw % classes;
        const probs = new Float64Array(classes);
        const dW = new Float64Array(classes * H);
        const db = new Float64Array(classes);
        const dh = new Float64Array(H);
        const loss = readoutStep(readout, h, target, scale, probs, dW, db, dh);
        const lossOf = () => scale * readoutLoss(readout, h, target, new Float64Array(classes));
        expect(loss).toBeCloseTo(readoutLoss(readout, h, target, new Float64Array(classes)), 12);
        expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expectClose(dW, numericalGradient(lossOf, readout.W.data), 'dW');
        expectClose(db, numericalGradient(lossOf, readout.b), 'db');
        expectClose(dh, numericalGradient(lossOf, h), 'dh');
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('stays finite for huge logits', () => {
    const readout: ReadoutParams = { W: { rows: 2, cols: 1, data: Float64Array.from([1000, -1000]) }, b: new Float64Array(2) };
    const loss = readoutStep(
      readout,
      Float64Array.of(1),
      1,
      1,
      new Float64Array(2),
      new Float64Array(2),
      new Float64Array(2),
      new Float64Array(1),
    );
    expect(loss).toBe(2000);
  });
});

const SMALL: CopyTaskConfig = {
  symbols: 3,
  length: 2,
  delay: 3,
  hidden: 3,
  batch: 2,
  learningRate: 0.01,
  clipNorm: 1,
  maxSteps: 10,
  init: 'chrono',
  seed: 7,
  solveAccuracy: 0.99,
  solveWindow: 2,
  curveEvery: 1,
};

/** Mean batch loss as the trainer computes it, and its gradient w.r.t. every parameter array. */
function checkTrainerGradient(model: SequenceModel, readout: ReadoutParams, name: string): void {
  const batch = new CopyBatch(SMALL, readout);
  batch.draw(new Random(3));
  const result = { loss: 0, correct: 0 };
  batch.lossAndGradients(model, result);
  const analytic = [...model.gradients, ...batch.readoutGradients].map((g) => Float64Array.from(g));
  const parameters = [...model.parameters, readout.W.data, readout.b];
  const lossOf = () => {
    const r = { loss: 0, correct: 0 };
    batch.lossAndGradients(model, r);
    return r.loss;
  };
  parameters.forEach((p, j) => expectClose(analytic[j], numericalGradient(lossOf, p), `${name} parameter array ${j}`));
}

describe('the trainer', () => {
  it('computes the gradient of the mean batch loss through the LSTM and the readout', () => {
    const { params, readout } = initLstmParams(SMALL);
    checkTrainerGradient(new FastLstm(params, sequenceLength(SMALL)), readout, 'LSTM');
  });

  it('computes the gradient of the mean batch loss through the vanilla RNN and the readout', () => {
    const { params, readout } = initRnnParams(SMALL);
    checkTrainerGradient(new FastRnn(params, sequenceLength(SMALL)), readout, 'RNN');
  });
});
