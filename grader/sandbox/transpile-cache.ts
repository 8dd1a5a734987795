/**
 * Transpiled files by content: the key hashes the TypeScript version, the compiler settings, the
 * file name and the source, so an entry can only ever stand for the text it was made from. A
 * student who grades again after changing one file has every other file (and the grader's own
 * lib/ and sandbox entry) served from here, and the compile worker, with its TypeScript load,
 * starts only when some file is new. Failures (a time-out depends on the machine) are not kept.
 *
 * Entries live in the grader's git-ignored .cache/transpile/; a write goes through a temporary
 * file so that concurrent graders never read half an entry; a read-only checkout just misses.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TranspiledFile } from './transpile';

/** Changes whenever transpile.ts changes what it makes from a source (bump it then). */
const FORMAT = 'transpile-v1';

let typescriptVersion: string | undefined;

function compilerVersion(): string {
  // From package.json: loading TypeScript itself to ask would cost what the cache saves.
  typescriptVersion ??= (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
  return typescriptVersion;
}

export class TranspileCache {
  private readonly folder: string;

  constructor(cacheDir: string) {
    if (typeof cacheDir !== 'string' || cacheDir === '') throw new TypeError('TranspileCache: argument cacheDir must be a folder path');
    this.folder = path.join(cacheDir, 'transpile');
  }

  private fileFor(source: string, fileName: string): string {
    const digest = createHash('sha256')
      .update(JSON.stringify([FORMAT, compilerVersion(), fileName, source]))
      .digest('hex');
    return path.join(this.folder, `${digest.slice(0, 32)}.json`);
  }

  /** The transpiled file for exactly this source and name, if known. */
  get(source: string, fileName: string): TranspiledFile | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.fileFor(source, fileName), 'utf8')) as TranspiledFile;
      return typeof entry.js === 'string' && typeof entry.sourceMap === 'string' && Array.isArray(entry.imports) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  set(source: string, fileName: string, file: TranspiledFile): void {
    const target = this.fileFor(source, fileName);
    try {
      mkdirSync(this.folder, { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(file));
      renameSync(temporary, target);
    } catch {
      // A read-only checkout still grades; it only transpiles again next time.
    }
  }
}
