/**
 * One block of float64 memory for a batched model and its readout, with the matrix product bound
 * to it. With the WebAssembly kernel the block is the module's linear memory, so JavaScript (the
 * gate nonlinearities) and WebAssembly (the products) work on the same numbers without copying.
 *
 * Regions are handed out by offset, never as long-lived views: growing a WebAssembly memory
 * detaches every view of it, so code reads `arena.heap` afresh at the start of each call.
 */
import { gemmProblem, gemmTypeScript } from './gemm';
import { loadGemmWasm, type KernelName, type WasmGemm, type WasmMemory } from './wasm';

const PAGE_DOUBLES = 65536 / 8;

export class Arena {
  readonly kernel: KernelName;
  private heapView: Float64Array;
  private used = 0;
  private readonly memory: WasmMemory | null;
  private readonly wasmGemm: WasmGemm | null;

  /** `kernel` defaults to the WebAssembly kernel when it is built and this Node has SIMD. */
  constructor(kernel: KernelName = defaultKernel()) {
    if (kernel !== 'webassembly' && kernel !== 'typescript') {
      throw new RangeError(`Arena: argument kernel must be 'webassembly' or 'typescript', got ${String(kernel)}`);
    }
    this.kernel = kernel;
    if (kernel === 'webassembly') {
      const loaded = loadGemmWasm();
      if (!loaded.available) throw new Error(`Arena: the WebAssembly kernel is not available: ${loaded.reason}`);
      const { memory, gemm } = loaded.instantiate();
      this.memory = memory;
      this.wasmGemm = gemm;
      this.heapView = new Float64Array(this.memory.buffer);
    } else {
      this.memory = null;
      this.wasmGemm = null;
      this.heapView = new Float64Array(PAGE_DOUBLES);
    }
  }

  /** The whole block; a fresh view after every alloc that grew it. */
  get heap(): Float64Array {
    return this.heapView;
  }

  /** A zeroed region of `doubles` elements; returns its offset (even, so f64x2 loads stay aligned). */
  alloc(doubles: number): number {
    if (!Number.isInteger(doubles) || doubles < 0) {
      throw new RangeError(`Arena.alloc: argument doubles must be a whole number ≥ 0, got ${doubles}`);
    }
    const offset = this.used;
    this.used += doubles + (doubles % 2);
    if (this.used > this.heapView.length) this.grow(this.used);
    return offset;
  }

  /** A view of a region, valid until the next alloc. */
  view(offset: number, length: number): Float64Array {
    return this.heapView.subarray(offset, offset + length);
  }

  /**
   * C[M×N] += A[M×K]·B[K×N], operands at element offsets in `heap`: A(i, k) at
   * a + i·aRowStride + k·aColStride, B and C row-major with row strides ldb and ldc.
   */
  gemm(
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
  ): void {
    const heap = this.heapView;
    const problem = gemmProblem(heap, M, N, K, a, aRowStride, aColStride, b, ldb, c, ldc);
    if (problem !== null) throw new RangeError(`Arena.gemm: ${problem}`);
    if (M === 0 || N === 0 || K === 0) return;
    if (this.wasmGemm !== null) this.wasmGemm(M, N, K, a, aRowStride, aColStride, b, ldb, c, ldc);
    else gemmTypeScript(heap, M, N, K, a, aRowStride, aColStride, b, ldb, c, ldc);
  }

  private grow(doubles: number): void {
    // Doubling keeps the number of grows (and of copies for the TypeScript heap) logarithmic.
    const target = Math.max(doubles, 2 * this.heapView.length);
    if (this.memory !== null) {
      const pages = Math.ceil(target / PAGE_DOUBLES) - this.memory.buffer.byteLength / 65536;
      this.memory.grow(pages);
      this.heapView = new Float64Array(this.memory.buffer);
    } else {
      const bigger = new Float64Array(Math.ceil(target / PAGE_DOUBLES) * PAGE_DOUBLES);
      bigger.set(this.heapView);
      this.heapView = bigger;
    }
  }
}

/**
 * The kernel new arenas use: LSTM_LAB_KERNEL=typescript or =webassembly forces one (the bench and
 * the tests compare both); otherwise WebAssembly when gemm.wasm is built and loads.
 */
export function defaultKernel(): KernelName {
  const forced = process.env.LSTM_LAB_KERNEL;
  if (forced === 'typescript' || forced === 'webassembly') return forced;
  if (forced !== undefined && forced !== '') {
    throw new RangeError(`defaultKernel: environment variable LSTM_LAB_KERNEL must be 'typescript' or 'webassembly', got ${forced}`);
  }
  return loadGemmWasm().available ? 'webassembly' : 'typescript';
}
