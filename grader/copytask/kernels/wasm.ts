/**
 * Loads gemm.wasm, built from gemm.assembly.ts by `npm run build:kernels` (run by `npm ci`).
 * A missing file, or a Node without WebAssembly SIMD, is not an error: the arena then uses the
 * TypeScript kernel, which gives the same results more slowly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type KernelName = 'webassembly' | 'typescript';

export type WasmGemm = (
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

/** The exports of one instance: the product, and the bench's peak-rate loop (see gemm.assembly.ts). */
export interface GemmInstance {
  memory: WasmMemory;
  gemm: WasmGemm;
  multiplyAddPeak(iterations: number, m: number): number;
}

/** The part of the WebAssembly API used here (the project's TypeScript lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export const GEMM_WASM_PATH = join(__dirname, 'gemm.wasm');

export type LoadedGemm = { available: true; reason: null; instantiate(): GemmInstance } | { available: false; reason: string };

let loaded: LoadedGemm | undefined;

/** The compiled module (once per process), or why there is none. */
export function loadGemmWasm(): LoadedGemm {
  if (loaded === undefined) loaded = compile();
  return loaded;
}

function compile(): LoadedGemm {
  if (wasmApi === undefined) return { available: false, reason: 'this JavaScript runtime has no WebAssembly' };
  const api = wasmApi;
  let bytes: Buffer;
  try {
    bytes = readFileSync(GEMM_WASM_PATH);
  } catch {
    return { available: false, reason: `${GEMM_WASM_PATH} is missing (npm run build:kernels builds it)` };
  }
  if (!api.validate(bytes)) {
    return { available: false, reason: `${GEMM_WASM_PATH} does not validate on this Node (WebAssembly SIMD missing?)` };
  }
  const module = new api.Module(bytes);
  return {
    available: true,
    reason: null,
    instantiate() {
      const memory = new api.Memory({ initial: 1 });
      const instance = new api.Instance(module, { env: { memory } });
      return {
        memory,
        gemm: instance.exports.gemm as WasmGemm,
        multiplyAddPeak: instance.exports.multiplyAddPeak as GemmInstance['multiplyAddPeak'],
      };
    },
  };
}
