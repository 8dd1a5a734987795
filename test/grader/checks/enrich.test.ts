/**
 * The shrunk case written out for the report: the inputs by the forward's parameter names, plus
 * the upstream gradients when the failing function is the backward, plus what the failure gathered.
 */
import { describe, expect, it } from 'vitest';
import { failureDetails } from '../../../grader/checks/enrich';
import { CheckFailure } from '../../../grader/checks/failure';
import { pairOf } from '../../../grader/mistakes/answers';
import type { GradientComparison } from '../../../grader/model';

const f64 = (...values: number[]) => Float64Array.from(values);

const gateCase = {
  gate: { W: { rows: 1, cols: 2, data: f64(0.5, -0.25) }, b: f64(0.125) },
  hPrev: f64(1),
  x: f64(-2),
  up: f64(0.75),
};

const gradient: GradientComparison = {
  name: 'dx',
  label: 'dx',
  rows: 1,
  cols: 1,
  analytic: [0.1],
  numerical: [0.2],
  ok: [false],
  worst: { row: 0, col: 0, analytic: 0.1, numerical: 0.2, error: 0.1 },
};

describe('failureDetails', () => {
  it("names a forward's inputs by its parameter names, as plain arrays, and keeps what the failure gathered", () => {
    const { spec } = pairOf('forgetGate');
    const failure = new CheckFailure('forgetGate gives 0.6 at f[0] where the reference gives 0.5', undefined, {
      counterexample: { expected: [0.5], actual: [0.6], differing: ['[0]'] },
    });
    expect(failureDetails(spec, 'forgetGate', gateCase, failure)).toEqual({
      counterexample: {
        inputs: { gate: { W: { rows: 1, cols: 2, data: [0.5, -0.25] }, b: [0.125] }, hPrev: [1], x: [-2] },
        expected: [0.5],
        actual: [0.6],
        differing: ['[0]'],
      },
      gradients: undefined,
    });
  });

  it('adds the upstream gradient of a backward, called "upstream of the output" for a bare vector, and the gradients', () => {
    const { spec } = pairOf('forgetGateBackward');
    const failure = new CheckFailure('forgetGateBackward: dx is wrong', undefined, { gradients: [gradient] });
    const details = failureDetails(spec, 'forgetGateBackward', gateCase, failure);
    expect(details.counterexample).toEqual({
      inputs: { gate: { W: { rows: 1, cols: 2, data: [0.5, -0.25] }, b: [0.125] }, hPrev: [1], x: [-2], 'upstream of the output': [0.75] },
    });
    expect(Object.keys(details.counterexample!.inputs)).toEqual(['gate', 'hPrev', 'x', 'upstream of the output']);
    expect(details.gradients).toEqual([gradient]);
  });

  it('names the upstream gradients of a sequence by the output they flow into', () => {
    const { spec } = pairOf('lstmBackward');
    const gate = { W: { rows: 1, cols: 2, data: f64(0.1, 0.2) }, b: f64(0) };
    const c = {
      params: { forget: gate, input: gate, candidate: gate, output: gate },
      xs: [f64(1), f64(2)],
      h0: f64(0.5),
      c0: f64(-0.5),
      dhs: [f64(0.25), f64(-0.25)],
      dcLast: f64(1),
    };
    const { counterexample } = failureDetails(spec, 'lstmBackward', c, new CheckFailure('lstmBackward: dh0 is wrong'));
    expect(Object.keys(counterexample!.inputs)).toEqual([
      'params',
      'xs',
      'h0',
      'c0',
      'upstream of hs[0]',
      'upstream of hs[1]',
      'upstream of cs[1]',
    ]);
    expect(counterexample!.inputs['upstream of hs[1]']).toEqual([-0.25]);
    expect(counterexample!.inputs['upstream of cs[1]']).toEqual([1]);
    expect(counterexample!.inputs.xs).toEqual([[1], [2]]);
  });

  it('writes non-finite inputs as text, so the counterexample stays JSON', () => {
    const { spec } = pairOf('sigmoid');
    const { counterexample } = failureDetails(
      spec,
      'sigmoid',
      { z: f64(Number.NaN, Infinity, 1), up: f64(1, 1, 1) },
      new CheckFailure('x'),
    );
    expect(counterexample!.inputs).toEqual({ z: ['NaN', 'Infinity', 1] });
    expect(JSON.parse(JSON.stringify(counterexample!.inputs))).toEqual(counterexample!.inputs);
  });
});
