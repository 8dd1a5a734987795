// @ts-nocheck -- AssemblyScript, not TypeScript: `npm run build:kernels` compiles this file to
// gemm.wasm. It is the WebAssembly SIMD twin of gemm.ts and must give bit-identical results.
//
// C[M×N] += A[M×K]·B[K×N] on one linear memory of float64; every offset and stride counts
// float64 elements. A(i, k) is at a + i·aRowStride + k·aColStride, so the same kernel serves
// A·B and Aᵀ·B; B and C are row-major with row strides ldb and ldc.
//
// Each C element is a sequence of separate multiplies and adds in ascending k, starting from
// its value in C (no fused multiply-add, which WebAssembly SIMD lacks anyway): exactly what the
// scalar loops of gemm.ts and of the original per-sequence FastLstm do. Tiling and blocking
// change only which elements are computed together, never the order of one element's sum.

/** K is cut into blocks so that a panel of B (KC × 8 float64 = 16 KiB) stays in the L1 cache. */
const KC: i32 = 256;

export function gemm(M: i32, N: i32, K: i32, a: i32, aRowStride: i32, aColStride: i32, b: i32, ldb: i32, c: i32, ldc: i32): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    gemmBlock(M, N, kc, a + k0 * aColStride, aRowStride, aColStride, b + k0 * ldb, ldb, c, ldc);
  }
}

/** One K block: panels of 8 columns of B outside, so each panel is reused by every row of A. */
function gemmBlock(M: i32, N: i32, K: i32, a: i32, aRowStride: i32, aColStride: i32, b: i32, ldb: i32, c: i32, ldc: i32): void {
  const ars = (<usize>aRowStride) << 3;
  const acs = (<usize>aColStride) << 3;
  const lb = (<usize>ldb) << 3;
  const lc = (<usize>ldc) << 3;
  const aBase = (<usize>a) << 3;
  const bBase = (<usize>b) << 3;
  const cBase = (<usize>c) << 3;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const bj = bBase + ((<usize>j) << 3);
    const cj = cBase + ((<usize>j) << 3);
    let i = 0;
    for (; i + 2 <= M; i += 2) {
      const c0 = cj + <usize>i * lc;
      const c1 = c0 + lc;
      let s00 = v128.load(c0),
        s01 = v128.load(c0, 16),
        s02 = v128.load(c0, 32),
        s03 = v128.load(c0, 48);
      let s10 = v128.load(c1),
        s11 = v128.load(c1, 16),
        s12 = v128.load(c1, 32),
        s13 = v128.load(c1, 48);
      let pa = aBase + <usize>i * ars;
      let pb = bj;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb),
          b1 = v128.load(pb, 16),
          b2 = v128.load(pb, 32),
          b3 = v128.load(pb, 48);
        const x0 = v128.load64_splat(pa);
        s00 = f64x2.add(s00, f64x2.mul(x0, b0));
        s01 = f64x2.add(s01, f64x2.mul(x0, b1));
        s02 = f64x2.add(s02, f64x2.mul(x0, b2));
        s03 = f64x2.add(s03, f64x2.mul(x0, b3));
        const x1 = v128.load64_splat(pa + ars);
        s10 = f64x2.add(s10, f64x2.mul(x1, b0));
        s11 = f64x2.add(s11, f64x2.mul(x1, b1));
        s12 = f64x2.add(s12, f64x2.mul(x1, b2));
        s13 = f64x2.add(s13, f64x2.mul(x1, b3));
        pa += acs;
        pb += lb;
      }
      v128.store(c0, s00);
      v128.store(c0, s01, 16);
      v128.store(c0, s02, 32);
      v128.store(c0, s03, 48);
      v128.store(c1, s10);
      v128.store(c1, s11, 16);
      v128.store(c1, s12, 32);
      v128.store(c1, s13, 48);
    }
    if (i < M) {
      const c0 = cj + <usize>i * lc;
      let s00 = v128.load(c0),
        s01 = v128.load(c0, 16),
        s02 = v128.load(c0, 32),
        s03 = v128.load(c0, 48);
      let pa = aBase + <usize>i * ars;
      let pb = bj;
      for (let k = 0; k < K; k++) {
        const x0 = v128.load64_splat(pa);
        s00 = f64x2.add(s00, f64x2.mul(x0, v128.load(pb)));
        s01 = f64x2.add(s01, f64x2.mul(x0, v128.load(pb, 16)));
        s02 = f64x2.add(s02, f64x2.mul(x0, v128.load(pb, 32)));
        s03 = f64x2.add(s03, f64x2.mul(x0, v128.load(pb, 48)));
        pa += acs;
        pb += lb;
      }
      v128.store(c0, s00);
      v128.store(c0, s01, 16);
      v128.store(c0, s02, 32);
      v128.store(c0, s03, 48);
    }
  }
  // Leftover columns: pairs as one f64x2, then a single column with scalars.
  for (; j + 2 <= N; j += 2) {
    const bj = bBase + ((<usize>j) << 3);
    const cj = cBase + ((<usize>j) << 3);
    for (let i = 0; i < M; i++) {
      const c0 = cj + <usize>i * lc;
      let s = v128.load(c0);
      let pa = aBase + <usize>i * ars;
      let pb = bj;
      for (let k = 0; k < K; k++) {
        s = f64x2.add(s, f64x2.mul(v128.load64_splat(pa), v128.load(pb)));
        pa += acs;
        pb += lb;
      }
      v128.store(c0, s);
    }
  }
  if (j < N) {
    const bj = bBase + ((<usize>j) << 3);
    const cj = cBase + ((<usize>j) << 3);
    for (let i = 0; i < M; i++) {
      const c0 = cj + <usize>i * lc;
      let s = load<f64>(c0);
      let pa = aBase + <usize>i * ars;
      let pb = bj;
      for (let k = 0; k < K; k++) {
        s += load<f64>(pa) * load<f64>(pb);
        pa += acs;
        pb += lb;
      }
      store<f64>(c0, s);
    }
  }
}

