import { describe, expect, it } from 'vitest';
import * as exerciseReadout from '../../../../exercises/11-readout/readout';
import { isNotImplemented } from '../../../../lib/not-implemented';
import type { Vector } from '../../../../lib/types';
import * as sequence from '../../../../solutions/09-lstm-sequence/lstm-sequence';
import * as readout from '../../../../solutions/11-readout/readout';
import { loadSeattleWeather } from '../../../../grader/weather/dataset';
import { trainReference } from '../../../../grader/weather/reference';
import { taskConfig } from '../../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../../grader/weather/split';
import type { SequenceTaskData } from '../../../../grader/weather/trainer/data';
import { studentsRecord } from '../../../../grader/weather/trainer/student';
import { trainSequenceTask } from '../../../../grader/weather/trainer/train';

const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);

/** The first `days` training days: enough to exercise the trainer in a fraction of a second. */
function firstDays(task: 'regression' | 'classification', days: number): SequenceTaskData {
  const data = trainingData(split, task);
  const D = data.features.cols;
  return { features: { rows: days, cols: D, data: data.features.data.slice(0, days * D) }, targets: data.targets.slice(0, days) };
}

const modules = studentsRecord({ sequence, readout });
const withModules = (m: { sequence: object; readout: object }) => studentsRecord(m as never);

