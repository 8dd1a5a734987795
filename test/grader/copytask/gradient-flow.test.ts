/**
 * The vanishing gradient made visible: ‖∂L/∂h_t‖ (and ‖∂L/∂C_t‖ for the LSTM) of the recall loss,
 * from the forward step alone, checked against perturbing the state and re-running the sequence. No gradient reaches the past through a recurrence
 * that does not exist; at the chrono initialisation the LSTM's memory carries the gradient of the
 * recall loss back to the first step orders of magnitude better than the RNN; and on a tiny case
 * the norms equal the chain rule written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import type { Gate, LstmParams, Vector } from '../../../lib/types';
import { sequenceLength, type CopyTaskConfig } from '../../../grader/copytask/config';
import { fillCopySequence, recallStart } from '../../../grader/copytask/data';
import { evaluationSeed } from '../../../grader/copytask/evaluate';
import { lstmGradientFlow, rnnGradientFlow } from '../../../grader/copytask/gradient-flow';
import { initLstmParams, initRnnParams, type RnnParams } from '../../../grader/copytask/init';
import type { ReadoutParams } from '../../../grader/copytask/readout';
import { gradedConfig } from '../../../grader/copytask/tiers';

/** A small copy task: K = 2 symbols (D = 4 inputs), S = 2, T = 3, so 7 steps with recall from step 5. */
const small = (hidden: number): CopyTaskConfig => ({ ...gradedConfig(5), symbols: 2, length: 2, delay: 3, hidden });

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The sequence the flow draws first from `seed`, and its one-hot inputs. */
function firstSequence(config: CopyTaskConfig, seed: number) {
  const L = sequenceLength(config);
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  fillCopySequence(new Random(seed), config, inputs, targets);
  const xs = Array.from(inputs, (token) => Float64Array.from({ length: config.symbols + 2 }, (_, k) => (k === token ? 1 : 0)));
  return { xs, targets };
}

/** Σ_r (softmax(W·h + b)_r − [r = target])·W[r][k] over k: ∂ CE / ∂h, written out. */
function readoutGradient(readout: ReadoutParams, h: Vector, target: number): number[] {
  const { W, b } = readout;
  const logits = Array.from({ length: W.rows }, (_, r) => b[r] + h.reduce((s, hk, k) => s + W.data[r * W.cols + k] * hk, 0));
  const z = logits.reduce((s, l) => s + Math.exp(l), 0);
  const p = logits.map((l) => Math.exp(l) / z);
  return Array.from(h, (_, k) => p.reduce((s, pr, r) => s + (pr - (r === target ? 1 : 0)) * W.data[r * W.cols + k], 0));
}

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('rnnGradientFlow', () => {
  it('gives no gradient to the steps before the recall positions when the recurrent weights are zero', () => {
    const config = small(3);
    const { params, readout } = initRnnParams(config);
    const cut: RnnParams = { W: { ...params.W, data: params.W.data.map((w, k) => (k % params.W.cols < 3 ? 0 : w)) }, b: params.b };
    const flow = rnnGradientFlow(cut, readout, config, 11);
    const recall = recallStart(config);
    expect(flow.dh).toHaveLength(sequenceLength(config));
    expect(flow.dc).toBeUndefined();
    expect(flow.dh.slice(0, recall)).toEqual(new Array(recall).fill(0));
    for (const g of flow.dh.slice(recall)) expect(g).toBeGreaterThan(1e-3);
  });

  it('equals the chain rule by hand on a one-unit RNN (H = 1, one sequence)', () => {
    const config: CopyTaskConfig = { ...small(1), length: 1, delay: 1 }; // 3 steps, recall at step 2
    const W = { rows: 1, cols: 5, data: Float64Array.of(0.9, 0.3, -0.4, 0.5, 0.2) };
    const params: RnnParams = { W, b: Float64Array.of(0.1) };
    const readout: ReadoutParams = { W: { rows: 3, cols: 1, data: Float64Array.of(0.7, -1.2, 0.4) }, b: Float64Array.of(0.05, 0, -0.05) };
    const seed = 3;
    const { xs, targets } = firstSequence(config, seed);
    const hs: number[] = [];
    let h = 0;
    for (const x of xs) hs.push((h = Math.tanh(W.data[0] * h + x.reduce((s, xk, k) => s + W.data[1 + k] * xk, 0) + params.b[0])));
    const d2 = readoutGradient(readout, Float64Array.of(hs[2]), targets[2])[0];
    const d1 = d2 * (1 - hs[2] ** 2) * W.data[0];
    const d0 = d1 * (1 - hs[1] ** 2) * W.data[0];
    const flow = rnnGradientFlow(params, readout, config, seed, 1);
    expect(flow.dh).toHaveLength(3);
    flow.dh.forEach((g, t) => expect(g, `step ${t}`).toBeCloseTo(Math.abs([d0, d1, d2][t]), 8));
  });
});