/**
 * For the bench only: the most floating-point work WebAssembly SIMD issues here, `iterations`
 * rounds of 12 independent chains a ← a·m + m on f64x2 (48 FLOPs a round), with no memory traffic
 * and few enough registers that nothing spills. Returns the sum of the chains so that nothing is
 * optimised away.
 */
export function multiplyAddPeak(iterations: i32, m: f64): f64 {
  const v = f64x2.splat(m);
  let a0 = f64x2.splat(0.1),
    a1 = f64x2.splat(0.2),
    a2 = f64x2.splat(0.3),
    a3 = f64x2.splat(0.4);
  let a4 = f64x2.splat(0.5),
    a5 = f64x2.splat(0.6),
    a6 = f64x2.splat(0.7),
    a7 = f64x2.splat(0.8);
  let a8 = f64x2.splat(0.9),
    a9 = f64x2.splat(1.0),
    a10 = f64x2.splat(1.1),
    a11 = f64x2.splat(1.2);
  for (let k = 0; k < iterations; k++) {
    a0 = f64x2.add(f64x2.mul(a0, v), v);
    a1 = f64x2.add(f64x2.mul(a1, v), v);
    a2 = f64x2.add(f64x2.mul(a2, v), v);
    a3 = f64x2.add(f64x2.mul(a3, v), v);
    a4 = f64x2.add(f64x2.mul(a4, v), v);
    a5 = f64x2.add(f64x2.mul(a5, v), v);
    a6 = f64x2.add(f64x2.mul(a6, v), v);
    a7 = f64x2.add(f64x2.mul(a7, v), v);
    a8 = f64x2.add(f64x2.mul(a8, v), v);
    a9 = f64x2.add(f64x2.mul(a9, v), v);
    a10 = f64x2.add(f64x2.mul(a10, v), v);
    a11 = f64x2.add(f64x2.mul(a11, v), v);
  }
  const sum = f64x2.add(
    f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7))),
    f64x2.add(f64x2.add(a8, a9), f64x2.add(a10, a11)),
  );
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}
