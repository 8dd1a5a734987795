/**
 * The forward-only stand-ins the template's time budgets time: the reference's forward passes, and
 * backward passes that return zeros of exactly the shapes the trainers check.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random';
import type { LstmParams } from '../../../lib/types';
import { REFERENCE } from '../../../grader/course';
import { forwardOnlyLstmSequence, forwardOnlyReadout } from '../../../grader/reference/forward-only';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { initLstmParams, lstmParameterArrays } from '../../../grader/copytask/init';
import { trainLstmOnCopyTask } from '../../../grader/copytask/train';

const rng = new Random(3);
const H = 3;
const D = 2;
const gate = () => ({ W: rng.matrix(H, H + D, -1, 1), b: rng.vector(H, -1, 1) });
const params: LstmParams = { forget: gate(), input: gate(), candidate: gate(), output: gate() };

describe('forwardOnlyLstmSequence', () => {
  const standIn = forwardOnlyLstmSequence(REFERENCE);

  it("is the reference's lstmForward", () => {
    expect(standIn.lstmForward).toBe(REFERENCE.lstmForward);
  });

  it('returns zero gradients shaped like lstmBackward', () => {
    const xs = [rng.vector(D, -1, 1), rng.vector(D, -1, 1)];
    const { caches } = REFERENCE.lstmForward(params, xs, new Float64Array(H), new Float64Array(H));
    const out = standIn.lstmBackward(
      params,
      caches,
      xs.map(() => new Float64Array(H)),
      new Float64Array(H),
    );
    for (const name of ['forget', 'input', 'candidate', 'output'] as const) {
      expect(out.grads[name].dW).toEqual({ rows: H, cols: H + D, data: new Float64Array(H * (H + D)) });
      expect(out.grads[name].db).toEqual(new Float64Array(H));
    }
    expect(out.dxs).toEqual([new Float64Array(D), new Float64Array(D)]);
    expect(out.dh0).toEqual(new Float64Array(H));
    expect(out.dc0).toEqual(new Float64Array(H));
  });

  it('runs through the copy task trainer and leaves the weights where they started', () => {
    const config = { ...gradedConfig(42), maxSteps: 3, solveWindow: 4 };
    const run = trainLstmOnCopyTask(standIn as never, config);
    expect(run.stepsRun).toBe(3);
    expect(lstmParameterArrays(run.params)).toEqual(lstmParameterArrays(initLstmParams(config).params));
  });
});

describe('forwardOnlyReadout', () => {
  const standIn = forwardOnlyReadout(REFERENCE);

  it("has the reference's forward functions and zero backward functions of the right shapes", () => {
    expect(standIn.denseForward).toBe(REFERENCE.denseForward);
    expect(standIn.mseLoss).toBe(REFERENCE.mseLoss);
    expect(standIn.softmaxCrossEntropy).toBe(REFERENCE.softmaxCrossEntropy);
    const layer = { W: rng.matrix(2, H, -1, 1), b: rng.vector(2, -1, 1) };
    expect(standIn.denseBackward(layer, rng.vector(H, -1, 1), rng.vector(2, -1, 1))).toEqual({
      dW: { rows: 2, cols: H, data: new Float64Array(2 * H) },
      db: new Float64Array(2),
      dh: new Float64Array(H),
    });
    expect(standIn.mseLossBackward(Float64Array.of(1, 2), Float64Array.of(0, 0))).toEqual(new Float64Array(2));
    expect(standIn.softmaxCrossEntropyBackward(Float64Array.of(1, 2, 3), 1)).toEqual(new Float64Array(3));
  });
});
