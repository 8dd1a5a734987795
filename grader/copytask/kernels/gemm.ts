/**
 * C[M×N] += A[M×K]·B[K×N] in plain TypeScript: the fallback when WebAssembly SIMD is missing and
 * the reference the WebAssembly kernel (gemm.assembly.ts) is tested against, bit for bit.
 *
 * All operands live in one Float64Array `heap`; offsets and strides count elements. A(i, k) is at
 * a + i·aRowStride + k·aColStride, so one kernel serves A·B and Aᵀ·B; B and C are row-major.
 * Every C element is a chain of separate multiplies and adds in ascending k starting from its
 * value in C, the order of the original per-sequence loops, so tiling never changes a result.
 */
export type Gemm = (
  heap: Float64Array,
  M: number,
  N: number,
  K: number,
  a: number,
  aRowStride: number,
  aColStride: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
) => void;

/**
 * Why the product cannot run on `heap` (a negative or fractional argument, or an operand past
 * its end), or null when it can. Allocation-free, so it can guard every call.
 */
export function gemmProblem(
  heap: Float64Array,
  M: number,
  N: number,
  K: number,
  a: number,
  aRowStride: number,
  aColStride: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): string | null {
  if (!(
    isCount(M) &&
    isCount(N) &&
    isCount(K) &&
    isCount(a) &&
    isCount(aRowStride) &&
    isCount(aColStride) &&
    isCount(b) &&
    isCount(ldb) &&
    isCount(c) &&
    isCount(ldc)
  )) {
    const values = { M, N, K, a, aRowStride, aColStride, b, ldb, c, ldc };
    const [name, value] = Object.entries(values).find(([, v]) => !isCount(v)) as [string, number];
    return `argument ${name} must be a whole number ≥ 0, got ${value}`;
  }
  if (M === 0 || N === 0 || K === 0) return null;
  const lastA = a + (M - 1) * aRowStride + (K - 1) * aColStride;
  const lastB = b + (K - 1) * ldb + N - 1;
  const lastC = c + (M - 1) * ldc + N - 1;
  if (lastA >= heap.length) return `operand A reaches element ${lastA}, past the heap of ${heap.length}`;
  if (lastB >= heap.length) return `operand B reaches element ${lastB}, past the heap of ${heap.length}`;
  if (lastC >= heap.length) return `operand C reaches element ${lastC}, past the heap of ${heap.length}`;
  return null;
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** Register tile of 4 rows × 4 columns; the rest of the rows and columns one element at a time. */
export const gemmTypeScript: Gemm = (heap, M, N, K, a, aRowStride, aColStride, b, ldb, c, ldc) => {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + i * aRowStride,
      a1 = a0 + aRowStride,
      a2 = a1 + aRowStride,
      a3 = a2 + aRowStride;
    const c0 = c + i * ldc,
      c1 = c0 + ldc,
      c2 = c1 + ldc,
      c3 = c2 + ldc;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let s00 = heap[c0 + j],
        s01 = heap[c0 + j + 1],
        s02 = heap[c0 + j + 2],
        s03 = heap[c0 + j + 3];
      let s10 = heap[c1 + j],
        s11 = heap[c1 + j + 1],
        s12 = heap[c1 + j + 2],
        s13 = heap[c1 + j + 3];
      let s20 = heap[c2 + j],
        s21 = heap[c2 + j + 1],
        s22 = heap[c2 + j + 2],
        s23 = heap[c2 + j + 3];
      let s30 = heap[c3 + j],
        s31 = heap[c3 + j + 1],
        s32 = heap[c3 + j + 2],
        s33 = heap[c3 + j + 3];
      let pb = b + j;
      let pk = 0;
      for (let k = 0; k < K; k++) {
        const b0 = heap[pb],
          b1 = heap[pb + 1],
          b2 = heap[pb + 2],
          b3 = heap[pb + 3];
        const x0 = heap[a0 + pk],
          x1 = heap[a1 + pk],
          x2 = heap[a2 + pk],
          x3 = heap[a3 + pk];
        s00 += x0 * b0;
        s01 += x0 * b1;
        s02 += x0 * b2;
        s03 += x0 * b3;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s12 += x1 * b2;
        s13 += x1 * b3;
        s20 += x2 * b0;
        s21 += x2 * b1;
        s22 += x2 * b2;
        s23 += x2 * b3;
        s30 += x3 * b0;
        s31 += x3 * b1;
        s32 += x3 * b2;
        s33 += x3 * b3;
        pb += ldb;
        pk += aColStride;
      }
      heap[c0 + j] = s00;
      heap[c0 + j + 1] = s01;
      heap[c0 + j + 2] = s02;
      heap[c0 + j + 3] = s03;
      heap[c1 + j] = s10;
      heap[c1 + j + 1] = s11;
      heap[c1 + j + 2] = s12;
      heap[c1 + j + 3] = s13;
      heap[c2 + j] = s20;
      heap[c2 + j + 1] = s21;
      heap[c2 + j + 2] = s22;
      heap[c2 + j + 3] = s23;
      heap[c3 + j] = s30;
      heap[c3 + j + 1] = s31;
      heap[c3 + j + 2] = s32;
      heap[c3 + j + 3] = s33;
    }
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) gemmElement(heap, K, a + (i + r) * aRowStride, aColStride, b + j, ldb, c + (i + r) * ldc + j);
    }
  }
  for (; i < M; i++) {
    for (let j = 0; j < N; j++) gemmElement(heap, K, a + i * aRowStride, aColStride, b + j, ldb, c + i * ldc + j);
  }
};

function gemmElement(heap: Float64Array, K: number, a: number, aStride: number, b: number, bStride: number, c: number): void {
  let s = heap[c];
  for (let k = 0; k < K; k++) s += heap[a + k * aStride] * heap[b + k * bStride];
  heap[c] = s;
}
