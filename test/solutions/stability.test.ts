/**
 * The reference never returns NaN or ±Infinity, however large the inputs or pre-activations:
 * ±30 (deep saturation), ±709.8 / ±710 (where e^z overflows), ±745 (where e^−z underflows to 0),
 * ±1000 and ±1e308. A naive e^z / (1 + e^z) or (e^z − e^−z) / (e^z + e^−z) gives Infinity / Infinity
 * = NaN from z = 710 on. A trusted test, so it imports solutions/ directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gate, LstmParams, Vector } from '../../lib/types';
import { sigmoid, sigmoidBackward, tanh, tanhBackward } from '../../solutions/01-activations/activations';
import { affine } from '../../solutions/02-affine/affine';
import { forgetGate, forgetGateBackward } from '../../solutions/03-forget-gate/forget-gate';
import { inputGate, inputGateBackward } from '../../solutions/04-input-gate/input-gate';
import { candidate, candidateBackward } from '../../solutions/05-candidate/candidate';
import { cellState, cellStateBackward } from '../../solutions/06-cell-state/cell-state';
import { hiddenState, hiddenStateBackward, outputGate, outputGateBackward } from '../../solutions/07-output-gate/output-gate';
import { lstmCellBackward, lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { lstmBackward, lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';

const NUM_RUNS = 150;
const EDGE_VALUES = [0, 30, 709.8, 710, 745, 746, 1000, 1e308, Number.MAX_VALUE].flatMap((v) => [v, -v]);

/** Grid values /1000 in ±bound, with the edge values mixed in often. */
const value = (bound: number) =>
  fc.oneof(
    fc.constantFrom(...EDGE_VALUES.filter((v) => Math.abs(v) <= bound)),
    fc.integer({ min: -bound * 1000, max: bound * 1000 }).map((v) => v / 1000),
  );
const vectorOf = (arb: fc.Arbitrary<number>, length: number): fc.Arbitrary<Vector> =>
  fc.array(arb, { minLength: length, maxLength: length }).map((values) => Float64Array.from(values));

/** Any pre-activation up to ±1e308 (and the largest double). */
const extremeZ = fc.oneof(fc.constantFrom(...EDGE_VALUES), value(1000));
const gridVector = (length: number, bound: number) =>
  vectorOf(
    fc.integer({ min: -bound * 1000, max: bound * 1000 }).map((v) => v / 1000),
    length,
  );
const unitInterval = (length: number) =>
  vectorOf(
    fc.integer({ min: 0, max: 1000 }).map((v) => v / 1000),
    length,
  );

const size = fc.integer({ min: 1, max: 5 });

/** Large weights (±100) and biases (±1000): pre-activations reach thousands, all gates saturate. */
const largeGate = (H: number, D: number): fc.Arbitrary<Gate> =>
  fc.record({
    W: gridVector(H * (H + D), 100).map((data) => ({ rows: H, cols: H + D, data })),
    b: vectorOf(value(1000), H),
  });
const largeParams = (H: number, D: number): fc.Arbitrary<LstmParams> =>
  fc.record({ forget: largeGate(H, D), input: largeGate(H, D), candidate: largeGate(H, D), output: largeGate(H, D) });

/** Every number in every Float64Array reachable from `value`. */
function allNumbers(value: unknown): number[] {
  if (value instanceof Float64Array) return Array.from(value);
  if (Array.isArray(value)) return value.flatMap(allNumbers);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allNumbers);
  return [];
}

function expectFinite(what: string, value: unknown): void {
  const numbers = allNumbers(value);
  expect(numbers.length, `${what}: nothing returned`).toBeGreaterThan(0);
  expect(
    numbers.filter((v) => !Number.isFinite(v)),
    `${what}: NaN or ±Infinity`,
  ).toEqual([]);
}

const sortedAscending = (v: Vector) => Float64Array.from(v).sort();

