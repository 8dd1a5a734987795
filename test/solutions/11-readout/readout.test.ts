/**
 * The reference readout and losses (solutions/11-readout): each backward against central finite
 * differences of its own forward on random shapes and grid values (entry by entry), the worked
 * example of the README, finiteness at logits of ±1000, arguments left unchanged, and errors that
 * name the argument and the function. A trusted test, so it imports solutions/ directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dot, numericalGradient, withinTolerance } from '../../../grader/engine/finite-difference';
import type { Dense, Vector } from '../../../lib/types';
import {
  denseBackward,
  denseForward,
  mseLoss,
  mseLossBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
} from '../../../solutions/11-readout/readout';

/** The course's finite-difference pass rule (test/solutions/gradients.test.ts measured it on the reference). */
const FD_TOL = { atol: 1e-6, rtol: 1e-6 };
const NUM_RUNS = 200;

const gridVector = (length: number, bound = 3): fc.Arbitrary<Vector> =>
  fc
    .array(fc.integer({ min: -bound * 1000, max: bound * 1000 }), { minLength: length, maxLength: length })
    .map((ints) => Float64Array.from(ints, (v) => v / 1000));

const size = fc.integer({ min: 1, max: 5 });

const denseCase = fc.record({ O: size, H: size }).chain(({ O, H }) =>
  fc.record({
    layer: fc.record({ W: gridVector(O * H).map((data) => ({ rows: O, cols: H, data })), b: gridVector(O) }),
    h: gridVector(H, 1),
    dy: gridVector(O),
  }),
);

const pairCase = size.chain((n) => fc.record({ y: gridVector(n), target: gridVector(n), u: gridVector(1) }));

const logitsCase = size.chain((C) => fc.record({ logits: gridVector(C, 10), label: fc.integer({ min: 0, max: C - 1 }) }));

function mismatches(what: string, analytic: Float64Array, loss: () => number, x: Float64Array): string[] {
  const numerical = numericalGradient(loss, x);
  const off: string[] = [];
  for (let k = 0; k < x.length; k++) {
    if (!withinTolerance(analytic[k], numerical[k], FD_TOL)) off.push(`${what}[${k}]: analytic ${analytic[k]}, numerical ${numerical[k]}`);
  }
  return off;
}

