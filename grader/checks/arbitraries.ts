/**
 * Shapes and values for the checks. Values come from integer grids (k / 1000 in about ±3):
 * fast-check's raw doubles cluster near zero and would hide most mistakes. Extreme values
 * (±30 saturates σ and tanh, ±1000 overflows a naive e^z) are mixed in for the extreme checks.
 */
import fc from 'fast-check';
import type { Gate, LstmParams, Matrix, Vector } from '../../lib/types';

export const MAX_SIZE = 5;
export const MAX_STEPS = 6;

/** Integers / 1000 in [−3, 3]; shrinks towards 0. */
export const gridValue: fc.Arbitrary<number> = fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000);

/**
 * Weights on a finer grid (k / 1000 in [−1, 1]): with ±3 weights and up to ten inputs most gates
 * would sit deep in saturation, where derivatives vanish and a wrong derivative formula hides.
 */
export const weightGridValue: fc.Arbitrary<number> = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 1000);

/** The weights that go with a value source: the finer grid for grid values, the source itself otherwise. */
export function weightsFor(values: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return values === gridValue ? weightGridValue : values;
}

/** Mostly grid values, sometimes saturated or extreme ones. */
export const extremeValue: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: gridValue, weight: 2 },
  { arbitrary: fc.constantFrom(-1000, -30, 30, 1000, -710, 710), weight: 1 },
);

export const size: fc.Arbitrary<number> = fc.integer({ min: 1, max: MAX_SIZE });
export const steps: fc.Arbitrary<number> = fc.integer({ min: 1, max: MAX_STEPS });

export function vector(length: number, values: fc.Arbitrary<number>): fc.Arbitrary<Vector> {
  return fc.array(values, { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs));
}

export function matrixOf(rows: number, cols: number, values: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  return vector(rows * cols, values).map((data) => ({ rows, cols, data }));
}

/** A gate's W (H × (H + D)) and b, with weights from weightsFor(values). */
export function gate(H: number, D: number, values: fc.Arbitrary<number>): fc.Arbitrary<Gate> {
  return fc.record({ W: matrixOf(H, H + D, weightsFor(values)), b: vector(H, values) });
}

export function lstmParams(H: number, D: number, values: fc.Arbitrary<number>): fc.Arbitrary<LstmParams> {
  return fc.record({
    forget: gate(H, D, values),
    input: gate(H, D, values),
    candidate: gate(H, D, values),
    output: gate(H, D, values),
  });
}

export function vectors(count: number, length: number, values: fc.Arbitrary<number>): fc.Arbitrary<Vector[]> {
  return fc.array(vector(length, values), { minLength: count, maxLength: count });
}
