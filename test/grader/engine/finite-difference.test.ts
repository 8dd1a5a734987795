/**
 * The finite-difference engine on functions whose derivatives are known in closed form. Every
 * gradient check of the course rests on it, so it is tested on its own first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  directionalDerivative,
  directionalStep,
  dot,
  moveAlong,
  numericalGradient,
  partialDerivative,
  STEP_SCALE,
  stepFor,
  withinTolerance,
} from '../../../grader/engine/finite-difference';

/** Values on a grid of 1/1000 in ±3: fc.double would mostly draw tiny numbers. */
const gridValue = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const gridVector = (length: number) => fc.array(gridValue, { minLength: length, maxLength: length });

/** Central differences with h ≈ 6e-6: errors around 1e-10 on these O(1) functions. */
const FD_TOL = { atol: 1e-8, rtol: 1e-7 };

function expectNear(numerical: number, exact: number, what: string): void {
  expect(withinTolerance(exact, numerical, FD_TOL), `${what}: numerical ${numerical}, exact ${exact}`).toBe(true);
}

function bitsOf(x: Float64Array): string {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex');
}

describe('stepFor', () => {
  it('is cbrt(ε) for |value| ≤ 1 and scales with |value| above', () => {
    expect(STEP_SCALE).toBeCloseTo(6.055e-6, 8);
    expect(stepFor(0)).toBe(STEP_SCALE);
    expect(stepFor(-0.5)).toBe(STEP_SCALE);
    expect(stepFor(-1000)).toBe(STEP_SCALE * 1000);
  });
});