describe('sigmoid and tanh at the edges of float64', () => {
  it('sigmoid(±1000) is 1 exactly and 0 within 1e-300; tanh(±1000) is ±1', () => {
    const s = sigmoid(Float64Array.of(1000, -1000, 1e308, -1e308));
    expect(s[0]).toBe(1);
    expect(s[1]).toBeGreaterThanOrEqual(0);
    expect(s[1]).toBeLessThanOrEqual(1e-300);
    expect(s[2]).toBe(1);
    expect(s[3]).toBe(0);
    expect(Array.from(tanh(Float64Array.of(1000, -1000, 1e308, -1e308)))).toEqual([1, -1, 1, -1]);
  });

  it('sigmoid keeps tiny tails positive instead of rounding them to 0 early: σ(−709.8) ≈ e^−709.8', () => {
    const [s] = sigmoid(Float64Array.of(-709.8));
    expect(s).toBeGreaterThan(0);
    expect(Math.abs(s - Math.exp(-709.8)) / Math.exp(-709.8)).toBeLessThan(1e-12);
  });

  it('are finite, in range, monotone and (anti)symmetric for any z up to ±1e308', () => {
    fc.assert(
      fc.property(
        size.chain((n) => vectorOf(extremeZ, n)),
        (z) => {
          const s = sigmoid(z);
          const t = tanh(z);
          expectFinite('sigmoid', s);
          expectFinite('tanh', t);
          for (let k = 0; k < z.length; k++) {
            expect(s[k]).toBeGreaterThanOrEqual(0);
            expect(s[k]).toBeLessThanOrEqual(1);
            expect(Math.abs(t[k])).toBeLessThanOrEqual(1);
          }
          const negated = z.map((v) => -v);
          const sNeg = sigmoid(negated);
          s.forEach((v, k) => expect(Math.abs(v + sNeg[k] - 1)).toBeLessThanOrEqual(2 * Number.EPSILON));
          expect(Array.from(tanh(negated))).toEqual(Array.from(t, (v) => -v));
          // Monotone: sorting z sorts σ(z) and tanh(z).
          const zs = sortedAscending(z);
          expect(Array.from(sigmoid(zs))).toEqual(Array.from(sortedAscending(s)));
          expect(Array.from(tanh(zs))).toEqual(Array.from(sortedAscending(t)));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('their backwards stay finite for any z and upstream up to ±1000', () => {
    const arb = size.chain((n) => fc.tuple(vectorOf(extremeZ, n), vectorOf(value(1000), n)));
    fc.assert(
      fc.property(arb, ([z, upstream]) => {
        expectFinite('sigmoidBackward', sigmoidBackward(sigmoid(z), upstream));
        expectFinite('tanhBackward', tanhBackward(tanh(z), upstream));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

const gates = {
  forget: { forward: forgetGate, backward: forgetGateBackward },
  input: { forward: inputGate, backward: inputGateBackward },
  candidate: { forward: candidate, backward: candidateBackward },
  output: { forward: outputGate, backward: outputGateBackward },
};

describe('every gate with large weights or extreme pre-activations', () => {
  for (const [name, { forward, backward }] of Object.entries(gates)) {
    it(`${name}: forward and backward finite for weights ±100, biases ±1000`, () => {
      const arb = fc
        .record({ H: size, D: size })
        .chain(({ H, D }) => fc.tuple(largeGate(H, D), gridVector(H, 1), gridVector(D, 3), vectorOf(value(1000), H)));
      fc.assert(
        fc.property(arb, ([gate, hPrev, x, upstream]) => {
          const out = forward(gate, hPrev, x);
          expectFinite(`${name} gate`, out);
          expectFinite(`${name} gate backward`, backward(gate, hPrev, x, out, upstream));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`${name}: forward and backward finite when the pre-activation itself is ±1e308`, () => {
      // W = 0 and b = z make the pre-activation exactly z, whatever hPrev and x are.
      const arb = fc.record({ H: size, D: size }).chain(({ H, D }) =>
        fc.tuple(
          vectorOf(extremeZ, H).map((b): Gate => ({ W: { rows: H, cols: H + D, data: new Float64Array(H * (H + D)) }, b })),
          gridVector(H, 1),
          gridVector(D, 3),
          vectorOf(value(1000), H),
        ),
      );
      fc.assert(
        fc.property(arb, ([gate, hPrev, x, upstream]) => {
          const z = affine(gate.W, gate.b, hPrev, x);
          expect(
            z.every((v, k) => v === gate.b[k]),
            'the pre-activation is b exactly (0 and −0 alike)',
          ).toBe(true);
          const out = forward(gate, hPrev, x);
          expectFinite(`${name} gate`, out);
          expectFinite(`${name} gate backward`, backward(gate, hPrev, x, out, upstream));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});

describe('cell state and hidden state with extreme memories', () => {
  it('cellState / cellStateBackward are finite for cPrev and upstream up to ±1000', () => {
    const arb = size.chain((H) =>
      fc.tuple(unitInterval(H), vectorOf(value(1000), H), unitInterval(H), gridVector(H, 1), vectorOf(value(1000), H)),
    );
    fc.assert(
      fc.property(arb, ([f, cPrev, i, cTilde, dc]) => {
        expectFinite('cellState', cellState(f, cPrev, i, cTilde));
        expectFinite('cellStateBackward', cellStateBackward(f, cPrev, i, cTilde, dc));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('hiddenState / hiddenStateBackward are finite for c up to ±1e308', () => {
    const arb = size.chain((H) => fc.tuple(unitInterval(H), vectorOf(extremeZ, H), vectorOf(value(1000), H)));
    fc.assert(
      fc.property(arb, ([o, c, dh]) => {
        const h = hiddenState(o, c);
        expectFinite('hiddenState', h);
        h.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(1));
        expectFinite('hiddenStateBackward', hiddenStateBackward(o, c, dh));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('the cell and the sequence with large weights', () => {
  it('lstmCellForward / lstmCellBackward are finite (weights ±100, biases ±1000, cPrev ±1000)', () => {
    const arb = fc
      .record({ H: size, D: size })
      .chain(({ H, D }) =>
        fc.tuple(
          largeParams(H, D),
          gridVector(H, 1),
          vectorOf(value(1000), H),
          gridVector(D, 3),
          vectorOf(value(1000), H),
          vectorOf(value(1000), H),
        ),
      );
    fc.assert(
      fc.property(arb, ([params, hPrev, cPrev, x, dh, dc]) => {
        const step = lstmCellForward(params, hPrev, cPrev, x);
        expectFinite('lstmCellForward', step);
        expectFinite('lstmCellBackward', lstmCellBackward(params, step.cache, dh, dc));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('lstmForward / lstmBackward are finite over up to 6 steps', () => {
    const arb = fc
      .record({ H: size, D: size, T: fc.integer({ min: 1, max: 6 }) })
      .chain(({ H, D, T }) =>
        fc.tuple(
          largeParams(H, D),
          fc.array(gridVector(D, 3), { minLength: T, maxLength: T }),
          gridVector(H, 1),
          vectorOf(value(1000), H),
          fc.array(vectorOf(value(1000), H), { minLength: T, maxLength: T }),
          vectorOf(value(1000), H),
        ),
      );
    fc.assert(
      fc.property(arb, ([params, xs, h0, c0, dhs, dcLast]) => {
        const forward = lstmForward(params, xs, h0, c0);
        expectFinite('lstmForward', forward);
        expectFinite('lstmBackward', lstmBackward(params, forward.caches, dhs, dcLast));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
