/**
 * The batched affine map z = W·[h_{t−1}; x_t] + b of FastLstm and FastRnn, against plain loops
 * over sequences, steps, rows and columns, on both matrix-product kernels.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import { Arena } from '../../../grader/copytask/kernels/arena';
import { RecurrentAffine } from '../../../grader/copytask/recurrent-affine';

const KERNELS = ['typescript', 'webassembly'] as const;
/** Two stacked gates of H rows each, as in a small LSTM. */
const H = 3;
const D = 2;
const L = 4;
const X = H + D;
const GATES = 2;
const G = GATES * H;

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(Math.abs(actual[k] - expected[k]), `${what}[${k}]`).toBeLessThan(1e-13);
}

/** An affine map with random weights, inputs x and previous hidden states h for `n` sequences. */
function setUp(kernel: (typeof KERNELS)[number], n: number, seed: number) {
  const random = new Random(seed);
  const arena = new Arena(kernel);
  const affine = new RecurrentAffine(arena, G, H, D, L);
  affine.reserve(n);
  const weights = Array.from({ length: GATES }, () => random.vector(H * X));
  const biases = Array.from({ length: GATES }, () => random.vector(H));
  affine.loadParameters(weights, biases, n > 1);
  const inputs = random.vector(n * L * D);
  affine.setInputs(inputs, n);
  // hPrev[s][t]: what the model writes into the row before step t.
  const hPrev = Array.from({ length: n }, () => Array.from({ length: L }, () => random.vector(H)));
  for (let s = 0; s < n; s++) for (let t = 0; t < L; t++) arena.heap.set(hPrev[s][t], affine.hxRow(s, t));
  /** [h_{t−1}; x_t] of sequence s at step t, built by hand. */
  const hx = (s: number, t: number) => [...hPrev[s][t], ...inputs.subarray((s * L + t) * D, (s * L + t + 1) * D)];
  /** Row r of the stacked W (gate r / H, row r % H of it). */
  const W = (r: number, c: number) => weights[Math.floor(r / H)][(r % H) * X + c];
  const b = (r: number) => biases[Math.floor(r / H)][r % H];
  return { random, arena, affine, weights, biases, hx, W, b };
}

describe('RecurrentAffine', () => {
  for (const kernel of KERNELS) {
    for (const n of [1, 3]) {
      it(`${kernel}, ${n} sequence(s): preactivations are b + W·[h_{t−1}; x_t] of every sequence`, () => {
        const { arena, affine, hx, W, b } = setUp(kernel, n, 10 + n);
        const out = arena.alloc(n * G);
        for (let t = 0; t < L; t++) {
          affine.preactivations(t, n, out, G);
          for (let s = 0; s < n; s++) {
            const row = hx(s, t);
            const expected = Array.from({ length: G }, (_, r) => row.reduce((sum, v, c) => sum + W(r, c) * v, b(r)));
            closeTo(arena.view(out + s * G, G), expected, `z of sequence ${s} at step ${t}`);
          }
        }
      });
    }

    it(`${kernel}: hiddenGradient is dzStep·W_h, the gradient reaching h_{t−1}`, () => {
      const n = 3;
      const { random, arena, affine, W } = setUp(kernel, n, 21);
      const dz = Array.from({ length: n }, () => random.vector(G));
      for (let s = 0; s < n; s++) arena.heap.set(dz[s], affine.dzStep + s * G);
      arena.heap.fill(7, affine.dhPrev, affine.dhPrev + n * H); // stale values are overwritten, not added to
      affine.hiddenGradient(n);
      for (let s = 0; s < n; s++) {
        const expected = Array.from({ length: H }, (_, c) => dz[s].reduce((sum, v, r) => sum + v * W(r, c), 0));
        closeTo(arena.view(affine.dhPrev + s * H, H), expected, `dh_{t−1} of sequence ${s}`);
      }
    });

    it(`${kernel}: accumulateGradients adds Σ dz ⊗ [h; x] and Σ dz over sequences and steps to the running gradients`, () => {
      const n = 2;
      const { random, arena, affine, hx } = setUp(kernel, n, 33);
      const dz = Array.from({ length: n }, () => Array.from({ length: L }, () => random.vector(G)));
      for (let s = 0; s < n; s++) {
        for (let t = 0; t < L; t++) {
          for (let r = 0; r < G; r++) arena.heap[affine.dzT + r * affine.dzStride + affine.dzColumn(s, t)] = dz[s][t][r];
        }
      }
      const dW = Array.from({ length: GATES }, () => random.vector(H * X));
      const db = Array.from({ length: GATES }, () => random.vector(H));
      const expectedW = dW.map((g) => Array.from(g));
      const expectedB = db.map((g) => Array.from(g));
      for (let s = 0; s < n; s++) {
        for (let t = 0; t < L; t++) {
          const row = hx(s, t);
          for (let r = 0; r < G; r++) {
            const gate = Math.floor(r / H);
            for (let c = 0; c < X; c++) expectedW[gate][(r % H) * X + c] += dz[s][t][r] * row[c];
            expectedB[gate][r % H] += dz[s][t][r];
          }
        }
      }
      affine.accumulateGradients(n, dW, db);
      for (let g = 0; g < GATES; g++) {
        closeTo(dW[g], expectedW[g], `dW of gate ${g}`);
        closeTo(db[g], expectedB[g], `db of gate ${g}`);
      }
    });
  }

  it('reserve grows the per-batch regions only when asked for more sequences', () => {
    const affine = new RecurrentAffine(new Arena('typescript'), G, H, D, L);
    expect(affine.columns).toBe(X);
    expect(affine.capacity).toBe(0);
    affine.reserve(2);
    const regions = [affine.hx, affine.dzT, affine.dzStep, affine.dhPrev];
    expect(affine.capacity).toBe(2);
    expect(affine.dzStride).toBe(2 * L);
    affine.reserve(1);
    expect([affine.hx, affine.dzT, affine.dzStep, affine.dhPrev]).toEqual(regions);
    affine.reserve(5);
    expect(affine.capacity).toBe(5);
    expect(affine.dzStride).toBe(5 * L);
    // Fresh regions past the old ones: the hx rows of 5 sequences fit before dzT starts.
    expect(affine.hx).toBeGreaterThan(regions[3]);
    expect(affine.dzT - affine.hx).toBeGreaterThanOrEqual(5 * L * X);
    // Rows run time-reversed inside a sequence, sequences in order.
    expect(affine.hxRow(0, L - 1)).toBe(affine.hx);
    expect(affine.hxRow(1, 0) - affine.hxRow(0, 0)).toBe(L * X);
    expect(affine.dzColumn(1, L - 1)).toBe(L);
  });
});
