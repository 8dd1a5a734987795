import { describe, expect, it } from 'vitest';
import { REFERENCE_MODULES } from '../../../scripts/weather/bug-variants';
import { loadSeattleWeather } from '../../../grader/weather/dataset';
import { taskConfig } from '../../../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../../../grader/weather/split';
import { exampleCount } from '../../../grader/weather/trainer/data';
import { studentsRecord } from '../../../grader/weather/trainer/student';
import { trainSequenceTask } from '../../../grader/weather/trainer/train';
import { OutcomeError } from '../../../grader/engine/outcome-shape';
import { validateOutcome } from '../../../grader/weather/validate';

const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
const data = trainingData(split, 'classification');
const small = {
  features: { ...data.features, rows: 60, data: data.features.data.slice(0, 60 * data.features.cols) },
  targets: data.targets.slice(0, 60),
};
const config = { ...taskConfig('classification', 9), epochs: 1 };
const examples = exampleCount(small, config);
const outcome = trainSequenceTask(studentsRecord(REFERENCE_MODULES), config, small);

/** A structured clone of the outcome with one change applied, as a hostile or buggy sandbox might send. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tampering test writes values of any shape into any field
function tampered(change: (value: any) => void): unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const copy = structuredClone(outcome) as any;
  change(copy);
  return copy;
}

const rejects = (value: unknown, message: string) => {
  expect(() => validateOutcome(value, config, examples)).toThrow(OutcomeError);
  expect(() => validateOutcome(value, config, examples)).toThrow(message);
};

describe('validateOutcome', () => {
  it('accepts a real outcome and returns fresh copies', () => {
    const copy = structuredClone(outcome);
    const checked = validateOutcome(copy, config, examples);
    expect(checked.params.forget.W.data).toEqual(outcome.params.forget.W.data);
    expect(checked.params.forget.W.data).not.toBe(copy.params.forget.W.data);
    expect(checked.probe.lstm).toHaveLength(8);
    expect(checked.curve).toEqual(outcome.curve);
  });

  it('rejects wrong shapes, missing or extra fields and non-finite weights, naming the field', () => {
    rejects(null, 'the training result must be an object with fields params, readout, curve, stepsRun, wallMs, diverged, probe');
    rejects(
      tampered((v) => delete v.probe),
      'the training result is missing field probe',
    );
    rejects(
      tampered((v) => (v.extra = 1)),
      'the training result has unexpected field extra',
    );
    rejects(
      tampered((v) => (v.params.input.W.rows = 9)),
      'params.input.W must be 8 × 19, got 9 × 19',
    );
    rejects(
      tampered((v) => (v.params.output.b = new Float64Array(7))),
      'params.output.b must have length 8, got 7',
    );
    rejects(
      tampered((v) => (v.params.candidate.W.data[4] = Number.POSITIVE_INFINITY)),
      'params.candidate.W.data[4] is Infinity, not a finite number',
    );
    rejects(
      tampered((v) => (v.readout.b = [0, 0, 0, 0, 0])),
      'readout.b must be a Float64Array of length 5',
    );
    rejects(
      tampered((v) => (v.readout.W.data[0] = Number.NaN)),
      'readout.W.data[0] is NaN, not a finite number',
    );
    rejects(
      tampered((v) => (v.stepsRun = 1)),
      `stepsRun must be an integer from ${outcome.stepsRun} to ${outcome.stepsRun}, got 1`,
    );
    rejects(
      tampered((v) => (v.curve[0].loss = Number.NaN)),
      'curve[0].loss must be a finite number, got NaN',
    );
    rejects(
      tampered((v) => (v.curve[0].step = 10_000)),
      `curve[0].step must be an integer from 1 to ${outcome.stepsRun}, got 10000`,
    );
    rejects(
      tampered((v) => (v.probe.hs = v.probe.hs.slice(1))),
      'probe.hs must be an array of 7 vectors',
    );
    rejects(
      tampered((v) => (v.probe.dense.dW = new Float64Array(3))),
      'probe.dense.dW must have length 40, got 3',
    );
    rejects(
      tampered((v) => (v.probe.example = 3)),
      'probe.example must be an integer from 0 to 0, got 3',
    );
    rejects(
      tampered((v) => (v.diverged = { step: 0, loss: 1, gradientNorm: 1 })),
      'diverged.step must be an integer from 1 to',
    );
  });

  it('keeps non-finite numbers in the probe, where they are evidence rather than weights', () => {
    const checked = validateOutcome(
      tampered((v) => (v.probe.dy[0] = Number.NaN)),
      config,
      examples,
    );
    expect(checked.probe.dy[0]).toBeNaN();
  });
});