describe('partialDerivative', () => {
  it('differentiates a cubic polynomial: d/dx (2x³ − x² + 5x − 7) = 6x² − 2x + 5', () => {
    fc.assert(
      fc.property(gridValue, (v) => {
        const x = Float64Array.of(v);
        const poly = () => 2 * x[0] ** 3 - x[0] ** 2 + 5 * x[0] - 7;
        expectNear(partialDerivative(poly, x, 0), 6 * v * v - 2 * v + 5, `at x = ${v}`);
      }),
      { numRuns: 200 },
    );
  });

  it('differentiates exp and sin', () => {
    fc.assert(
      fc.property(gridValue, (v) => {
        const x = Float64Array.of(v);
        expectNear(
          partialDerivative(() => Math.exp(x[0]), x, 0),
          Math.exp(v),
          `exp at ${v}`,
        );
        expectNear(
          partialDerivative(() => Math.sin(3 * x[0]), x, 0),
          3 * Math.cos(3 * v),
          `sin(3x) at ${v}`,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is exact (to rounding) for a linear function of a large-magnitude value', () => {
    const x = Float64Array.of(1e6);
    expect(partialDerivative(() => 4 * x[0] - 1, x, 0)).toBeCloseTo(4, 6);
  });

  it('restores the perturbed entry bit for bit, also for values that x + h − h would not give back', () => {
    const values = [0.1, -0.3, 1 / 3, 1e-300, -0, 123456.789, Math.PI];
    const x = Float64Array.from(values);
    const before = bitsOf(x);
    for (let k = 0; k < x.length; k++) partialDerivative(() => x[0] * x[k], x, k);
    expect(bitsOf(x)).toBe(before);
  });
});

describe('numericalGradient', () => {
  it('gives every partial of a product of several inputs: ∂(x0·x1·x2·x3)/∂xk = product of the others', () => {
    fc.assert(
      fc.property(gridVector(4), (values) => {
        const x = Float64Array.from(values);
        const grad = numericalGradient(() => x[0] * x[1] * x[2] * x[3], x);
        values.forEach((_, k) => {
          const others = values.reduce((p, v, j) => (j === k ? p : p * v), 1);
          expectNear(grad[k], others, `∂/∂x${k} at ${values.join(', ')}`);
        });
        expect(Array.from(x)).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the gradient of a mixed function f = sin(x0)·exp(x1) + x2²·x0', () => {
    fc.assert(
      fc.property(gridVector(3), ([a, b, c]) => {
        const x = Float64Array.of(a, b, c);
        const grad = numericalGradient(() => Math.sin(x[0]) * Math.exp(x[1]) + x[2] * x[2] * x[0], x);
        expectNear(grad[0], Math.cos(a) * Math.exp(b) + c * c, '∂f/∂x0');
        expectNear(grad[1], Math.sin(a) * Math.exp(b), '∂f/∂x1');
        expectNear(grad[2], 2 * c * a, '∂f/∂x2');
      }),
      { numRuns: 200 },
    );
  });

  it('returns an empty gradient for an empty input', () => {
    expect(numericalGradient(() => 1, new Float64Array(0))).toEqual(new Float64Array(0));
  });
});

describe('directionalDerivative', () => {
  // f(x, y) = Σ_k sin(x_k)·y_k + exp(Σ y / 4): its gradient is known in closed form.
  const loss = (x: Float64Array, y: Float64Array) => () => {
    let s = 0;
    for (let k = 0; k < x.length; k++) s += Math.sin(x[k]) * y[k];
    return s + Math.exp(y.reduce((a, v) => a + v, 0) / 4);
  };
  const gradients = (x: Float64Array, y: Float64Array) => {
    const e = Math.exp(y.reduce((a, v) => a + v, 0) / 4) / 4;
    return [x.map((v, k) => Math.cos(v) * y[k]), y.map((_, k) => Math.sin(x[k]) + e)];
  };

  it('equals Σ_j ⟨grad_j, d_j⟩ over several input arrays, and restores them bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(gridVector(n), gridVector(n), gridVector(n), gridVector(n))),
        ([xs, ys, dxs, dys]) => {
          const x = Float64Array.from(xs);
          const y = Float64Array.from(ys);
          const before = bitsOf(x) + bitsOf(y);
          const directions = [Float64Array.from(dxs), Float64Array.from(dys)];
          const numerical = directionalDerivative(loss(x, y), [x, y], directions);
          const [gx, gy] = gradients(x, y);
          expectNear(numerical, dot(gx, directions[0]) + dot(gy, directions[1]), 'directional derivative');
          expect(bitsOf(x) + bitsOf(y)).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is 0 along the zero direction without calling the loss', () => {
    let calls = 0;
    const x = Float64Array.of(1, 2);
    expect(directionalDerivative(() => ++calls, [x], [new Float64Array(2)])).toBe(0);
    expect(calls).toBe(0);
  });

  it('rejects mismatched inputs and directions with a message naming the function and argument', () => {
    const x = Float64Array.of(1, 2);
    // The check lives in directionalStep, which directionalDerivative calls; either name is clear.
    expect(() => directionalDerivative(() => 0, [x], [])).toThrow(
      /directional(Derivative|Step): arguments inputs and directions must have the same length, got 1 and 0/,
    );
    expect(() => directionalDerivative(() => 0, [x], [Float64Array.of(1)])).toThrow(
      /directional(Derivative|Step): inputs\[0\] and directions\[0\] must have the same length, got 2 and 1/,
    );
  });
});

describe('directionalStep and moveAlong', () => {
  it('the step is cbrt(ε)·max(1, max |input|) / max |direction|, and 0 for a zero direction', () => {
    const inputs = [Float64Array.of(0.5, -40), Float64Array.of(2)];
    expect(directionalStep(inputs, [Float64Array.of(1, -4), Float64Array.of(0.5)])).toBe((STEP_SCALE * 40) / 4);
    expect(directionalStep([Float64Array.of(0.1)], [Float64Array.of(2)])).toBe(STEP_SCALE / 2);
    expect(directionalStep(inputs, [new Float64Array(2), new Float64Array(1)])).toBe(0);
  });

  it('moveAlong sets inputs[j] = originals[j] + t·directions[j] in place', () => {
    const inputs = [new Float64Array(2), new Float64Array(1)];
    moveAlong(inputs, [Float64Array.of(1, 2), Float64Array.of(3)], [Float64Array.of(1, -1), Float64Array.of(4)], 0.5);
    expect(inputs.map((x) => Array.from(x))).toEqual([[1.5, 1.5], [5]]);
  });
});

describe('withinTolerance', () => {
  const tol = { atol: 1e-8, rtol: 1e-6 };

  it('applies |a − n| ≤ atol + rtol·max(|a|, |n|)', () => {
    expect(withinTolerance(1, 1, tol)).toBe(true);
    expect(withinTolerance(0, 0.9e-8, tol)).toBe(true);
    expect(withinTolerance(0, 2e-8, tol)).toBe(false);
    expect(withinTolerance(1000, 1000.0009, tol)).toBe(true);
    expect(withinTolerance(1000, 1000.002, tol)).toBe(false);
    expect(withinTolerance(-1, 1, tol)).toBe(false);
  });

  it('rejects NaN on either side', () => {
    expect(withinTolerance(NaN, 0, tol)).toBe(false);
    expect(withinTolerance(0, NaN, tol)).toBe(false);
    expect(withinTolerance(NaN, NaN, tol)).toBe(false);
  });

  it('rejects an infinite value on either side (an Infinity gradient must not pass against a finite one)', () => {
    expect(withinTolerance(Infinity, Infinity, tol)).toBe(false);
    expect(withinTolerance(-Infinity, -Infinity, tol)).toBe(false);
    // |∞ − 1| ≤ atol + rtol·∞ holds in IEEE arithmetic, so the rule needs an explicit finiteness test.
    expect(withinTolerance(Infinity, 1, tol)).toBe(false);
    expect(withinTolerance(1, -Infinity, tol)).toBe(false);
  });
});

describe('dot', () => {
  it('is the inner product', () => {
    expect(dot([1, 2, 3], Float64Array.of(4, -5, 6))).toBe(12);
    expect(dot([], [])).toBe(0);
  });
});
