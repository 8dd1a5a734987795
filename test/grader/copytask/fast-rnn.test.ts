import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../../lib/random';
import { numericalGradient, withinTolerance } from '../../../grader/engine/finite-difference';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { SequentialRnn } from './sequential-models';

const shapes = fc.record({
  H: fc.integer({ min: 1, max: 5 }),
  D: fc.integer({ min: 1, max: 5 }),
  T: fc.integer({ min: 1, max: 8 }),
  sequences: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  scale: fc.integer({ min: 100, max: 3000 }).map((v) => v / 1000),
});

function identicalAt(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  return Array.from(actual).findIndex((a, k) => !Object.is(a, expected[k]));
}

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

  for (const kernel of ['webassembly', 'typescript'] as const) {
    it(`${kernel}: a whole batch is bit-identical to the old loops run one sequence after another`, () => {
      const details = fc.check(
        fc.property(shapes, ({ H, D, T, sequences, seed, scale }) => {
          const rng = new Random(seed);
          const params = { W: rng.matrix(H, H + D, -scale, scale), b: rng.vector(H, -scale, scale) };
          const inputs = rng.vector(sequences * T * D, -1, 1);
          const upstream = rng.vector(sequences * T * H, -1, 1);
          const batched = new FastRnn(params, T, { kernel });
          batched.setInputs(inputs, sequences);
          batched.forwardBatch(sequences);
          const states = Float64Array.from(batched.arena.view(batched.hiddenStates, sequences * T * H));
          batched.arena.heap.set(upstream, batched.hiddenGradients);
          batched.backwardBatch(sequences);

          const old = new SequentialRnn(params, T);
          const oldStates = new Float64Array(sequences * T * H);
          for (let s = 0; s < sequences; s++) {
            const xs = Array.from({ length: T }, (_, t) => inputs.subarray((s * T + t) * D, (s * T + t + 1) * D));
            old.forward(xs).forEach((h, t) => oldStates.set(h, (s * T + t) * H));
            old.backward(Array.from({ length: T }, (_, t) => upstream.subarray((s * T + t) * H, (s * T + t + 1) * H)));
          }
          return identicalAt(states, oldStates) === -1 && batched.gradients.every((g, j) => identicalAt(g, old.gradients[j]) === -1);
        }),
        { numRuns: 120, seed: 6 },
      );
      expect(details.failed, String(details.counterexample)).toBe(false);
    });
  }

  it('rejects bad arguments, naming the method and the argument', () => {
    const params = { W: new Random(1).matrix(2, 4, -1, 1), b: new Float64Array(2) };
    const rnn = new FastRnn(params, 3);
    expect(() => rnn.forward([])).toThrow('FastRnn.forward: argument xs must hold 3 vectors, got 0');
    expect(() => rnn.backwardBatch(0)).toThrow(
      'FastRnn.backwardBatch: argument sequences must be a whole number from 1 to the 1 reserved, got 0',
    );
    expect(() => new FastRnn({ W: params.W, b: new Float64Array(3) }, 3)).toThrow(
      'FastRnn: argument params must have W of 2 × (2 + D) and b of 2',
    );
  });
});
