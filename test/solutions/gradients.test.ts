/**
 * Every backward of the reference against central finite differences of its own forward, for
 * L = ⟨u, F(inputs)⟩ with a random upstream u, entry by entry, on random shapes (1 ≤ H, D ≤ 5,
 * 1 ≤ T ≤ 6) and grid values. Also: backward never changes its arguments, and a zero upstream
 * gives zero gradients. A trusted test, so it imports solutions/ directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gate, GateGrads, LstmParams, Matrix, Vector } from '../../lib/types';
import { dot, numericalGradient, withinTolerance } from '../../grader/engine/finite-difference';
import { sigmoid, sigmoidBackward, tanh, tanhBackward } from '../../solutions/01-activations/activations';
import { affine, affineBackward } from '../../solutions/02-affine/affine';
import { forgetGate, forgetGateBackward } from '../../solutions/03-forget-gate/forget-gate';
import { inputGate, inputGateBackward } from '../../solutions/04-input-gate/input-gate';
import { candidate, candidateBackward } from '../../solutions/05-candidate/candidate';
import { cellState, cellStateBackward } from '../../solutions/06-cell-state/cell-state';
import { hiddenState, hiddenStateBackward, outputGate, outputGateBackward } from '../../solutions/07-output-gate/output-gate';
import { lstmCellBackward, lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { lstmBackward, lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';

/**
 * Pass rule for analytic vs central-difference values. Measured on the reference over 2000 cases
 * per function, the smallest t with |a − n| ≤ t·(1 + max(|a|, |n|)) was at most 4.8e-9 (BPTT);
 * 1e-6 leaves a margin of 200 so the test never flakes, while the known mistakes (σ for σ′, a
 * missing gradient path) change a gradient by a relative amount of order one.
 */
const FD_TOL = { atol: 1e-6, rtol: 1e-6 };
const NUM_RUNS = 100;

const GATE_NAMES = ['forget', 'input', 'candidate', 'output'] as const;
type GateName = (typeof GATE_NAMES)[number];

// ----- arbitraries: values on a grid of 1/1000 in ±3 (raw fc.double is skewed to tiny values) ---

const gridVector = (length: number, bound = 3): fc.Arbitrary<Vector> =>
  fc
    .array(fc.integer({ min: -bound * 1000, max: bound * 1000 }), { minLength: length, maxLength: length })
    .map((ints) => Float64Array.from(ints, (v) => v / 1000));

const gridMatrix = (rows: number, cols: number): fc.Arbitrary<Matrix> => gridVector(rows * cols).map((data) => ({ rows, cols, data }));

const gateArb = (H: number, D: number): fc.Arbitrary<Gate> => fc.record({ W: gridMatrix(H, H + D), b: gridVector(H) });

/**
 * LSTM weights from the ±3 grid times a scale: at scale 1 most gates saturate when H + D is large,
 * at 0.1 they stay in the curved part of σ and tanh, where a wrong derivative shows most.
 */
const paramsArb = (H: number, D: number): fc.Arbitrary<LstmParams> =>
  fc.constantFrom(1, 0.3, 0.1).chain((scale) =>
    fc.record({ forget: gateArb(H, D), input: gateArb(H, D), candidate: gateArb(H, D), output: gateArb(H, D) }).map((params) => {
      for (const name of GATE_NAMES) {
        params[name].W.data.forEach((v, k, data) => (data[k] = v * scale));
        params[name].b.forEach((v, k, b) => (b[k] = v * scale));
      }
      return params;
    }),
  );

const size = fc.integer({ min: 1, max: 5 });
const shapeArb = fc.record({ H: size, D: size });

// ----- helpers ------------------------------------------------------------------------------

/**
 * Compares an analytic gradient with the central-difference gradient of `loss` with respect to
 * `x` (which `loss` must read afresh), and lists every entry that is off.
 */
function gradientMismatches(what: string, analytic: Float64Array, loss: () => number, x: Float64Array): string[] {
  const numerical = numericalGradient(loss, x);
  const off: string[] = [];
  if (analytic.length !== x.length) return [`${what}: length ${analytic.length}, expected ${x.length}`];
  for (let k = 0; k < x.length; k++) {
    if (!withinTolerance(analytic[k], numerical[k], FD_TOL)) {
      off.push(`${what}[${k}]: analytic ${analytic[k]}, numerical ${numerical[k]}`);
    }
  }
  return off;
}

