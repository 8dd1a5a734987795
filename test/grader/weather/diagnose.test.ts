import { describe, expect, it } from 'vitest';
import { modulesWithBug, REFERENCE_MODULES } from '../../../scripts/weather/bug-variants';
import { loadSeattleWeather } from '../../../grader/weather/dataset';
import { diagnoseProbe } from '../../../grader/weather/diagnose';
import { taskConfig } from '../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../grader/weather/split';
import { runProbe } from '../../../grader/weather/trainer/probe';
import type { StudentModules } from '../../../grader/weather/trainer/student';
import type { Dense, Vector } from '../../../lib/types';
import * as readout from '../../../solutions/11-readout/readout';
import * as sequence from '../../../solutions/09-lstm-sequence/lstm-sequence';
import type { SequenceTaskKind } from '../../../grader/weather/trainer/config';

const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);

function findings(modules: StudentModules, task: SequenceTaskKind) {
  const config = taskConfig(task, 42);
  const data = trainingData(split, task);
  return diagnoseProbe(structuredClone(runProbe(modules, config, data)), config, data);
}

describe('diagnoseProbe', () => {
  it('finds nothing wrong with the reference solutions', () => {
    expect(findings(REFERENCE_MODULES, 'regression')).toEqual([]);
    expect(findings(REFERENCE_MODULES, 'classification')).toEqual([]);
  });

  it('pins a BPTT bug on lstmBackward, and only on it', () => {
    for (const bug of ['bptt-drops-dc-carry', 'bptt-grads-overwritten']) {
      for (const task of ['regression', 'classification'] as const) {
        const found = findings(modulesWithBug(bug), task);
        expect(
          found.map((f) => f.fn),
          `${bug} on the ${task}`,
        ).toEqual(['lstmBackward']);
        expect(found[0].exercise).toBe('lstm-sequence');
        expect(found[0].message).toMatch(
          /^lstmBackward \(exercise 09\) gives other parameter gradients than the reference .*: dW of the forget gate \[0\]\[0\] is /,
        );
      }
    }
  });

  it('pins a loss-gradient bug on the loss backward, not on the functions downstream of it', () => {
    const softmax = findings(modulesWithBug('softmax-gradient-without-onehot'), 'classification');
    expect(softmax.map((f) => f.fn)).toEqual(['softmaxCrossEntropyBackward']);
    expect(softmax[0].message).toMatch(
      /^softmaxCrossEntropyBackward \(exercise 11\) is not the gradient of softmaxCrossEntropy at y = \[.*\] and label \d \(\w+\): ∂L\/∂y\[\d\] is /,
    );
    const mse = findings(modulesWithBug('mse-gradient-wrong-sign'), 'regression');
    expect(mse.map((f) => f.fn)).toEqual(['mseLossBackward']);
    expect(mse[0].actual).toBeCloseTo(-mse[0].expected, 12);
  });

  it('pins forward bugs on the forward function and skips the BPTT comparison that would read its caches', () => {
    const badForward = {
      ...sequence,
      lstmForward: (...args: Parameters<typeof sequence.lstmForward>) => {
        const out = sequence.lstmForward(...args);
        out.hs[2] = out.hs[2].map((v) => v * 1.01);
        return out;
      },
    };
    expect(findings({ sequence: badForward, readout }, 'regression').map((f) => [f.fn, f.value])).toEqual([['lstmForward', 'hs[2][0]']]);
    // Reads W column by column: W·h with the indices swapped, visible with 5 outputs.
    const transposed = {
      ...readout,
      denseForward: (layer: Dense, h: Vector) => {
        const O = layer.W.rows;
        return Float64Array.from(layer.b, (b, r) => h.reduce((sum, v, c) => sum + layer.W.data[c * O + r] * v, b));
      },
    };
    expect(findings({ sequence, readout: transposed }, 'classification').map((f) => f.fn)).toEqual(['denseForward']);
    // The probe's biases are not zero, so a readout that forgets b shows too.
    const noBias = {
      ...readout,
      denseForward: (layer: Dense, h: Vector) => readout.denseForward({ ...layer, b: layer.b.map(() => 0) }, h),
    };
    expect(findings({ sequence, readout: noBias }, 'regression').map((f) => [f.fn, f.value])).toEqual([['denseForward', 'y[0]']]);
  });

  it('pins a dense backward bug on denseBackward', () => {
    const noDh = {
      ...readout,
      denseBackward: (layer: Dense, h: Vector, dy: Vector) => ({ ...readout.denseBackward(layer, h, dy), db: dy.map((v) => 2 * v) }),
    };
    const found = findings({ sequence, readout: noDh }, 'classification');
    expect(found.map((f) => [f.fn, f.value])).toEqual([['denseBackward', 'db[0]']]);
  });
});
