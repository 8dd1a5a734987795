import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCache } from '../../grader/run-cache';

const root = mkdtempSync(join(tmpdir(), 'run-cache-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A source tree of its own, so that editing it shows in the code version. */
function sourceTree(): string {
  const sources = mkdtempSync(join(root, 'sources-'));
  mkdirSync(join(sources, 'kernels'));
  writeFileSync(join(sources, 'trainer.ts'), 'export const a = 1;');
  writeFileSync(join(sources, 'kernels', 'gemm.assembly.ts'), 'export function gemm(): void {}');
  writeFileSync(join(sources, 'kernels', 'gemm.wasm'), 'build output');
  return sources;
}

describe('runCache', () => {
  const cacheDir = join(root, 'cache');

  it('computes once per key, then reads the file; another key computes again; no temporary file is left', () => {
    const { cached } = runCache('unit', [sourceTree()]);
    let computed = 0;
    const compute = () => ({ value: ++computed, curve: [1.5, 2] });
    expect(cached(cacheDir, 'run', { seed: 1 }, compute)).toEqual({ value: { value: 1, curve: [1.5, 2] }, hit: false });
    expect(cached(cacheDir, 'run', { seed: 1 }, compute)).toEqual({ value: { value: 1, curve: [1.5, 2] }, hit: true });
    expect(cached(cacheDir, 'run', { seed: 2 }, compute).hit).toBe(false);
    expect(computed).toBe(2);
    expect(readdirSync(join(cacheDir, 'unit')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('recomputes a corrupt entry and keeps the fresh value', () => {
    const { cached, cachePath } = runCache('unit', [sourceTree()]);
    const file = cachePath(cacheDir, 'run', { seed: 3 });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{ half a fi');
    expect(cached(cacheDir, 'run', { seed: 3 }, () => 'fresh')).toEqual({ value: 'fresh', hit: false });
    expect(cached(cacheDir, 'run', { seed: 3 }, () => 'again').value).toBe('fresh');
  });

  it('keys on every source file under the folders, nested ones included, but not on build outputs', () => {
    const sources = sourceTree();
    const before = runCache('unit', [sources]).codeVersion();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(sources, 'kernels', 'gemm.wasm'), 'rebuilt');
    expect(runCache('unit', [sources]).codeVersion()).toBe(before);
    writeFileSync(join(sources, 'kernels', 'gemm.assembly.ts'), 'export function gemm(): void { /* tiled */ }');
    expect(runCache('unit', [sources]).codeVersion()).not.toBe(before);
  });

  it('a still-unwritable cache folder grades anyway: the value is computed and returned', () => {
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const { cached } = runCache('unit', [sourceTree()]);
    expect(cached(blocked, 'run', { seed: 4 }, () => 42)).toEqual({ value: 42, hit: false });
  });
});
