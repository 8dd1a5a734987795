/**
 * The single-kernel line of `npm run bench`: GFLOP/s of the matrix product alone on the shapes the
 * LSTM uses at a given size, against the peak that WebAssembly SIMD can issue on this machine
 * (measured: independent f64x2 multiply-add chains without memory traffic, see gemm.assembly.ts).
 */
import { Arena } from '../copytask/kernels/arena';
import { loadGemmWasm, type KernelName } from '../copytask/kernels/wasm';

export interface GemmShape {
  /** What the product is, e.g. "forward 16 × 138 · 138 × 512". */
  name: string;
  M: number;
  N: number;
  K: number;
  /** A read as Aᵀ (the dW product). */
  transposedA: boolean;
}

/** The three products of one LSTM training step at hidden size H, input size D, `sequences` × `length` positions. */
export function lstmGemmShapes(H: number, D: number, sequences: number, length: number): GemmShape[] {
  const G = 4 * H;
  const X = H + D;
  return [
    { name: `forward gates ${sequences}×${X}·${X}×${G}`, M: sequences, N: G, K: X, transposedA: false },
    { name: `backward dh ${sequences}×${G}·${G}×${H}`, M: sequences, N: H, K: G, transposedA: false },
    { name: `backward dW ${G}×${sequences * length}·${sequences * length}×${X}`, M: G, N: X, K: sequences * length, transposedA: false },
  ];
}

/**
 * The best rate of `windows` timing windows of `seconds` each: on a shared machine the best
 * window is the one least disturbed by other jobs, for the kernel and the peak alike.
 */
function bestRate(run: () => number, seconds: number, windows: number): number {
  let best = 0;
  for (let w = 0; w < windows; w++) {
    let work = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) work += run();
    best = Math.max(best, work / ((performance.now() - started) / 1000) / 1e9);
  }
  return best;
}

/** GFLOP/s (2 per multiply-add) of one product, best of `windows` windows after a warm-up. */
export function gemmRate(shape: GemmShape, kernel: KernelName, seconds = 0.3, windows = 5): number {
  const { M, N, K, transposedA } = shape;
  const arena = new Arena(kernel);
  const a = arena.alloc(M * K);
  const b = arena.alloc(K * N);
  const c = arena.alloc(M * N);
  const heap = arena.heap;
  for (let k = 0; k < c; k++) heap[k] = ((k * 7919) % 2003) / 2003 - 0.5;
  const once = () => (transposedA ? arena.gemm(M, N, K, a, 1, M, b, N, c, N) : arena.gemm(M, N, K, a, K, 1, b, N, c, N));
  for (let k = 0; k < 20; k++) once();
  return bestRate(
    () => {
      for (let k = 0; k < 10; k++) once();
      return 10 * 2 * M * N * K;
    },
    seconds,
    windows,
  );
}

/** GFLOP/s of the WebAssembly multiply-add peak loop (48 FLOPs a round), best of `windows`, or null without the kernel. */
export function wasmPeakRate(seconds = 0.3, windows = 5): number | null {
  const loaded = loadGemmWasm();
  if (!loaded.available) return null;
  const { multiplyAddPeak } = loaded.instantiate();
  multiplyAddPeak(1e6, 0.5);
  return bestRate(
    () => {
      multiplyAddPeak(1e6, 0.5);
      return 48e6;
    },
    seconds,
    windows,
  );
}
