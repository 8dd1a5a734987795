/**
 * The vanishing gradient made visible (issue 13): how much gradient of the recall loss reaches
 * each time step, ‖∂L/∂h_t‖ and, for the LSTM, ‖∂L/∂C_t‖, for given weights. Computed on the
 * trusted side from the forward step alone, so it needs no backward code: it works the same for
 * the student's returned weights, the reference's and the RNN's, and in the student template.
 *
 * Backwards through time, one step at a time: with g_{t+1}, the gradient of the loss after step
 * t + 1 with respect to that step's state, the loss after step t is linear in the next state to
 * first order, ℓ_t(h_t) + g_{t+1} · step(state_t), and central finite differences of that one
 * step give g_t. That costs O(T·H) steps where perturbing the state and re-running the rest of
 * the sequence costs O(T²·H) (25 s against under 1 s at delay 100); the test checks that both agree.
 *
 * L is the mean cross-entropy of the readout over the S recall positions, the only place the
 * remembered symbols are asked for: the picture shows how far back that signal travels.
 */
import { Random } from '../../lib/random';
import type { Gate, LstmParams, Vector } from '../../lib/types';
import { inputSize, sequenceLength, type CopyTaskConfig } from './config';
import { fillCopySequence, recallStart, writeOneHot } from './data';
import type { RnnParams } from './init';
import type { ReadoutParams } from './readout';

/** Mean norms over the sequences, one per time step (0 … T + 2S − 1). */
export interface GradientFlow {
  dh: number[];
  /** The cell state's, for an LSTM. */
  dc?: number[];
}

/** Central-difference step for states of order 1. */
const STEP = 1e-6;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** W·[h; x] + b for row r. */
function affineRow(gate: Gate, r: number, h: Vector, x: Vector): number {
  const cols = gate.W.cols;
  const H = h.length;
  let z = gate.b[r];
  for (let c = 0; c < H; c++) z += gate.W.data[r * cols + c] * h[c];
  for (let c = 0; c < x.length; c++) z += gate.W.data[r * cols + H + c] * x[c];
  return z;
}

/** Cross-entropy of softmax(W·h + b) for the target class. */
function readoutLoss(readout: ReadoutParams, h: Vector, target: number): number {
  const { W, b } = readout;
  const logits = new Float64Array(W.rows);
  let max = -Infinity;
  for (let r = 0; r < W.rows; r++) {
    let z = b[r];
    for (let c = 0; c < W.cols; c++) z += W.data[r * W.cols + c] * h[c];
    logits[r] = z;
    max = Math.max(max, z);
  }
  let total = 0;
  for (const z of logits) total += Math.exp(z - max);
  return max + Math.log(total) - logits[target];
}

/** A recurrent model, one step at a time: state → next state, and the hidden part of a state. */
interface Stepper<S> {
  step(state: S, x: Vector): S;
  hidden(state: S): Vector;
  /** The differentiable parts of a state, by name; perturbing one must go through `rebuild`. */
  parts: string[];
  read(state: S, part: string): Vector;
  /** The state with `part` replaced (e.g. the cell state, with h recomputed from it): what the chart's perturbation means. */
  rebuild(state: S, part: string, value: Vector): S;
  /** The state with `part` replaced and every other part kept: the chain rule's independent variables. */
  replace(state: S, part: string, value: Vector): S;
  /** The parts whose rebuild() also moves another part (for the others, rebuild and replace agree). */
  coupled: readonly string[];
}

interface LstmState {
  h: Vector;
  c: Vector;
  /** The output gate of the step that made this state, to recompute h from a perturbed c. */
  o: Vector;
}

function lstmStepper(params: LstmParams): Stepper<LstmState> {
  return {
    step(state, x) {
      const H = state.h.length;
      const h = new Float64Array(H);
      const c = new Float64Array(H);
      const o = new Float64Array(H);
      for (let r = 0; r < H; r++) {
        const f = sigmoid(affineRow(params.forget, r, state.h, x));
        const i = sigmoid(affineRow(params.input, r, state.h, x));
        const g = Math.tanh(affineRow(params.candidate, r, state.h, x));
        o[r] = sigmoid(affineRow(params.output, r, state.h, x));
        c[r] = f * state.c[r] + i * g;
        h[r] = o[r] * Math.tanh(c[r]);
      }
      return { h, c, o };
    },
    hidden: (state) => state.h,
    parts: ['h', 'c'],
    read: (state, part) => (part === 'h' ? state.h : state.c),
    rebuild: (state, part, value) =>
      part === 'h' ? { ...state, h: value } : { ...state, c: value, h: value.map((v, k) => state.o[k] * Math.tanh(v)) },
    replace: (state, part, value) => (part === 'h' ? { ...state, h: value } : { ...state, c: value }),
    coupled: ['c'],
  };
}