describe('trainSequenceTask', () => {
  for (const task of ['regression', 'classification'] as const) {
    it(`trains solutions/09 and 11 exactly like the fast reference on the ${task}, from the same weights and order`, () => {
      const config = { ...taskConfig(task, 42), epochs: 2, curveEvery: 4 };
      const data = firstDays(task, 200);
      const student = trainSequenceTask(modules, config, data);
      const reference = trainReference(config, data);
      expect(student.stepsRun).toBe(2 * Math.ceil((200 - config.window) / config.batch));
      expect(student.curve.map((p) => p.step)).toEqual(reference.curve.map((p) => p.step));
      student.curve.forEach((p, k) => expect(Math.abs(p.loss - reference.curve[k].loss)).toBeLessThan(1e-12 * reference.curve[k].loss));
      const gap = Math.max(...student.params.input.W.data.map((v, k) => Math.abs(v - reference.params.input.W.data[k])));
      expect(gap).toBeLessThan(1e-12);
      expect(Math.max(...student.readout.W.data.map((v, k) => Math.abs(v - reference.readout.W.data[k])))).toBeLessThan(1e-12);
      expect(Math.max(...student.readout.b.map((v, k) => Math.abs(v - reference.readout.b[k])))).toBeLessThan(1e-12);
      expect(student.diverged).toBeNull();
      expect(student.probe.hs).toHaveLength(config.window);
      expect(task === 'classification' ? typeof student.curve[0].accuracy : student.curve[0].accuracy).toBe(
        task === 'classification' ? 'number' : null,
      );
    });
  }

  it('rejects bad arguments with errors that name them', () => {
    const config = taskConfig('regression', 1);
    const data = firstDays('regression', 50);
    expect(() => trainSequenceTask({ '09-lstm-sequence': sequence }, config, data)).toThrow(
      'trainSequenceTask: argument students must hold the module of 11-readout exporting the function denseForward',
    );
    expect(() =>
      trainSequenceTask({ '09-lstm-sequence': { lstmForward: sequence.lstmForward }, '11-readout': readout }, config, data),
    ).toThrow('trainSequenceTask: argument students must hold the module of 09-lstm-sequence exporting the function lstmBackward');
    expect(() => trainSequenceTask(null as never, config, data)).toThrow(
      'trainSequenceTask: argument students must hold the module of 09-lstm-sequence',
    );
    expect(() => trainSequenceTask(modules, { ...config, window: 0 }, data)).toThrow(
      'trainSequenceTask: argument config.window must be a positive integer, got 0',
    );
    expect(() => trainSequenceTask(modules, { ...config, task: 'ranking' as never }, data)).toThrow(
      "trainSequenceTask: argument config.task must be 'regression' or 'classification', got ranking",
    );
    expect(() => trainSequenceTask(modules, { ...config, outputs: 2 }, data)).toThrow(
      'trainSequenceTask: argument config.outputs must be 1 for the regression task, got 2',
    );
    expect(() => trainSequenceTask(modules, { ...config, finalLearningRate: 1 }, data)).toThrow(
      'trainSequenceTask: argument config.finalLearningRate must be a number from 0 to config.learningRate, got 1',
    );
    expect(() => trainSequenceTask(modules, config, { ...data, features: { ...data.features, cols: 3 } })).toThrow(
      'trainSequenceTask: argument data.features must be days × 11 (config.inputs), got 50 × 3 with 550 entries',
    );
    expect(() => trainSequenceTask(modules, config, firstDays('regression', 7))).toThrow(
      'trainSequenceTask: argument data.features must hold more than config.window = 7 days, got 7',
    );
    const nan = firstDays('regression', 50);
    nan.features.data[13] = Number.NaN;
    expect(() => trainSequenceTask(modules, config, nan)).toThrow(
      'trainSequenceTask: argument data.features.data[13] is NaN, not a finite number',
    );
    const badLabel = firstDays('classification', 50);
    badLabel.targets[20] = 5;
    expect(() => trainSequenceTask(modules, taskConfig('classification', 1), badLabel)).toThrow(
      'trainSequenceTask: argument data.targets[20] must be a class index from 0 to 4, got 5',
    );
    expect(() => trainSequenceTask(modules, config, { ...data, targets: new Float64Array(3) })).toThrow(
      'trainSequenceTask: argument data.targets must be a Float64Array of length 50 (one per day)',
    );
  });

  it('names the student function whose result has the wrong shape', () => {
    const config = { ...taskConfig('classification', 1), epochs: 1 };
    const data = firstDays('classification', 40);
    const shortStates = {
      ...sequence,
      lstmForward: (...args: Parameters<typeof sequence.lstmForward>) => ({ ...sequence.lstmForward(...args), hs: [] }),
    };
    expect(() => trainSequenceTask(withModules({ sequence: shortStates, readout }), config, data)).toThrow(
      'trainSequenceTask: lstmForward must return { hs, cs, caches } with 7 hidden states in hs',
    );
    const wrongLogits = { ...readout, denseForward: () => new Float64Array(3) };
    expect(() => trainSequenceTask(withModules({ sequence, readout: wrongLogits }), config, data)).toThrow(
      'trainSequenceTask: denseForward must be a Float64Array of length 5, got length 3',
    );
    const stringLoss = { ...readout, softmaxCrossEntropy: () => '1.5' };
    expect(() => trainSequenceTask(withModules({ sequence, readout: stringLoss }), config, data)).toThrow(
      'trainSequenceTask: softmaxCrossEntropy must return a number, got string',
    );
    const noDh = {
      ...readout,
      denseBackward: (...args: Parameters<typeof readout.denseBackward>) => ({ ...readout.denseBackward(...args), dh: undefined }),
    };
    expect(() => trainSequenceTask(withModules({ sequence, readout: noDh }), config, data)).toThrow(
      "trainSequenceTask: denseBackward's dh must be a Float64Array of length 8, got undefined",
    );
    const smallGrad = {
      ...sequence,
      lstmBackward: (...args: Parameters<typeof sequence.lstmBackward>) => {
        const out = sequence.lstmBackward(...args);
        out.grads.candidate.db = new Float64Array(2);
        return out;
      },
    };
    expect(() => trainSequenceTask(withModules({ sequence: smallGrad, readout }), config, data)).toThrow(
      "trainSequenceTask: lstmBackward's grads.candidate.db must be a Float64Array of length 8, got length 2",
    );
  });

  it('lets NotImplementedError of a stub through, so the grader can say "not attempted"', () => {
    let thrown: unknown;
    try {
      trainSequenceTask(withModules({ sequence, readout: exerciseReadout }), taskConfig('regression', 1), firstDays('regression', 40));
    } catch (error) {
      thrown = error;
    }
    expect(isNotImplemented(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('denseForward is not implemented yet');
  });

  it('stops with finite weights when the loss stops being a number, and says where', () => {
    const nanLoss = { ...readout, mseLoss: (y: Vector, target: Vector) => (target[0] > 1 ? Number.NaN : readout.mseLoss(y, target)) };
    const config = { ...taskConfig('regression', 3), epochs: 1 };
    const outcome = trainSequenceTask(withModules({ sequence, readout: nanLoss }), config, firstDays('regression', 300));
    expect(outcome.diverged).not.toBeNull();
    expect(outcome.diverged!.loss).toBeNaN();
    expect(outcome.stepsRun).toBe(outcome.diverged!.step - 1);
    const weights = [outcome.params.forget.W.data, outcome.params.output.b, outcome.readout.W.data, outcome.readout.b];
    expect(weights.every((w) => w.every(Number.isFinite))).toBe(true);
  });
});