describe('lstmGradientFlow', () => {
  it('at the chrono initialisation of the graded configuration, carries at least 100 times more gradient to C_0 than the RNN to h_0', () => {
    for (const seed of [42, 1]) {
      const config = gradedConfig(seed);
      const flowSeed = evaluationSeed(seed) + 2; // the sequences grade.ts draws for its charts
      const lstm = initLstmParams(config);
      const rnn = initRnnParams(config);
      const lstmFlow = lstmGradientFlow(lstm.params, lstm.readout, config, flowSeed);
      const rnnFlow = rnnGradientFlow(rnn.params, rnn.readout, config, flowSeed);
      expect(lstmFlow.dh).toHaveLength(sequenceLength(config));
      expect(lstmFlow.dc).toHaveLength(sequenceLength(config));
      expect(rnnFlow.dh[0]).toBeGreaterThan(0);
      expect(lstmFlow.dc![0] / rnnFlow.dh[0], `seed ${seed}`).toBeGreaterThanOrEqual(100);
    }
  });

  it('equals ∂L/∂h and ∂L/∂C written out by hand at the last step of a tiny LSTM', () => {
    const config = small(2);
    const rng = new Random(17);
    const gate = (): Gate => ({ W: rng.matrix(2, 6, -0.8, 0.8), b: rng.vector(2, -0.5, 0.5) });
    const params: LstmParams = { forget: gate(), input: gate(), candidate: gate(), output: gate() };
    const readout: ReadoutParams = { W: rng.matrix(3, 2), b: rng.vector(3) };
    const seed = 9;
    const { xs, targets } = firstSequence(config, seed);
    const affine = (g: Gate, r: number, h: Vector, x: Vector) =>
      g.b[r] + h.reduce((s, v, k) => s + g.W.data[r * 6 + k] * v, 0) + x.reduce((s, v, k) => s + g.W.data[r * 6 + 2 + k] * v, 0);
    let h: Vector = new Float64Array(2);
    let c: Vector = new Float64Array(2);
    let o: Vector = new Float64Array(2);
    for (const x of xs) {
      const prevH = h;
      o = Float64Array.from([0, 1], (r) => sigmoid(affine(params.output, r, prevH, x)));
      c = Float64Array.from(
        [0, 1],
        (r) =>
          sigmoid(affine(params.forget, r, prevH, x)) * c[r] +
          sigmoid(affine(params.input, r, prevH, x)) * Math.tanh(affine(params.candidate, r, prevH, x)),
      );
      h = c.map((ck, r) => o[r] * Math.tanh(ck));
    }
    const last = xs.length - 1;
    // L is the mean over the S = 2 recall positions; at the last step only its own term depends on the state.
    const dh = readoutGradient(readout, h, targets[last]).map((g) => g / config.length);
    const dc = dh.map((g, r) => g * o[r] * (1 - Math.tanh(c[r]) ** 2));
    const flow = lstmGradientFlow(params, readout, config, seed, 1);
    expect(flow.dh[last]).toBeCloseTo(norm(dh), 8);
    expect(flow.dc![last]).toBeCloseTo(norm(dc), 8);
    expect(flow.dc![last]).toBeGreaterThan(1e-3);
  });

  it('equals perturbing the state at every step and re-running the rest of the sequence (H = 3, random weights)', () => {
    const config = small(3);
    const rng = new Random(23);
    const cols = 3 + config.symbols + 2;
    const gate = (): Gate => ({ W: rng.matrix(3, cols, -1.2, 1.2), b: rng.vector(3, -0.5, 0.5) });
    const params: LstmParams = { forget: gate(), input: gate(), candidate: gate(), output: gate() };
    const readout: ReadoutParams = { W: rng.matrix(3, 3, -1, 1), b: rng.vector(3) };
    const seed = 11;
    const { xs, targets } = firstSequence(config, seed);
    const affine = (g: Gate, r: number, h: Vector, x: Vector) =>
      g.b[r] + h.reduce((s, v, k) => s + g.W.data[r * cols + k] * v, 0) + x.reduce((s, v, k) => s + g.W.data[r * cols + 3 + k] * v, 0);
    const step = (h: Vector, c: Vector, x: Vector) => {
      const o = Float64Array.from([0, 1, 2], (r) => sigmoid(affine(params.output, r, h, x)));
      const next = Float64Array.from(
        [0, 1, 2],
        (r) =>
          sigmoid(affine(params.forget, r, h, x)) * c[r] +
          sigmoid(affine(params.input, r, h, x)) * Math.tanh(affine(params.candidate, r, h, x)),
      );
      return { h: next.map((v, r) => o[r] * Math.tanh(v)), c: next, o };
    };
    const crossEntropy = (h: Vector, target: number) => {
      const logits = Array.from({ length: 3 }, (_, r) => readout.b[r] + h.reduce((s, v, k) => s + readout.W.data[r * 3 + k] * v, 0));
      return Math.log(logits.reduce((s, l) => s + Math.exp(l), 0)) - logits[target];
    };
    const recall = recallStart(config);
    const states = [step(new Float64Array(3), new Float64Array(3), xs[0])];
    for (let t = 1; t < xs.length; t++) states.push(step(states[t - 1].h, states[t - 1].c, xs[t]));
    /** The recall loss when the state after step t is (h, c): the rest of the sequence run again. */
    const lossFrom = (t: number, h: Vector, c: Vector) => {
      let loss = t >= recall ? crossEntropy(h, targets[t]) : 0;
      for (let u = t + 1; u < xs.length; u++) {
        ({ h, c } = step(h, c, xs[u]));
        if (u >= recall) loss += crossEntropy(h, targets[u]);
      }
      return loss / config.length;
    };
    const shifted = (v: Vector, k: number, d: number) => v.map((e, j) => (j === k ? e + d : e));
    const flow = lstmGradientFlow(params, readout, config, seed, 1);
    for (let t = 0; t < xs.length; t++) {
      const { h, c, o } = states[t];
      const dh = [0, 1, 2].map((k) => (lossFrom(t, shifted(h, k, 1e-6), c) - lossFrom(t, shifted(h, k, -1e-6), c)) / 2e-6);
      const withC = (cc: Vector) =>
        lossFrom(
          t,
          cc.map((v, r) => o[r] * Math.tanh(v)),
          cc,
        );
      const dc = [0, 1, 2].map((k) => (withC(shifted(c, k, 1e-6)) - withC(shifted(c, k, -1e-6))) / 2e-6);
      expect(flow.dh[t], `dh at step ${t}`).toBeCloseTo(norm(dh), 7);
      expect(flow.dc![t], `dc at step ${t}`).toBeCloseTo(norm(dc), 7);
    }
    expect(flow.dc![0]).toBeGreaterThan(1e-4);
  });

  it('draws the same sequences from the same seed', () => {
    const config = small(2);
    const { params, readout } = initLstmParams(config);
    expect(lstmGradientFlow(params, readout, config, 4)).toEqual(lstmGradientFlow(params, readout, config, 4));
    expect(lstmGradientFlow(params, readout, config, 4)).not.toEqual(lstmGradientFlow(params, readout, config, 5));
  });
});
