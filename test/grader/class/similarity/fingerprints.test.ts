/** Winnowing (Schleimer, Wilkerson & Aiken 2003): its guarantee and its bounds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K, W, fingerprintSet, kgramHashes, winnow } from '../../../../grader/class/similarity/fingerprints';

describe('kgramHashes and winnow', () => {
  it('hash every run of K tokens, and winnowing keeps the minimum of each window once', () => {
    expect(kgramHashes([1, 2, 3], 2)).toHaveLength(2);
    expect(kgramHashes([1, 2, 3], 4)).toEqual([]);
    expect(kgramHashes([5, 6], 2)).toEqual(kgramHashes([9, 5, 6], 2).slice(1));
    expect(winnow([5, 3, 9, 3, 7, 1, 8], 3)).toEqual([3, 3, 1]);
    expect(winnow([4, 2], 5)).toEqual([2]);
    expect(winnow([], 5)).toEqual([]);
  });

  it('guarantee: streams that share a run of K + W − 1 tokens share a fingerprint', () => {
    const stream = fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 });
    fc.assert(
      fc.property(
        stream,
        stream,
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: K + W - 1, maxLength: K + W + 10 }),
        stream,
        (a, b, shared, c) => {
          const first = fingerprintSet([...a, ...shared, ...b]);
          const second = fingerprintSet([...c, ...shared]);
          return [...first].some((h) => second.has(h));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('names the argument when k or w is not a count', () => {
    expect(() => kgramHashes([1], 0)).toThrow(/kgramHashes: argument k/);
    expect(() => winnow([1], 1.5)).toThrow(/winnow: argument w/);
  });
});
