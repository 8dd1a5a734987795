/**
 * The grader's own files become CommonJS that runs as the TypeScript source means, imports and
 * exports included, and a syntax error in them is the grader's error.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { transpileTrusted } from '../../../grader/sandbox/trusted-transpile';

function evaluate(js: string, modules: Record<string, unknown>): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, require, module) {\n${js}\n})`)(module.exports, (id: string) => modules[id], module);
  return module.exports;
}

describe('transpileTrusted', () => {
  it('turns typed ES modules into CommonJS with live exports and default-import interop', () => {
    const js = transpileTrusted(
      [
        "import path from 'node:path';",
        "import { twice } from './helper';",
        'export interface Shape { n: number }',
        'export const joined: string = path.join("a", "b");',
        'export function quadruple(x: number): number { return twice(twice(x)); }',
      ].join('\n'),
      'module.ts',
    );
    const exports = evaluate(js, {
      'node:path': { join: (...parts: string[]) => parts.join('/') },
      './helper': { twice: (x: number) => 2 * x },
    });
    expect(exports.joined).toBe('a/b');
    expect((exports.quadruple as (x: number) => number)(3)).toBe(12);
    expect(js).not.toMatch(/interface Shape/);
  });

  it('gives the same JavaScript for the same source (it is kept), and refuses a broken one', () => {
    expect(transpileTrusted('export const a = 1;', 'a.ts')).toBe(transpileTrusted('export const a = 1;', 'a.ts'));
    expect(() => transpileTrusted('export const a = (;', 'broken.ts')).toThrow();
    expect(() => transpileTrusted(3 as never, 'x.ts')).toThrow(/transpileTrusted: argument source must be a string/);
  });
});
