/** The normalised token stream: blind to names, layout, comments and types; not blind to structure. */
import { describe, expect, it } from 'vitest';
import { IDENTIFIER, NUMBER, TEXT, normalisedTokens, typeRanges } from '../../../../grader/class/similarity/tokens';

const tokens = (source: string) => normalisedTokens(source, 'file.ts');

describe('normalisedTokens', () => {
  it('gives renamed, re-laid-out and re-commented code the same stream', () => {
    const original = 'export function sigmoid(z: Vector): Vector {\n  const s = new Float64Array(z.length); // result\n  return s;\n}\n';
    const disguised =
      '/* mine */ export function squash ( input ) {\n\n    const out = new Float64Array( input.length );\n    return out;\n}';
    expect(tokens(disguised)).toEqual(tokens(original));
  });

  it('leaves out interfaces, type aliases, type-only imports, `as` and `!`', () => {
    const typed = "import type { Vector } from './types';\ninterface P { a: number }\ntype Q = P[];\nconst v = (x as number)!;\n";
    expect(tokens(typed)).toEqual(tokens('const v = (x);'));
  });

  it('keeps colons that are not annotations, and tells numbers, strings and names apart', () => {
    expect(tokens('const o = { a: 1 }; const t = c ? "x" : `y${z}w`;')).toContain(NUMBER);
    const codes = tokens('f(1, "s", n)');
    expect(codes.filter((c) => c === IDENTIFIER)).toHaveLength(2);
    expect(codes.filter((c) => c === NUMBER)).toHaveLength(1);
    expect(codes.filter((c) => c === TEXT)).toHaveLength(1);
    expect(tokens('const o = { a: 1 };')).not.toEqual(tokens('const o = { a };'));
  });

  it('reads a template continued after ${…} and a regular expression as one literal each', () => {
    expect(tokens('const s = `a${b}c${d}e`;').filter((c) => c === TEXT)).toHaveLength(3);
    expect(tokens('const r = /a+b/g.test(x);').filter((c) => c === TEXT)).toHaveLength(1);
    expect(tokens('const q = a / b / c;').filter((c) => c === TEXT)).toHaveLength(0);
  });

  it('reads contextual keywords used as names (out, type, of, from) as names', () => {
    expect(tokens('const out = type + of; x.from(y);')).toEqual(tokens('const a = b + c; d.e(f);'));
    expect(tokens('for (const v of list) {}')).not.toEqual(tokens('for (const v in list) {}'));
  });

  it('distinguishes a loop from a map', () => {
    expect(tokens('for (let k = 0; k < n; k++) out[k] = f(x[k]);')).not.toEqual(tokens('const out = x.map((v) => f(v));'));
  });

  it('finds type ranges even in a file with a syntax error', () => {
    const source = 'function f(a: number {';
    expect(typeRanges(source, 'bad.ts').map(([s, e]) => source.slice(s, e))).toEqual(['number']);
  });
});
