/**
 * The generic probes a failing function is examined on: four fixed cases per pair, the first three
 * with moderate values (|v| in [0.3, 1.7]) and shapes where the candidate mistakes differ
 * (H ≠ D, both at least 2, three steps or more), the last one with +1000 and −1000 among its
 * inputs; the same cases on every call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../grader/course';
import { fieldsOf } from '../../../grader/mistakes/fields';
import { extremeValue } from '../../../grader/checks/arbitraries';
import { MODERATE_PROBES, PROBE_SEED, probeCases, PROBES_PER_PAIR, probeValue, SAMPLE_SIZES } from '../../../grader/mistakes/probes';

const pairs = CODE_EXERCISES.flatMap((e) => e.pairs.map((spec) => [spec.forward, spec] as const));

/** Every number held in a typed array of a value (labels and sizes are not probe values). */
function probeNumbers(value: unknown): number[] {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.flatMap(probeNumbers);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(probeNumbers);
  return [];
}

describe('probeValue', () => {
  it('draws thousandths of magnitude 0.3 to 1.7, of either sign', () => {
    const values = fc.sample(probeValue, { seed: 1, numRuns: 500 });
    for (const v of values) {
      expect(Math.abs(v)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(v)).toBeLessThanOrEqual(1.7);
      expect(Number.isInteger(Math.round(v * 1000)) && Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-9).toBe(true);
    }
    expect(values.some((v) => v < 0) && values.some((v) => v > 0)).toBe(true);
  });
});

describe.each(pairs)('probeCases of %s', (_fn, spec) => {
  it('are four cases, three moderate and one extreme', () => {
    expect([PROBES_PER_PAIR, MODERATE_PROBES]).toEqual([4, 3]);
    expect(probeCases(spec)).toHaveLength(4);
  });

  it('have moderate values and shapes where mistakes show in the first three', () => {
    for (const c of probeCases(spec).slice(0, 3)) {
      const values = probeNumbers(spec.forwardArgs(c)).concat(spec.lossTerms(c).flatMap((t) => Array.from(t.upstream)));
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(Math.abs(v) >= 0.3 && Math.abs(v) <= 1.7, `${spec.forward}: ${v}`).toBe(true);
      const { H, D, T, length } = spec.shape(c);
      if (H !== undefined) expect(H >= 2 && H <= 4, `H = ${H}`).toBe(true);
      if (D !== undefined) expect(D >= 2 && D <= 3 && D !== H, `H = ${H}, D = ${D}`).toBe(true);
      if (T !== undefined) expect(T >= 3 && T <= 4, `T = ${T}`).toBe(true);
      if (length !== undefined) expect(length, 'length').toBeGreaterThanOrEqual(3);
    }
  });

  it('have +1000 and −1000 among the inputs of the last', () => {
    const values = [...fieldsOf(spec.forwardArgs(probeCases(spec)[3])).values()].flat();
    expect(values).toContain(1000);
    expect(values).toContain(-1000);
  });

  it('are the same on every call', () => {
    expect(probeCases(spec)).toBe(probeCases(spec));
  });

  it(`are drawn from the start of the seeded stream: a sample of ${SAMPLE_SIZES[0]} runs begins one of ${SAMPLE_SIZES[1]}`, () => {
    // What lets probeCases stop early and still find the cases one sample of the largest size gives.
    for (const values of [probeValue, extremeValue]) {
      const longer = fc.sample(spec.arbitrary(values), { seed: PROBE_SEED, numRuns: SAMPLE_SIZES[1] });
      expect(fc.sample(spec.arbitrary(values), { seed: PROBE_SEED, numRuns: SAMPLE_SIZES[0] })).toEqual(longer.slice(0, SAMPLE_SIZES[0]));
    }
  });
});

describe('probeCases', () => {
  it("draws the same cases when computed afresh (a fixed seed, not the run's)", () => {
    const [, sigmoid] = pairs.find(([fn]) => fn === 'sigmoid')!;
    const copy = { ...sigmoid };
    expect(probeCases(copy)).not.toBe(probeCases(sigmoid));
    expect(probeCases(copy)).toEqual(probeCases(sigmoid));
  });
});
