import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../../../lib/random';
import { Arena } from '../../../../grader/copytask/kernels/arena';
import { gemmProblem, gemmTypeScript } from '../../../../grader/copytask/kernels/gemm';
import { loadGemmWasm } from '../../../../grader/copytask/kernels/wasm';

/** One product on a fresh arena: operands at odd offsets and with padded strides, so no layout is special. */
interface Case {
  M: number;
  N: number;
  K: number;
  transposedA: boolean;
  padding: number;
  seed: number;
}

const cases = fc.record({
  M: fc.integer({ min: 1, max: 13 }),
  N: fc.integer({ min: 1, max: 21 }),
  K: fc.integer({ min: 1, max: 300 }),
  transposedA: fc.boolean(),
  padding: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

/** Lays the case out on `arena`; returns gemm's arguments after the heap. */
function layOut(
  arena: Arena,
  { M, N, K, transposedA, padding, seed }: Case,
): [number, number, number, number, number, number, number, number, number, number] {
  const aRows = transposedA ? K : M;
  const aCols = (transposedA ? M : K) + padding;
  const ldb = N + padding;
  const ldc = N + padding;
  const a = arena.alloc(aRows * aCols + 1) + 1;
  const b = arena.alloc(K * ldb + 1) + 1;
  const c = arena.alloc(M * ldc + 1) + 1;
  const rng = new Random(seed);
  const heap = arena.heap;
  // Values of mixed magnitude, so that the order of additions shows in the rounding.
  for (let k = 0; k < heap.length && k < c + M * ldc; k++) heap[k] = rng.uniform(-1, 1) * 10 ** rng.int(-3, 3);
  return transposedA ? [M, N, K, a, 1, aCols, b, ldb, c, ldc] : [M, N, K, a, aCols, 1, b, ldb, c, ldc];
}

/** The specification: each C element plus its products in ascending k, one multiply and one add at a time. */
function naiveGemm(
  heap: Float64Array,
  M: number,
  N: number,
  K: number,
  a: number,
  ars: number,
  acs: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = heap[c + i * ldc + j];
      for (let k = 0; k < K; k++) sum += heap[a + i * ars + k * acs] * heap[b + k * ldb + j];
      heap[c + i * ldc + j] = sum;
    }
  }
}

function resultOf(kernel: 'typescript' | 'webassembly' | 'naive', testCase: Case): Float64Array {
  const arena = new Arena(kernel === 'naive' ? 'typescript' : kernel);
  const args = layOut(arena, testCase);
  if (kernel === 'naive') naiveGemm(arena.heap, ...args);
  else arena.gemm(...args);
  return arena.heap.slice(0, args[8] + testCase.M * args[9]);
}

function bitIdentical(actual: Float64Array, expected: Float64Array): number {
  expect(actual.length).toBe(expected.length);
  return Array.from(actual).findIndex((v, k) => !Object.is(v, expected[k]));
}

describe('gemm kernels', () => {
  it('the WebAssembly kernel is built (npm ci runs npm run build:kernels) and loads on this Node', () => {
    const loaded = loadGemmWasm();
    expect(loaded.reason).toBeNull();
    expect(new Arena().kernel).toBe(process.env.LSTM_LAB_KERNEL === 'typescript' ? 'typescript' : 'webassembly');
  });

  it('TypeScript: C += A·B and C += Aᵀ·B bit for bit as the naive loop, and nothing else in the heap changes', () => {
    const details = fc.check(
      fc.property(cases, (testCase) => bitIdentical(resultOf('typescript', testCase), resultOf('naive', testCase)) === -1),
      { numRuns: 200, seed: 11 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('WebAssembly SIMD: bit for bit as the TypeScript kernel, across tile edges and K blocks', () => {
    const details = fc.check(
      fc.property(cases, (testCase) => bitIdentical(resultOf('webassembly', testCase), resultOf('typescript', testCase)) === -1),
      { numRuns: 200, seed: 12 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
    // K past one block of 256, and the sizes of the copy task at H = 128.
    for (const big of [
      { M: 16, N: 512, K: 138, transposedA: false, padding: 0, seed: 1 },
      { M: 512, N: 138, K: 520, transposedA: false, padding: 1, seed: 2 },
      { M: 9, N: 128, K: 600, transposedA: true, padding: 0, seed: 3 },
    ]) {
      expect(bitIdentical(resultOf('webassembly', big), resultOf('typescript', big)), JSON.stringify(big)).toBe(-1);
    }
  });

  it('keeps NaN and infinities where the naive loop has them', () => {
    for (const kernel of ['typescript', 'webassembly'] as const) {
      const arena = new Arena(kernel);
      const a = arena.alloc(4),
        b = arena.alloc(4),
        c = arena.alloc(4);
      arena.heap.set([Infinity, 1, 0, 1], a);
      arena.heap.set([0, 2, 3, Number.NaN], b);
      arena.gemm(2, 2, 2, a, 2, 1, b, 2, c, 2);
      expect(Array.from(arena.view(c, 4))).toEqual([Number.NaN, Number.NaN, 3, Number.NaN]);
    }
  });
});

describe('gemm argument checks', () => {
  it('names the argument or the operand that does not fit', () => {
    const heap = new Float64Array(20);
    expect(gemmProblem(heap, 2, 2, 2, 0, 2, 1, 4, 2, 8, 2)).toBeNull();
    expect(gemmProblem(heap, 2, -1, 2, 0, 2, 1, 4, 2, 8, 2)).toBe('argument N must be a whole number ≥ 0, got -1');
    expect(gemmProblem(heap, 2, 2, 2, 0, 2.5, 1, 4, 2, 8, 2)).toBe('argument aRowStride must be a whole number ≥ 0, got 2.5');
    expect(gemmProblem(heap, 2, 2, 2, 0, 2, 1, 18, 2, 8, 2)).toBe('operand B reaches element 21, past the heap of 20');
    expect(gemmProblem(heap, 0, 2, 2, 100, 2, 1, 100, 2, 100, 2)).toBeNull();
    const arena = new Arena('typescript');
    expect(() => arena.gemm(2, 2, 2, 0, 2, 1, 0, 2, arena.heap.length - 1, 2)).toThrow(
      `Arena.gemm: operand C reaches element ${arena.heap.length + 2}, past the heap of ${arena.heap.length}`,
    );
  });

  it('the TypeScript kernel alone (no checks) still computes an exact small case', () => {
    const heap = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0);
    gemmTypeScript(heap, 2, 2, 2, 0, 2, 1, 4, 2, 8, 2);
    expect(Array.from(heap.subarray(8))).toEqual([19, 22, 43, 50]);
  });
});
