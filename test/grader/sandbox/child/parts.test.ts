/**
 * The parts a call for parts answers (grader/sandbox/child/parts.ts): read along the keys of each
 * path, undefined where a path leads nowhere or a getter throws, refused through a Proxy.
 */
import { describe, expect, it } from 'vitest';
import { pickParts } from '../../../../grader/sandbox/child/parts';

describe('pickParts', () => {
  const answer = { h: Float64Array.of(1, 2), hs: [Float64Array.of(3), Float64Array.of(4)], loss: 0.5 };

  it('reads each path in order; no keys is the whole value', () => {
    expect(pickParts(answer, [['hs', '1'], ['h'], ['loss'], []])).toEqual([Float64Array.of(4), Float64Array.of(1, 2), 0.5, answer]);
    expect(pickParts(answer.h, [['1']])).toEqual([2]);
  });

  it('gives undefined where a path leads nowhere or a getter throws', () => {
    const throwing = {
      get h(): never {
        throw new Error('no');
      },
    };
    expect(pickParts(answer, [['c'], ['hs', '9'], ['loss', 'x'], ['h', '0', 'y']])).toEqual([undefined, undefined, undefined, undefined]);
    expect(pickParts(throwing, [['h']])).toEqual([undefined]);
    expect(pickParts(null, [['h'], []])).toEqual([undefined, null]);
  });

  it('refuses a path through a Proxy, as a whole answer holding one is refused', () => {
    expect(pickParts({ hs: new Proxy([Float64Array.of(1)], {}) }, [['hs', '0']])).toBe('proxy');
    expect(pickParts(new Proxy({ h: 1 }, {}), [['h']])).toBe('proxy');
    // A Proxy the paths never pass through is not looked at.
    expect(pickParts({ h: Float64Array.of(1), cache: new Proxy({}, {}) }, [['h']])).toEqual([Float64Array.of(1)]);
  });
});