function rnnStepper(params: RnnParams): Stepper<Vector> {
  const gate = { W: params.W, b: params.b };
  return {
    step: (h, x) => h.map((_, r) => Math.tanh(affineRow(gate, r, h, x))),
    hidden: (h) => h,
    parts: ['h'],
    read: (h) => h,
    rebuild: (_h, _part, value) => value,
    replace: (_h, _part, value) => value,
    coupled: [],
  };
}

function flow<S>(
  stepper: Stepper<S>,
  start: S,
  readout: ReadoutParams,
  config: CopyTaskConfig,
  seed: number,
  sequences: number,
): GradientFlow {
  const L = sequenceLength(config);
  const recall = recallStart(config);
  const rng = new Random(seed);
  const sums = new Map(stepper.parts.map((p) => [p, new Float64Array(L)]));
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  for (let s = 0; s < sequences; s++) {
    fillCopySequence(rng, config, inputs, targets);
    const xs = Array.from(inputs, (token) => {
      const x = new Float64Array(inputSize(config));
      writeOneHot(x, token);
      return x;
    });
    const states: S[] = [];
    let state = start;
    for (let t = 0; t < L; t++) states.push((state = stepper.step(state, xs[t])));
    /** Gradient of the loss after step t + 1 with respect to each part of its state, parts held independent. */
    let next: Map<string, Float64Array> | undefined;
    for (let t = L - 1; t >= 0; t--) {
      const ahead = next;
      /** The loss from step t on, to first order, when the state after step t is `from`. */
      const lossFrom = (from: S): number => {
        let loss = t >= recall ? readoutLoss(readout, stepper.hidden(from), targets[t]) / config.length : 0;
        if (ahead !== undefined) {
          const after = stepper.step(from, xs[t + 1]);
          for (const part of stepper.parts) {
            const value = stepper.read(after, part);
            const g = ahead.get(part)!;
            for (let k = 0; k < value.length; k++) loss += g[k] * value[k];
          }
        }
        return loss;
      };
      const derivative = (part: string, k: number, coupled: boolean): number => {
        const shifted = (delta: number) => {
          const value = Float64Array.from(stepper.read(states[t], part));
          value[k] += delta;
          return lossFrom(coupled ? stepper.rebuild(states[t], part, value) : stepper.replace(states[t], part, value));
        };
        return (shifted(STEP) - shifted(-STEP)) / (2 * STEP);
      };
      const gradient = new Map<string, Float64Array>();
      for (const part of stepper.parts) {
        const size = stepper.read(states[t], part).length;
        const independent = new Float64Array(size);
        let squared = 0;
        for (let k = 0; k < size; k++) {
          independent[k] = derivative(part, k, false);
          // What the chart shows: the part perturbed as rebuild() does (h follows a perturbed C).
          const shown = stepper.coupled.includes(part) ? derivative(part, k, true) : independent[k];
          squared += shown * shown;
        }
        gradient.set(part, independent);
        sums.get(part)![t] += Math.sqrt(squared);
      }
      next = gradient;
    }
  }
  const mean = (part: string) => Array.from(sums.get(part)!, (v) => v / sequences);
  return stepper.parts.includes('c') ? { dh: mean('h'), dc: mean('c') } : { dh: mean('h') };
}

/** ‖∂L/∂h_t‖ and ‖∂L/∂C_t‖ of an LSTM, averaged over `sequences` fresh sequences drawn from `seed`. */
export function lstmGradientFlow(
  params: LstmParams,
  readout: ReadoutParams,
  config: CopyTaskConfig,
  seed: number,
  sequences = 4,
): GradientFlow {
  const H = params.forget.W.rows;
  return flow(
    lstmStepper(params),
    { h: new Float64Array(H), c: new Float64Array(H), o: new Float64Array(H) },
    readout,
    config,
    seed,
    sequences,
  );
}

/** ‖∂L/∂h_t‖ of the vanilla RNN, on the same sequences. */
export function rnnGradientFlow(
  params: RnnParams,
  readout: ReadoutParams,
  config: CopyTaskConfig,
  seed: number,
  sequences = 4,
): GradientFlow {
  return flow(rnnStepper(params), new Float64Array(params.W.rows), readout, config, seed, sequences);
}
