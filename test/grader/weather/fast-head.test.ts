/**
 * The grader's allocation-free readout against solutions/11-readout: the same numbers, bit for bit,
 * which is what lets a correct student follow the reference curve to rounding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastHead } from '../../../grader/weather/fast-head';
import type { Vector } from '../../../lib/types';
import * as readout from '../../../solutions/11-readout/readout';

const grid = (length: number, bound = 3) =>
  fc
    .array(fc.integer({ min: -bound * 1000, max: bound * 1000 }), { minLength: length, maxLength: length })
    .map((v) => Float64Array.from(v, (x) => x / 1000));

const headCase = fc.record({ O: fc.integer({ min: 1, max: 5 }), H: fc.integer({ min: 1, max: 6 }) }).chain(({ O, H }) =>
  fc.record({
    W: grid(O * H).map((data) => ({ rows: O, cols: H, data })),
    b: grid(O),
    h: grid(H, 1),
    target: grid(1),
    label: fc.integer({ min: 0, max: O - 1 }),
  }),
);

/** The numbers, with −0 read as 0: FastHead adds into zeroed buffers (0 + −0 = 0) where the solution assigns. */
const values = (v: ArrayLike<number>) => Array.from(v, (x) => x + 0);

describe('FastHead', () => {
  it('gives the loss, dW, db and dh of solutions/11 bit for bit (zeros up to sign), for both tasks', () => {
    fc.assert(
      fc.property(headCase, ({ W, b, h, target, label }) => {
        const layer = { W, b };
        for (const task of ['regression', 'classification'] as const) {
          if (task === 'classification' && W.rows < 2) continue;
          const head = new FastHead(layer, task);
          const dh = new Float64Array(W.cols);
          const loss = head.step(h, task === 'regression' ? target[0] : label, dh);
          const y = readout.denseForward(layer, h);
          const t = Float64Array.from(y, () => target[0]);
          const expectedLoss = task === 'regression' ? readout.mseLoss(y, t) : readout.softmaxCrossEntropy(y, label);
          const dy: Vector = task === 'regression' ? readout.mseLossBackward(y, t) : readout.softmaxCrossEntropyBackward(y, label);
          const grads = readout.denseBackward(layer, h, dy);
          expect(loss).toBe(expectedLoss);
          expect(values(head.gradients[0])).toEqual(values(grads.dW.data));
          expect(values(head.gradients[1])).toEqual(values(grads.db));
          expect(values(dh)).toEqual(values(grads.dh));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('adds gradients over steps and counts a right classification', () => {
    const layer = { W: { rows: 2, cols: 1, data: Float64Array.from([1, -1]) }, b: new Float64Array(2) };
    const head = new FastHead(layer, 'classification');
    const dh = new Float64Array(1);
    head.step(Float64Array.from([2]), 0, dh);
    expect(head.lastCorrect()).toBe(true);
    const once = Float64Array.from(head.gradients[1]);
    head.step(Float64Array.from([2]), 0, dh);
    expect(Array.from(head.gradients[1])).toEqual(Array.from(once, (v) => 2 * v));
    head.step(Float64Array.from([2]), 1, dh);
    expect(head.lastCorrect()).toBe(false);
  });
});
