/**
 * A file cache for the trusted reference runs, which depend only on the configuration, the seed
 * and the code. The key hashes all three; the code version is a hash of the trainer's sources
 * (this folder and lib/), so editing the trainer invalidates every entry.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let codeVersionMemo: string | undefined;

/** sha256 of the sources the reference runs depend on. */
export function codeVersion(): string {
  if (codeVersionMemo === undefined) {
    const hash = createHash('sha256');
    for (const dir of [__dirname, join(__dirname, '..', '..', 'lib')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
        hash.update(file).update(readFileSync(join(dir, file)));
      }
    }
    codeVersionMemo = hash.digest('hex');
  }
  return codeVersionMemo;
}

/** The cache file for `kind` (e.g. "reference-lstm") and a JSON-able key. */
export function cachePath(cacheDir: string, kind: string, key: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify({ kind, key, code: codeVersion() })).digest('hex');
  return join(cacheDir, 'copytask', `${kind}-${digest.slice(0, 24)}.json`);
}

/**
 * The cached value for (kind, key), or `compute()`'s, which is then stored. An unreadable or
 * corrupt entry is recomputed; the write goes through a temporary file so that a concurrent
 * reader never sees half a file.
 */
export function cached<T>(cacheDir: string, kind: string, key: unknown, compute: () => T): { value: T; hit: boolean } {
  const file = cachePath(cacheDir, kind, key);
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as T, hit: true };
  } catch {
    // missing or corrupt: compute it again
  }
  const value = compute();
  try {
    mkdirSync(join(cacheDir, 'copytask'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(value));
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still grades; it only recomputes next time.
  }
  return { value, hit: false };
}
