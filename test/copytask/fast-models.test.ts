import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../lib/random';
import type { LstmParams } from '../../lib/types';
import { numericalGradient, withinTolerance } from '../../grader/engine/finite-difference';
import { FastLstm } from '../../grader/copytask/fast-lstm';
import { FastRnn } from '../../grader/copytask/fast-rnn';
import { lstmBackward, lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';

const TOLERANCE = { atol: 1e-12, rtol: 1e-10 };
const shapes = fc.record({
  H: fc.integer({ min: 1, max: 5 }),
  D: fc.integer({ min: 1, max: 5 }),
  T: fc.integer({ min: 1, max: 8 }),
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

describe('FastLstm', () => {
  it('equals solutions/09-lstm-sequence forward and backward (states, parameter gradients, dh0, dc0)', () => {
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
        for (let t = 0; t < T; t++) {
          expectClose(hs[t], expected.hs[t], `hs[${t}]`);
          expectClose(cs[t], expected.cs[t], `cs[${t}]`);
          expectClose(fast.forgetGates.subarray(t * H, (t + 1) * H), expected.caches[t].f, `f[${t}]`);
          expectClose(fast.inputGates.subarray(t * H, (t + 1) * H), expected.caches[t].i, `i[${t}]`);
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
    fast.gradients.forEach((g, j) => expectClose(g, once[j].map((v) => 2 * v), `gradient ${j}`));
    for (const g of fast.gradients) expect(g.every(Number.isFinite)).toBe(true);
  });

  it('rejects a sequence of the wrong length', () => {
    const fast = new FastLstm(randomParams(new Random(1), 2, 2, 1), 3);
    expect(() => fast.forward([new Float64Array(2)])).toThrow('FastLstm.forward: argument xs must hold 3 vectors, got 1');
  });
});

describe('FastRnn', () => {
  it('gives the gradient of ⟨u, hs⟩ by finite differences', () => {
    const details = fc.check(
      fc.property(shapes, ({ H, D, T, seed, scale }) => {
        const rng = new Random(seed);
        const params = { W: rng.matrix(H, H + D, -scale, scale), b: rng.vector(H, -scale, scale) };
        const xs = Array.from({ length: T }, () => rng.vector(D, -1, 1));
        const dhs = Array.from({ length: T }, () => rng.vector(H, -1, 1));
        const rnn = new FastRnn(params, T);
        rnn.forward(xs);
        rnn.backward(dhs);
        const loss = () => {
          const hs = rnn.forward(xs);
          let sum = 0;
          for (let t = 0; t < T; t++) for (let k = 0; k < H; k++) sum += dhs[t][k] * hs[t][k];
          return sum;
        };
        const tolerance = { atol: 1e-8, rtol: 1e-6 };
        [params.W.data, params.b].forEach((p, j) => {
          const numerical = numericalGradient(loss, p);
          const bad = Array.from(rnn.gradients[j]).findIndex((a, k) => !withinTolerance(a, numerical[k], tolerance));
          expect(bad, `parameter ${j} entry ${bad}`).toBe(-1);
        });
      }),
      { numRuns: 100, seed: 5 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });
});