/** A bit-exact description of every Float64Array reachable from `value`, for "unchanged" checks. */
function fingerprint(value: unknown): string {
  if (value instanceof Float64Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${fingerprint((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return String(value);
}

/** Runs `backward` and checks it left every argument bit for bit as it was. */
function callAndCheckUnchanged<A extends unknown[], R>(name: string, backward: (...args: A) => R, ...args: A): R {
  const before = args.map(fingerprint);
  const result = backward(...args);
  args.forEach((arg, k) => expect(fingerprint(arg), `${name} changed its argument ${k + 1}`).toBe(before[k]));
  return result;
}

/** Every number in every Float64Array reachable from `value` (for the zero-upstream checks). */
function allNumbers(value: unknown): number[] {
  if (value instanceof Float64Array) return Array.from(value);
  if (Array.isArray(value)) return value.flatMap(allNumbers);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allNumbers);
  return [];
}

function expectAllZero(what: string, value: unknown): void {
  const numbers = allNumbers(value);
  expect(numbers.length, `${what}: no gradients returned`).toBeGreaterThan(0);
  expect(
    numbers.filter((v) => v !== 0),
    `${what}: non-zero gradients for a zero upstream`,
  ).toEqual([]);
}

const zerosLike = (v: Vector): Vector => new Float64Array(v.length);

function gateGradMismatches(prefix: string, grads: { dW: Matrix; db: Vector }, gate: Gate, loss: () => number) {
  return [
    ...gradientMismatches(`${prefix}dW`, grads.dW.data, loss, gate.W.data),
    ...gradientMismatches(`${prefix}db`, grads.db, loss, gate.b),
  ];
}

// ----- activations --------------------------------------------------------------------------

describe('activation backwards agree with finite differences of the forward', () => {
  const cases = [
    { name: 'sigmoidBackward', forward: sigmoid, backward: sigmoidBackward },
    { name: 'tanhBackward', forward: tanh, backward: tanhBackward },
  ];
  for (const { name, forward, backward } of cases) {
    it(name, () => {
      const arb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(gridVector(n, 6), gridVector(n)));
      fc.assert(
        fc.property(arb, ([z, u]) => {
          const dz = callAndCheckUnchanged(name, backward, forward(z), u);
          expect(gradientMismatches('dz', dz, () => dot(u, forward(z)), z)).toEqual([]);
          expectAllZero(name, backward(forward(z), zerosLike(u)));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});

// ----- affine and the four gates ------------------------------------------------------------

const affineInputs = shapeArb.chain(({ H, D }) =>
  fc.record({ gate: gateArb(H, D), hPrev: gridVector(H), x: gridVector(D), u: gridVector(H) }),
);

describe('affineBackward agrees with finite differences of affine', () => {
  it('dW, db, dhPrev, dx', () => {
    fc.assert(
      fc.property(affineInputs, ({ gate, hPrev, x, u }) => {
        const loss = () => dot(u, affine(gate.W, gate.b, hPrev, x));
        const grads = callAndCheckUnchanged('affineBackward', affineBackward, gate.W, hPrev, x, u);
        expect([
          ...gateGradMismatches('', grads, gate, loss),
          ...gradientMismatches('dhPrev', grads.dhPrev, loss, hPrev),
          ...gradientMismatches('dx', grads.dx, loss, x),
        ]).toEqual([]);
        expectAllZero('affineBackward', affineBackward(gate.W, hPrev, x, zerosLike(u)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

type GateForward = (gate: Gate, hPrev: Vector, x: Vector) => Vector;
type GateBackward = (gate: Gate, hPrev: Vector, x: Vector, out: Vector, dOut: Vector) => GateGrads;
const gateFunctions: Record<GateName, { forward: GateForward; backward: GateBackward; backwardName: string }> = {
  forget: { forward: forgetGate, backward: forgetGateBackward, backwardName: 'forgetGateBackward' },
  input: { forward: inputGate, backward: inputGateBackward, backwardName: 'inputGateBackward' },
  candidate: { forward: candidate, backward: candidateBackward, backwardName: 'candidateBackward' },
  output: { forward: outputGate, backward: outputGateBackward, backwardName: 'outputGateBackward' },
};

describe('gate backwards agree with finite differences of the gate', () => {
  for (const name of GATE_NAMES) {
    const { forward, backward, backwardName } = gateFunctions[name];
    it(`${backwardName}: dW, db, dhPrev, dx`, () => {
      fc.assert(
        fc.property(affineInputs, ({ gate, hPrev, x, u }) => {
          const loss = () => dot(u, forward(gate, hPrev, x));
          const out = forward(gate, hPrev, x);
          const grads = callAndCheckUnchanged(backwardName, backward, gate, hPrev, x, out, u);
          expect([
            ...gateGradMismatches('', grads, gate, loss),
            ...gradientMismatches('dhPrev', grads.dhPrev, loss, hPrev),
            ...gradientMismatches('dx', grads.dx, loss, x),
          ]).toEqual([]);
          expectAllZero(backwardName, backward(gate, hPrev, x, out, zerosLike(u)));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});

// ----- cell state and hidden state ----------------------------------------------------------

describe('cellStateBackward agrees with finite differences of cellState', () => {
  it('df, dcPrev, di, dcTilde', () => {
    const arb = size.chain((H) => fc.tuple(...Array.from({ length: 5 }, () => gridVector(H))));
    fc.assert(
      fc.property(arb, ([f, cPrev, i, cTilde, u]) => {
        const loss = () => dot(u, cellState(f, cPrev, i, cTilde));
        const grads = callAndCheckUnchanged('cellStateBackward', cellStateBackward, f, cPrev, i, cTilde, u);
        expect([
          ...gradientMismatches('df', grads.df, loss, f),
          ...gradientMismatches('dcPrev', grads.dcPrev, loss, cPrev),
          ...gradientMismatches('di', grads.di, loss, i),
          ...gradientMismatches('dcTilde', grads.dcTilde, loss, cTilde),
        ]).toEqual([]);
        expectAllZero('cellStateBackward', cellStateBackward(f, cPrev, i, cTilde, zerosLike(u)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('hiddenStateBackward agrees with finite differences of hiddenState', () => {
  it('do, dc', () => {
    const arb = size.chain((H) => fc.tuple(gridVector(H), gridVector(H), gridVector(H)));
    fc.assert(
      fc.property(arb, ([o, c, u]) => {
        const loss = () => dot(u, hiddenState(o, c));
        const grads = callAndCheckUnchanged('hiddenStateBackward', hiddenStateBackward, o, c, u);
        expect([...gradientMismatches('do', grads.do, loss, o), ...gradientMismatches('dc', grads.dc, loss, c)]).toEqual([]);
        expectAllZero('hiddenStateBackward', hiddenStateBackward(o, c, zerosLike(u)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ----- the cell and the sequence ------------------------------------------------------------

function paramMismatches(grads: { [K in GateName]: { dW: Matrix; db: Vector } }, params: LstmParams, loss: () => number) {
  return GATE_NAMES.flatMap((name) => gateGradMismatches(`${name}.`, grads[name], params[name], loss));
}

describe('lstmCellBackward agrees with finite differences of lstmCellForward', () => {
  it("every gate's dW and db, dhPrev, dcPrev, dx for L = ⟨uh, h⟩ + ⟨uc, c⟩", () => {
    const arb = shapeArb.chain(({ H, D }) =>
      fc.record({
        params: paramsArb(H, D),
        hPrev: gridVector(H),
        cPrev: gridVector(H),
        x: gridVector(D),
        uh: gridVector(H),
        uc: gridVector(H),
      }),
    );
    fc.assert(
      fc.property(arb, ({ params, hPrev, cPrev, x, uh, uc }) => {
        const loss = () => {
          const { h, c } = lstmCellForward(params, hPrev, cPrev, x);
          return dot(uh, h) + dot(uc, c);
        };
        const { cache } = lstmCellForward(params, hPrev, cPrev, x);
        const back = callAndCheckUnchanged('lstmCellBackward', lstmCellBackward, params, cache, uh, uc);
        expect([
          ...paramMismatches(back.grads, params, loss),
          ...gradientMismatches('dhPrev', back.dhPrev, loss, hPrev),
          ...gradientMismatches('dcPrev', back.dcPrev, loss, cPrev),
          ...gradientMismatches('dx', back.dx, loss, x),
        ]).toEqual([]);
        expectAllZero('lstmCellBackward', lstmCellBackward(params, cache, zerosLike(uh), zerosLike(uc)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('lstmBackward agrees with finite differences of lstmForward', () => {
  it("every gate's dW and db, dxs[t], dh0, dc0 for L = Σ_t ⟨u_t, h_t⟩ + ⟨v, c_T⟩", () => {
    const arb = fc.record({ H: size, D: size, T: fc.integer({ min: 1, max: 6 }) }).chain(({ H, D, T }) =>
      fc.record({
        params: paramsArb(H, D),
        xs: fc.array(gridVector(D), { minLength: T, maxLength: T }),
        h0: gridVector(H),
        c0: gridVector(H),
        us: fc.array(gridVector(H), { minLength: T, maxLength: T }),
        v: gridVector(H),
      }),
    );
    fc.assert(
      fc.property(arb, ({ params, xs, h0, c0, us, v }) => {
        const loss = () => {
          const { hs, cs } = lstmForward(params, xs, h0, c0);
          return hs.reduce((sum, h, t) => sum + dot(us[t], h), 0) + dot(v, cs[cs.length - 1]);
        };
        const { caches } = lstmForward(params, xs, h0, c0);
        const back = callAndCheckUnchanged('lstmBackward', lstmBackward, params, caches, us, v);
        expect(back.dxs.length).toBe(xs.length);
        expect([
          ...paramMismatches(back.grads, params, loss),
          ...xs.flatMap((x, t) => gradientMismatches(`dxs[${t}]`, back.dxs[t], loss, x)),
          ...gradientMismatches('dh0', back.dh0, loss, h0),
          ...gradientMismatches('dc0', back.dc0, loss, c0),
        ]).toEqual([]);
        expectAllZero('lstmBackward', lstmBackward(params, caches, us.map(zerosLike), zerosLike(v)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
