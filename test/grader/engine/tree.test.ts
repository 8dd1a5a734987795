/**
 * Paths into returned values (grader/engine/tree.ts): `hs[2].c` reads `hs`, `2`, `c`; a
 * malformed path is an error that names the function.
 */
import { describe, expect, it } from 'vitest';
import { copySharingArrays, pathKeys, readPath } from '../../../grader/engine/tree';

describe('pathKeys and readPath', () => {
  it('split a path into the keys read one after another', () => {
    expect(pathKeys('')).toEqual([]);
    expect(pathKeys('h')).toEqual(['h']);
    expect(pathKeys('hs[2]')).toEqual(['hs', '2']);
    expect(pathKeys('grads.forget.dW.data[3][1]')).toEqual(['grads', 'forget', 'dW', 'data', '3', '1']);
  });

  it('read the value at a path, undefined where it leads nowhere', () => {
    const value = { hs: [Float64Array.of(1), Float64Array.of(2)], c: { d: 3 } };
    expect(readPath(value, '')).toBe(value);
    expect(readPath(value, 'hs[1]')).toBe(value.hs[1]);
    expect(readPath(value, 'c.d')).toBe(3);
    expect(readPath(value, 'c.e.f')).toBeUndefined();
  });

  it('refuse a malformed path, naming the function', () => {
    expect(() => pathKeys('hs[x]', 'callManyParts')).toThrow(/callManyParts: bad path segment "hs\[x\]"/);
    expect(() => readPath({}, 'a..b')).toThrow(/readPath: bad path segment/);
  });

  it('copySharingArrays copies the records and lists, shares every Float64Array but the one named, and copies that one', () => {
    const W = Float64Array.of(1, 2);
    const x = Float64Array.of(3);
    const args = [{ W: { rows: 1, cols: 2, data: W }, b: x }, [x, W], 4];
    const copy = copySharingArrays(args, x) as typeof args;
    expect(copy).toEqual(args);
    const [params, list] = copy as [{ W: { data: Float64Array }; b: Float64Array }, Float64Array[]];
    expect(params).not.toBe(args[0]);
    expect(params.W.data).toBe(W);
    expect(list[1]).toBe(W);
    expect(params.b).not.toBe(x);
    expect(list[0]).not.toBe(x);
  });
});
