/**
 * Transpiled files are found again only for exactly the same source and file name, and a
 * corrupt or unwritable cache is a miss, never an error.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranspileCache } from '../../../grader/sandbox/transpile-cache';
import { transpileTypeScript } from '../../../grader/sandbox/transpile';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function cacheDir(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-transpile-cache-'));
  folders.push(folder);
  return folder;
}

describe('TranspileCache', () => {
  it('gives back what was stored for the same source and name, and nothing for any other', () => {
    const cache = new TranspileCache(cacheDir());
    const source = 'export const x: number = 1;\n';
    const file = transpileTypeScript(source, 'x.ts');
    expect(cache.get(source, 'x.ts')).toBeUndefined();
    cache.set(source, 'x.ts', file);
    expect(cache.get(source, 'x.ts')).toEqual(file);
    expect(cache.get(`${source} `, 'x.ts')).toBeUndefined();
    expect(cache.get(source, 'y.ts')).toBeUndefined();
  });

  it('treats a corrupt entry as a miss and an unusable folder as no cache', () => {
    const dir = cacheDir();
    const cache = new TranspileCache(dir);
    cache.set('a', 'a.ts', transpileTypeScript('a', 'a.ts'));
    const [entry] = readdirSync(path.join(dir, 'transpile'));
    writeFileSync(path.join(dir, 'transpile', entry), '{ not json');
    expect(cache.get('a', 'a.ts')).toBeUndefined();
    // A regular file where the folder should be: no folder can be made below it (not even by root).
    const notAFolder = path.join(cacheDir(), 'file');
    writeFileSync(notAFolder, '');
    const unusable = new TranspileCache(notAFolder);
    expect(() => unusable.set('b', 'b.ts', transpileTypeScript('b', 'b.ts'))).not.toThrow();
    expect(unusable.get('b', 'b.ts')).toBeUndefined();
    expect(() => new TranspileCache('')).toThrow(/TranspileCache: argument cacheDir must be a folder path/);
  });
});
