import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE } from '../../../../grader/answer-key';
import { backwardDerived, medianRelativeError } from '../../../../grader/checks/kinds/backward-derived';
import { backwardGradient } from '../../../../grader/checks/kinds/backward-gradient';
import type { Gate, Vector } from '../../../../lib/types';
import { runKind } from './helpers';

/** forgetGateBackward the way a student who never derived it might write it: central differences of forgetGate. */
function numericalForgetGateBackward(gate: Gate, hPrev: Vector, x: Vector, _f: Vector, df: Vector) {
  const loss = () => {
    const f = FULL_REFERENCE.forgetGate(gate, hPrev, x) as Vector;
    return f.reduce((sum, v, k) => sum + v * df[k], 0);
  };
  const grad = (values: Float64Array) =>
    values.map((_, k) => {
      const original = values[k];
      const h = 1e-5 * Math.max(1, Math.abs(original));
      values[k] = original + h;
      const up = loss();
      values[k] = original - h;
      const down = loss();
      values[k] = original;
      return (up - down) / (2 * h);
    });
  return { dW: { rows: gate.W.rows, cols: gate.W.cols, data: grad(gate.W.data) }, db: grad(gate.b), dhPrev: grad(hPrev), dx: grad(x) };
}

describe('the backward-derived kind', () => {
  it('passes the reference and an equivalent analytic formula written differently', async () => {
    expect(await runKind(backwardDerived, 'forgetGate')).toBeUndefined();
    expect(await runKind(backwardDerived, 'lstmForward')).toBeUndefined();
    const rewritten = (s: Vector, ds: Vector) => ds.map((d, k) => d * (s[k] - s[k] * s[k]));
    expect(await runKind(backwardDerived, 'sigmoid', { sigmoidBackward: rewritten })).toBeUndefined();
  });

  it('fails a backward computed by finite differences, which the gradient check passes', async () => {
    expect(await runKind(backwardGradient, 'forgetGate', { forgetGateBackward: numericalForgetGateBackward })).toBeUndefined();
    const failure = await runKind(backwardDerived, 'forgetGate', { forgetGateBackward: numericalForgetGateBackward });
    expect(failure?.message).toMatch(
      /^forgetGateBackward's gradients agree with the analytic ones only to about [\d.e-]+ \(relative\), the accuracy of finite differences/,
    );
  });

  it('leaves wrong gradients to the gradient check', async () => {
    expect(
      await runKind(backwardDerived, 'sigmoid', { sigmoidBackward: (s: Vector, ds: Vector) => ds.map((d, k) => d * s[k]) }),
    ).toBeUndefined();
  });

  it('measures the median relative error over entries that are not tiny', () => {
    const reference = { a: new Float64Array([1, 2, 1e-9]), b: new Float64Array([4]) };
    expect(medianRelativeError({ a: new Float64Array([1, 2, 5]), b: new Float64Array([4]) }, reference)).toBe(0);
    expect(medianRelativeError({ a: new Float64Array([1.1, 2.2, 0]), b: new Float64Array([4.4]) }, reference)).toBeCloseTo(0.1, 12);
    expect(medianRelativeError({ a: new Float64Array([1]) }, reference)).toBeUndefined();
  });
});
