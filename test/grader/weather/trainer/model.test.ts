/**
 * The two interfaces one training loop trains both the student's functions and the grader's fast
 * reference through (grader/weather/trainer/model.ts): each implementation keeps the contract the
 * loop relies on, checked here on both, and by finite differences.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../../lib/random';
import type { Vector } from '../../../../lib/types';
import * as sequence from '../../../../solutions/09-lstm-sequence/lstm-sequence';
import * as readout from '../../../../solutions/11-readout/readout';
import { FastLstm } from '../../../../grader/copytask/fast-lstm';
import { FastHead } from '../../../../grader/weather/fast-head';
import { taskConfig } from '../../../../grader/weather/settings';
import type { SequenceTaskKind } from '../../../../grader/weather/trainer/config';
import { probeModel } from '../../../../grader/weather/trainer/init';
import type { Head, SequenceModel } from '../../../../grader/weather/trainer/model';
import { StudentHead, StudentLstm } from '../../../../grader/weather/trainer/student';

const STEP = 1e-6;

function sequenceModels(task: SequenceTaskKind): [string, SequenceModel][] {
  const config = taskConfig(task, 3);
  // probeModel: every bias non-zero, so a bias the contract loses would show.
  return [
    ['FastLstm', new FastLstm(probeModel(config).params, config.window)],
    ['StudentLstm (solutions/09)', new StudentLstm(probeModel(config).params, config.window, sequence)],
  ];
}

function heads(task: SequenceTaskKind): [string, Head][] {
  const config = taskConfig(task, 3);
  return [
    ['FastHead', new FastHead(probeModel(config).readout, task)],
    ['StudentHead (solutions/11)', new StudentHead(probeModel(config).readout, task, readout)],
  ];
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, v, k) => sum + v * b[k], 0);

describe('SequenceModel', () => {
  const config = taskConfig('regression', 3);
  const random = new Random(5);
  const xs = Array.from({ length: config.window }, () => random.vector(config.inputs));
  const dhs = Array.from({ length: config.window }, () => random.vector(config.hidden));
  /** The loss Σ_t dhs[t]·hs[t], whose gradient backward(dhs) adds. */
  const objective = (model: SequenceModel) => model.forward(xs).reduce((sum, h, t) => sum + dot(h, dhs[t]), 0);
  const [fast, student] = sequenceModels('regression');

  for (const [name, model] of [fast, student]) {
    it(`${name}: forward gives one hidden state per step; backward adds ∂/∂parameters, read live from the parameter arrays`, () => {
      expect(model.gradients.map((g) => g.length)).toEqual(model.parameters.map((p) => p.length));
      const hs = model.forward(xs);
      expect(hs.map((h) => h.length)).toEqual(xs.map(() => config.hidden));
      model.backward(dhs);
      const once = model.gradients.map((g) => Float64Array.from(g));
      model.forward(xs);
      model.backward(dhs);
      model.gradients.forEach((g, j) => g.forEach((v, k) => expect(v, `gradient ${j}[${k}] doubles`).toBeCloseTo(2 * once[j][k], 12)));
      // Central differences on a few entries of every array, changed in place as the optimiser does.
      model.parameters.forEach((p, j) => {
        for (const k of [0, p.length - 1]) {
          const kept = p[k];
          p[k] = kept + STEP;
          const up = objective(model);
          p[k] = kept - STEP;
          const down = objective(model);
          p[k] = kept;
          expect(Math.abs(once[j][k] - (up - down) / (2 * STEP)), `parameter ${j}[${k}]`).toBeLessThan(1e-7);
        }
      });
    });
  }

  it('the fast reference and the student functions agree on the same weights', () => {
    const [a, b] = [fast[1].forward(xs), student[1].forward(xs)];
    a.forEach((h, t) => h.forEach((v, k) => expect(Math.abs(v - b[t][k])).toBeLessThan(1e-14)));
  });
});

describe('Head', () => {
  const random = new Random(8);
  const h = random.vector(taskConfig('regression', 3).hidden);

  for (const task of ['regression', 'classification'] as const) {
    const target = task === 'regression' ? 0.7 : 2;
    for (const [name, head] of heads(task)) {
      it(`${name}, ${task}: step returns the loss, overwrites dh with ∂loss/∂h and adds ∂loss/∂(W, b)`, () => {
        const dh: Vector = new Float64Array(h.length).fill(99);
        const loss = head.step(h, target, dh);
        const once = head.gradients.map((g) => Float64Array.from(g));
        const firstDh = Float64Array.from(dh);
        expect(head.step(h, target, dh)).toBe(loss);
        expect(Array.from(dh)).toEqual(Array.from(firstDh));
        head.gradients.forEach((g, j) => g.forEach((v, k) => expect(v).toBeCloseTo(2 * once[j][k], 14)));
        const scratch: Vector = new Float64Array(h.length);
        const lossAt = (x: Vector) => {
          const saved = head.gradients.map((g) => Float64Array.from(g));
          const value = head.step(x, target, scratch);
          head.gradients.forEach((g, j) => g.set(saved[j]));
          return value;
        };
        h.forEach((v, k) => {
          const moved = Float64Array.from(h);
          moved[k] = v + STEP;
          const up = lossAt(moved);
          moved[k] = v - STEP;
          const down = lossAt(moved);
          expect(Math.abs(firstDh[k] - (up - down) / (2 * STEP)), `dh[${k}]`).toBeLessThan(1e-7);
        });
        head.parameters.forEach((p, j) => {
          p.forEach((kept, k) => {
            p[k] = kept + STEP;
            const up = lossAt(h);
            p[k] = kept - STEP;
            const down = lossAt(h);
            p[k] = kept;
            expect(Math.abs(once[j][k] - (up - down) / (2 * STEP)), `parameter ${j}[${k}]`).toBeLessThan(1e-7);
          });
        });
      });
    }
  }

  it('lastCorrect says whether the last classification was right, and is false for the regression', () => {
    const classes = taskConfig('classification', 3).outputs;
    for (const [name, head] of heads('classification')) {
      const dh: Vector = new Float64Array(h.length);
      // The same h against every class in turn: exactly one of them is the prediction.
      const right = Array.from({ length: classes }, (_, target) => {
        head.step(h, target, dh);
        return head.lastCorrect();
      });
      expect(right.filter(Boolean), name).toEqual([true]);
    }
    for (const [name, head] of heads('regression')) {
      head.step(h, 0.5, new Float64Array(h.length));
      expect(head.lastCorrect(), name).toBe(false);
    }
  });
});
