/**
 * Student files are compiled in a worker: a stack overflow, a file that takes too long or too
 * much memory is "could not be compiled" for that file, and the next file still compiles.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IsolatedCompiler } from '../../../grader/sandbox/compiler';

let compiler: IsolatedCompiler | undefined;
afterEach(async () => {
  await compiler?.close();
});

const nested = (depth: number): string => `export const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`;
/** TypeScript takes time quadratic in the length of such a sum (10 000 terms: about 25 s). */
const longSum = (terms: number): string => `export const x = ${Array(terms).fill('a').join(' + ')};\n`;

describe('IsolatedCompiler', () => {
  it('compiles a file, with its source map, syntax errors and imports', async () => {
    compiler = new IsolatedCompiler();
    const ok = await compiler.compile(
      "import { f } from './helper';\nimport type { T } from './types';\nexport const y: T = f(1);\n",
      'main.ts',
    );
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.file.js).toContain('require("./helper")');
    expect(ok.file.js).not.toContain('sourceMappingURL');
    expect(JSON.parse(ok.file.sourceMap).sources).toEqual(['main.ts']);
    // Type-only imports vanish from the JavaScript, so they are not files to stage.
    expect(ok.file.imports).toEqual(['./helper']);
    const broken = await compiler.compile('export const x = (1;\n', 'broken.ts');
    expect(broken.ok && broken.file.syntaxError).toEqual({ line: 1, message: "')' expected." });
  });

  it('turns a compiler stack overflow into a reason, and compiles the next file in a fresh worker', async () => {
    compiler = new IsolatedCompiler();
    const deep = await compiler.compile(nested(50_000), 'deep.ts');
    expect(deep).toEqual({ ok: false, reason: 'it is nested too deeply for the TypeScript compiler (its stack overflowed)' });
    const next = await compiler.compile('export const z = 1;\n', 'next.ts');
    expect(next.ok).toBe(true);
  });

  it('stops a file that takes longer than its time limit, and compiles the next one', async () => {
    compiler = new IsolatedCompiler({ perFileMs: 1000, totalMs: 60_000, startMs: 30_000 });
    const started = Date.now();
    const slow = await compiler.compile(longSum(20_000), 'slow.ts');
    expect(slow).toEqual({ ok: false, reason: 'compiling it took longer than 1 s' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await compiler.compile('export const z = 1;\n', 'next.ts')).ok).toBe(true);
  });

  it('compiles nothing more once the time for the whole submission is spent', async () => {
    compiler = new IsolatedCompiler({ perFileMs: 1000, totalMs: 1500, startMs: 30_000 });
    await compiler.compile(longSum(20_000), 'slow.ts');
    await compiler.compile(longSum(20_000), 'slow-2.ts');
    expect(await compiler.compile('export const z = 1;\n', 'late.ts')).toEqual({
      ok: false,
      reason: 'compiling the submission took longer than 1.5 s, so this file was not compiled',
    });
  });

  it('refuses to compile once closed', async () => {
    compiler = new IsolatedCompiler();
    await compiler.close();
    await expect(compiler.compile('export {};', 'x.ts')).rejects.toThrow(/IsolatedCompiler.compile: the compiler is closed/);
  });
});