const hex = (v: Float64Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');

describe('solutions/11-readout against finite differences of its own forward', () => {
  it('denseBackward: dW, db and dh of L = ⟨dy, denseForward(layer, h)⟩', () => {
    fc.assert(
      fc.property(denseCase, ({ layer, h, dy }) => {
        const grads = denseBackward(layer, h, dy);
        const loss = () => dot(dy, denseForward(layer, h));
        expect([
          ...mismatches('dW', grads.dW.data, loss, layer.W.data),
          ...mismatches('db', grads.db, loss, layer.b),
          ...mismatches('dh', grads.dh, loss, h),
        ]).toEqual([]);
        expect([grads.dW.rows, grads.dW.cols]).toEqual([layer.W.rows, layer.W.cols]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('mseLossBackward is the gradient of mseLoss', () => {
    fc.assert(
      fc.property(pairCase, ({ y, target }) => {
        expect(mismatches('dy', mseLossBackward(y, target), () => mseLoss(y, target), y)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('softmaxCrossEntropyBackward is the gradient of softmaxCrossEntropy, and its entries add up to 0', () => {
    fc.assert(
      fc.property(logitsCase, ({ logits, label }) => {
        const grad = softmaxCrossEntropyBackward(logits, label);
        expect(mismatches('dlogits', grad, () => softmaxCrossEntropy(logits, label), logits)).toEqual([]);
        expect(Math.abs(grad.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a zero upstream gradient gives zero dense gradients', () => {
    fc.assert(
      fc.property(denseCase, ({ layer, h, dy }) => {
        const grads = denseBackward(layer, h, new Float64Array(dy.length));
        expect([...grads.dW.data, ...grads.db, ...grads.dh].every((v) => v === 0)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('solutions/11-readout on the README worked example', () => {
  const layer: Dense = { W: { rows: 2, cols: 3, data: Float64Array.from([0.5, -1, 0.25, 2, 0, -0.5]) }, b: Float64Array.from([0.1, -0.3]) };
  const h = Float64Array.from([0.2, -0.4, 0.6]);
  const close = (actual: ArrayLike<number>, expected: number[]) => expected.forEach((e, k) => expect(actual[k]).toBeCloseTo(e, 10));

  it('gives the numbers the README shows', () => {
    const y = denseForward(layer, h);
    close(y, [0.75, -0.2]);
    const grads = denseBackward(layer, h, Float64Array.from([1, -2]));
    close(grads.dW.data, [0.2, -0.4, 0.6, -0.4, 0.8, -1.2]);
    close(grads.db, [1, -2]);
    close(grads.dh, [-3.5, -1, 1.25]);
    expect(mseLoss(y, Float64Array.from([1, 0]))).toBeCloseTo(0.05125, 12);
    close(mseLossBackward(y, Float64Array.from([1, 0])), [-0.25, -0.2]);
    const z = Float64Array.from([2, 1, -1]);
    expect(softmaxCrossEntropy(z, 0)).toBeCloseTo(0.34901, 5);
    expect(softmaxCrossEntropy(z, 2)).toBeCloseTo(3.34901, 5);
    close(
      softmaxCrossEntropyBackward(z, 0).map((v) => Math.round(v * 1e4) / 1e4),
      [-0.2946, 0.2595, 0.0351],
    );
    close(
      softmaxCrossEntropyBackward(z, 2).map((v) => Math.round(v * 1e4) / 1e4),
      [0.7054, 0.2595, -0.9649],
    );
  });
});

describe('softmax cross-entropy at extreme logits', () => {
  it('stays finite and exact for logits of ±1000', () => {
    const logits = Float64Array.from([1000, -1000, 0]);
    expect(softmaxCrossEntropy(logits, 0)).toBe(0);
    expect(softmaxCrossEntropy(logits, 1)).toBe(2000);
    expect(softmaxCrossEntropy(logits, 2)).toBe(1000);
    expect(Array.from(softmaxCrossEntropyBackward(logits, 1))).toEqual([1, -1, 0]);
    expect(Array.from(softmaxCrossEntropyBackward(Float64Array.from([-1000, -1000]), 0))).toEqual([-0.5, 0.5]);
  });

  it('is finite with a gradient summing to 0 for any logits in ±1000', () => {
    const extreme = size.chain((C) =>
      fc.record({
        logits: fc.array(fc.constantFrom(-1000, -30, 0, 30, 1000), { minLength: C, maxLength: C }).map((v) => Float64Array.from(v)),
        label: fc.integer({ min: 0, max: C - 1 }),
      }),
    );
    fc.assert(
      fc.property(extreme, ({ logits, label }) => {
        const loss = softmaxCrossEntropy(logits, label);
        const grad = softmaxCrossEntropyBackward(logits, label);
        expect(Number.isFinite(loss) && loss >= 0).toBe(true);
        expect(grad.every(Number.isFinite)).toBe(true);
        expect(Math.abs(grad.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('solutions/11-readout leaves its arguments alone and names bad ones', () => {
  it('changes no argument', () => {
    fc.assert(
      fc.property(denseCase, logitsCase, pairCase, ({ layer, h, dy }, { logits, label }, { y, target }) => {
        const before = [layer.W.data, layer.b, h, dy, logits, y, target].map(hex);
        denseForward(layer, h);
        denseBackward(layer, h, dy);
        softmaxCrossEntropy(logits, label);
        softmaxCrossEntropyBackward(logits, label);
        mseLoss(y, target);
        mseLossBackward(y, target);
        expect([layer.W.data, layer.b, h, dy, logits, y, target].map(hex)).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  it('throws errors that name the argument and the function', () => {
    const layer: Dense = { W: { rows: 2, cols: 16, data: new Float64Array(32) }, b: new Float64Array(2) };
    expect(() => denseForward(layer, new Float64Array(3))).toThrow(
      'denseForward: argument h must be a Float64Array of length 16, got length 3',
    );
    expect(() => denseBackward(layer, new Float64Array(16), new Float64Array(3))).toThrow(
      'denseBackward: argument dy must be a Float64Array of length 2, got length 3',
    );
    expect(() => denseForward({ ...layer, b: new Float64Array(3) }, new Float64Array(16))).toThrow(
      'denseForward: argument layer.b must be a Float64Array of length 2, got length 3',
    );
    expect(() => denseForward(null as never, new Float64Array(16))).toThrow('denseForward: argument layer must be a Dense');
    expect(() => mseLoss(new Float64Array(2), new Float64Array(3))).toThrow(
      'mseLoss: argument target must be a Float64Array of length 2, got length 3',
    );
    expect(() => mseLossBackward(new Float64Array(0), new Float64Array(0))).toThrow(
      'mseLossBackward: argument y must have at least one entry',
    );
    expect(() => softmaxCrossEntropy(new Float64Array(3), 3)).toThrow(
      'softmaxCrossEntropy: argument label must be an integer from 0 to 2, got 3',
    );
    expect(() => softmaxCrossEntropyBackward(new Float64Array(3), 1.5)).toThrow(
      'softmaxCrossEntropyBackward: argument label must be an integer from 0 to 2, got 1.5',
    );
    expect(() => softmaxCrossEntropy([1, 2] as never, 0)).toThrow('softmaxCrossEntropy: argument logits must be a Float64Array');
  });
});
