/** Generic findings: relations that hold at every probe, phrased about the field; none when nothing holds. */
import { describe, expect, it } from 'vitest';
import { findRelation, quantitiesOf, type FindingQuery } from '../../../grader/mistakes/findings';
import { Random } from '../../../lib/random';

const rng = new Random(4);
const probes = [0, 1, 2].map(() => ({
  f: Array.from(rng.vector(3, 0.2, 0.9)),
  dc: Array.from(rng.vector(3, -1.5, 1.5)),
  c: Array.from(rng.vector(3, -1, 1)),
}));

function query(
  field: string,
  student: (p: (typeof probes)[number]) => number[],
  expected: (p: (typeof probes)[number]) => number[],
): FindingQuery {
  return {
    field,
    student: probes.map(student),
    expected: probes.map(expected),
    quantities: probes.map((p) =>
      quantitiesOf([Float64Array.from(p.f), Float64Array.from(p.c), Float64Array.from(p.dc)], ['f', 'c', 'dc']),
    ),
  };
}

const expectedDcPrev = (p: (typeof probes)[number]) => p.dc.map((d, k) => d * p.f[k]);

describe('findRelation', () => {
  it('finds a missing elementwise factor: dcPrev = dc instead of dc ⊙ f', () => {
    expect(findRelation(query('dcPrev', (p) => p.dc, expectedDcPrev))).toBe(
      'Your dcPrev equals the expected value divided by f: a factor f is missing.',
    );
  });

  it('finds an extra factor, a flipped sign, a constant factor and zeros', () => {
    expect(findRelation(query('dcPrev', (p) => expectedDcPrev(p).map((v, k) => v * p.f[k]), expectedDcPrev))).toBe(
      'Your dcPrev equals the expected value times f: a factor f too many.',
    );
    expect(findRelation(query('dcPrev', (p) => expectedDcPrev(p).map((v) => -v), expectedDcPrev))).toBe(
      'Your dcPrev has the opposite sign of the expected value.',
    );
    expect(
      findRelation(
        query(
          'db',
          (p) => p.dc.map((v) => 2 * v),
          (p) => p.dc,
        ),
      ),
    ).toBe('Your db is 2 times the expected value.');
    expect(
      findRelation(
        query(
          'db',
          (p) => p.dc.map((v) => v / 3),
          (p) => p.dc,
        ),
      ),
    ).toBe('Your db is 1/3 of the expected value.');
    expect(
      findRelation(
        query(
          'db',
          (p) => p.dc.map(() => 0),
          (p) => p.dc,
        ),
      ),
    ).toBe('Your db is zero everywhere, where non-zero values are expected.');
  });

  it('finds a missing or extra additive term', () => {
    const expected = (p: (typeof probes)[number]) => p.dc.map((d, k) => d + p.f[k] * p.c[k]);
    expect(findRelation(query('dcTotal', (p) => p.dc, expected))).toBe('Your dcTotal misses the term f ⊙ c of the expected value.');
    expect(findRelation(query('dcTotal', (p) => expected(p).map((v, k) => v + p.c[k]), expected))).toBe(
      'Your dcTotal has an extra term c on top of the expected value.',
    );
  });

  it('finds steps in reverse order or shifted by one', () => {
    const shapes = probes.map(() => ({ steps: 3 }));
    const expected = probes.map((p) => [...p.dc, ...p.f, ...p.c]);
    const reversed: FindingQuery = {
      field: 'dxs',
      student: probes.map((p) => [...p.c, ...p.f, ...p.dc]),
      expected,
      quantities: probes.map(() => new Map()),
      shapes,
    };
    expect(findRelation(reversed)).toBe('Your dxs holds the expected steps in reverse order: step t has the value of step T − 1 − t.');
    const shifted = { ...reversed, student: probes.map((p) => [...p.f, ...p.c, 0, 0, 0]) };
    expect(findRelation(shifted)).toBe('Your dxs is shifted by one step: step t has the value expected at step t + 1.');
  });

  it('says nothing when no relation holds at every probe, or when nothing non-zero was expected', () => {
    const noise = new Random(9);
    expect(findRelation(query('dcPrev', (p) => p.dc.map(() => noise.uniform(-1, 1)), expectedDcPrev))).toBeUndefined();
    expect(
      findRelation(
        query(
          'dcPrev',
          (p) => p.dc,
          (p) => p.dc.map(() => 0),
        ),
      ),
    ).toBeUndefined();
    // Holding at two probes of three is not enough.
    expect(findRelation(query('dcPrev', (p) => (p === probes[2] ? p.dc.map((v) => v + 1) : p.dc), expectedDcPrev))).toBeUndefined();
  });
});

describe('quantitiesOf', () => {
  it('names the vectors of a call by their innermost name, and by their path when names collide', () => {
    const cache = { f: new Float64Array([0.5]), c: new Float64Array([2]) };
    const quantities = quantitiesOf([cache, new Float64Array([3]), { f: new Float64Array([7]) }], ['cache', 'dh', 'other']);
    expect(Object.fromEntries(quantities)).toEqual({ f: [0.5], c: [2], dh: [3], 'other.f': [7] });
  });
});
