import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../../lib/random';
import type { LstmParams } from '../../../lib/types';
import { withinTolerance } from '../../../grader/engine/finite-difference';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { lstmBackward, lstmForward } from '../../../solutions/09-lstm-sequence/lstm-sequence';
import { SequentialLstm } from './sequential-models';

// solutions/09 computes the same equations with other groupings (a separate affine per gate), so
// it agrees to rounding only; the old FastLstm loops (SequentialLstm) agree bit for bit.
const TOLERANCE = { atol: 1e-12, rtol: 1e-10 };
const KERNELS = ['webassembly', 'typescript'] as const;

const shapes = fc.record({
  H: fc.integer({ min: 1, max: 6 }),
  D: fc.integer({ min: 1, max: 5 }),
  T: fc.integer({ min: 1, max: 8 }),
  sequences: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  scale: fc.integer({ min: 100, max: 3000 }).map((v) => v / 1000),
});

function randomParams(rng: Random, H: number, D: number, scale: number): LstmParams {
  const gate = () => ({ W: rng.matrix(H, H + D, -scale, scale), b: rng.vector(H, -scale, scale) });
  return { forget: gate(), input: gate(), candidate: gate(), output: gate() };
}

function expectClose(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const bad = Array.from(actual).findIndex((a, k) => !withinTolerance(a, expected[k], TOLERANCE));
  expect(bad, `${what}[${bad}]: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const bad = Array.from(actual).findIndex((a, k) => !Object.is(a, expected[k]));
  expect(bad, `${what}[${bad}]: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe('FastLstm, one sequence at a time', () => {
  it('equals solutions/09-lstm-sequence forward and backward (states, gates, parameter gradients, dh0, dc0)', () => {
    const details = fc.check(
      fc.property(shapes, ({ H, D, T, seed, scale }) => {
        const rng = new Random(seed);
        const params = randomParams(rng, H, D, scale);
        const xs = Array.from({ length: T }, () => rng.vector(D, -scale, scale));
        const dhs = Array.from({ length: T }, () => rng.vector(H, -1, 1));
        const expected = lstmForward(params, xs, new Float64Array(H), new Float64Array(H));
        const back = lstmBackward(params, expected.caches, dhs, new Float64Array(H));
        const fast = new FastLstm(params, T);
        const hs = fast.forward(xs);
        const cs = fast.cellStates();
        const forget = fast.gateActivations('forget');
        const input = fast.gateActivations('input');
        for (let t = 0; t < T; t++) {
          expectClose(hs[t], expected.hs[t], `hs[${t}]`);
          expectClose(cs[t], expected.cs[t], `cs[${t}]`);
          expectClose(forget[t], expected.caches[t].f, `f[${t}]`);
          expectClose(input[t], expected.caches[t].i, `i[${t}]`);
        }
        fast.backward(dhs);
        const gates = ['forget', 'input', 'candidate', 'output'] as const;
        gates.forEach((gate, g) => {
          expectClose(fast.gradients[2 * g], back.grads[gate].dW.data, `${gate}.dW`);
          expectClose(fast.gradients[2 * g + 1], back.grads[gate].db, `${gate}.db`);
        });
        const { dh0, dc0 } = fast.initialStateGradients();
        expectClose(dh0, back.dh0, 'dh0');
        expectClose(dc0, back.dc0, 'dc0');
      }),
      { numRuns: 150, seed: 3 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('accumulates gradients over calls and stays finite at saturated gates', () => {
    const rng = new Random(4);
    const params = randomParams(rng, 3, 2, 30);
    const xs = [Float64Array.of(1000, -1000), Float64Array.of(-30, 30)];
    const dhs = [rng.vector(3), rng.vector(3)];
    const fast = new FastLstm(params, 2);
    fast.forward(xs);
    fast.backward(dhs);
    const once = fast.gradients.map((g) => Float64Array.from(g));
    fast.forward(xs);
    fast.backward(dhs);
    fast.gradients.forEach((g, j) =>
      expectClose(
        g,
        once[j].map((v) => 2 * v),
        `gradient ${j}`,
      ),
    );
    for (const g of fast.gradients) expect(g.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad arguments, naming the method and the argument', () => {
    const fast = new FastLstm(randomParams(new Random(1), 2, 2, 1), 3);
    expect(() => fast.forward([new Float64Array(2)])).toThrow('FastLstm.forward: argument xs must hold 3 vectors, got 1');
    expect(() => fast.forward([new Float64Array(2), new Float64Array(3), new Float64Array(2)])).toThrow(
      'FastLstm.forward: argument xs[1] must be a Float64Array of length 2',
    );
    expect(() => fast.forwardBatch(2)).toThrow(
      'FastLstm.forwardBatch: argument sequences must be a whole number from 1 to the 1 reserved, got 2',
    );
    expect(() => fast.gateActivations('remember' as never)).toThrow(
      'FastLstm.gateActivations: argument gate must be one of forget, input, candidate, output, got remember',
    );
    expect(() => fast.setInputs(new Float64Array(5), 2)).toThrow(
      'FastLstm.setInputs: argument inputs must be a Float64Array of at least 2 × 3 × 2 numbers',
    );
    const wrong = randomParams(new Random(1), 2, 2, 1);
    wrong.output.b = new Float64Array(3);
    expect(() => new FastLstm(wrong, 3)).toThrow('FastLstm: argument params.output.b must be');
  });
});

describe('FastLstm, whole batches', () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: bit-identical to the old one-sequence-at-a-time loops, every state and every gradient`, () => {
      const details = fc.check(
        fc.property(shapes, ({ H, D, T, sequences, seed, scale }) => {
          const rng = new Random(seed);
          const params = randomParams(rng, H, D, scale);
          const inputs = rng.vector(sequences * T * D, -scale, scale);
          const upstream = rng.vector(sequences * T * H, -1, 1);
          const xsOf = (s: number) => Array.from({ length: T }, (_, t) => inputs.subarray((s * T + t) * D, (s * T + t + 1) * D));
          const dhsOf = (s: number) => Array.from({ length: T }, (_, t) => upstream.subarray((s * T + t) * H, (s * T + t + 1) * H));

          const batched = new FastLstm(params, T, { kernel });
          batched.setInputs(inputs, sequences);
          batched.forwardBatch(sequences);
          const heap = batched.arena.heap;
          expectIdentical(
            heap.subarray(batched.hiddenStates, batched.hiddenStates + sequences * T * H),
            sequentialStates(params, T, sequences, xsOf),
            'hidden states',
          );
          heap.set(upstream, batched.hiddenGradients);
          batched.backwardBatch(sequences);

          // The old trainer's order: forward and backward of sequence 0, then 1, … into one accumulator.
          const sequential = new SequentialLstm(params, T);
          for (let s = 0; s < sequences; s++) {
            sequential.forward(xsOf(s));
            sequential.backward(dhsOf(s));
          }
          batched.gradients.forEach((g, j) => expectIdentical(g, sequential.gradients[j], `gradient ${j}`));
          const last = batched.initialStateGradients(sequences - 1);
          const old = sequential.initialStateGradients();
          expectIdentical(last.dh0, old.dh0, 'dh0 of the last sequence');
          expectIdentical(last.dc0, old.dc0, 'dc0 of the last sequence');
        }),
        { numRuns: 120, seed: 4 },
      );
      expect(details.failed, String(details.counterexample)).toBe(false);
    });
  }

  it('the one-sequence path is bit-identical to the old loops too, also when gradients accumulate over calls', () => {
    const rng = new Random(9);
    const params = randomParams(rng, 5, 3, 1);
    const fast = new FastLstm(params, 7);
    const old = new SequentialLstm(params, 7);
    for (let call = 0; call < 3; call++) {
      const xs = Array.from({ length: 7 }, () => rng.vector(3, -2, 2));
      const dhs = Array.from({ length: 7 }, () => rng.vector(5, -1, 1));
      const hs = fast.forward(xs);
      const oldHs = old.forward(xs);
      hs.forEach((h, t) => expectIdentical(h, oldHs[t], `call ${call} hs[${t}]`));
      fast.backward(dhs);
      old.backward(dhs);
    }
    fast.gradients.forEach((g, j) => expectIdentical(g, old.gradients[j], `gradient ${j}`));
  });

  it('grows its batch on demand and still gives the same numbers in slot 0', () => {
    const rng = new Random(5);
    const params = randomParams(rng, 4, 3, 1);
    const xs = Array.from({ length: 6 }, () => rng.vector(3));
    const fast = new FastLstm(params, 6);
    const before = fast.forward(xs).map((h) => Float64Array.from(h));
    fast.reserve(32);
    expect(fast.capacity).toBe(32);
    const after = fast.forward(xs);
    after.forEach((h, t) => expectIdentical(h, before[t], `hs[${t}]`));
  });
});

/** Hidden states of each sequence through the old loops, laid out like FastLstm.hiddenStates. */
function sequentialStates(params: LstmParams, T: number, sequences: number, xsOf: (s: number) => Float64Array[]): Float64Array {
  const H = params.forget.b.length;
  const old = new SequentialLstm(params, T);
  const out = new Float64Array(sequences * T * H);
  for (let s = 0; s < sequences; s++) old.forward(xsOf(s)).forEach((h, t) => out.set(h, (s * T + t) * H));
  return out;
}
