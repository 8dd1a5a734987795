/**
 * Every catalogued mistake must change the behaviour of its function on some input, or it could
 * never be recognised (and a drifted patch would go unnoticed). fast-check searches for such an
 * input: the property "variant behaves like the reference" must be falsified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MISTAKES } from '../../grader/mistakes/catalogue';
import { argsArbitrary } from '../../grader/mistakes/arbitraries';
import { behavioursDiffer } from '../../grader/mistakes/measure';
import { loadReference, loadVariant, type ExerciseModule } from '../../grader/mistakes/variants';

function behave(module: ExerciseModule, fn: string, args: unknown[]) {
  const clone = structuredClone(args);
  return { value: module[fn](...clone) as unknown, argsAfter: clone };
}

describe('every variant differs from the reference on some input', () => {
  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s', (_, m) => {
    const reference = loadReference(m.exercise);
    const variant = loadVariant(m.id);
    const details = fc.check(
      fc.property(argsArbitrary(m.fn), ({ args }) => !behavioursDiffer(behave(reference, m.fn, args), behave(variant, m.fn, args))),
      { numRuns: 2000 },
    );
    expect(details.failed, `no differing input found for ${m.id} (seed ${details.seed})`).toBe(true);
    // Re-run the counterexample outside fast-check: a variant that throws must not count as differing.
    const [{ args }] = details.counterexample as [{ args: unknown[] }];
    expect(behavioursDiffer(behave(reference, m.fn, args), behave(variant, m.fn, args))).toBe(true);
  });

  it('the overflow mistakes give NaN at ±1000 where the reference saturates', () => {
    const z = new Float64Array([-1000, -30, 30, 1000]);
    expect(Array.from(loadReference('activations').sigmoid(z) as Float64Array).every(Number.isFinite)).toBe(true);
    expect(Array.from(loadReference('activations').tanh(z) as Float64Array)).toEqual([-1, -1, 1, 1]);
    const naiveSigmoid = loadVariant('sigmoid-naive-overflow').sigmoid(z) as Float64Array;
    expect(Number.isNaN(naiveSigmoid[3])).toBe(true);
    expect(naiveSigmoid[2]).toBeCloseTo(1, 12);
    const naiveTanh = loadVariant('tanh-naive-exponentials').tanh(z) as Float64Array;
    expect(Number.isNaN(naiveTanh[0]) && Number.isNaN(naiveTanh[3])).toBe(true);
  });
});
