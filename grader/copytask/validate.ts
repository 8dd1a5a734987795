/**
 * Trusted-side check of what the sandbox sends back from trainCopyTask (helpers and OutcomeError:
 * grader/engine/outcome-shape.ts): fresh arrays, exactly the expected fields, shapes and finite
 * values; the first problem is reported in one sentence.
 */
import { denseOf, integerIn, lstmParamsOf, numberOf, OutcomeError, plainObject } from '../engine/outcome-shape';
import { outputSize, inputSize, type CopyTaskConfig } from './config';
import type { ReadoutParams } from './readout';
import type { CurvePoint } from './train-loop';
import type { TrainOutcome } from './train';

/** A fresh, checked copy of the outcome, or an OutcomeError naming the first problem. */
export function validateOutcome(value: unknown, config: CopyTaskConfig): TrainOutcome {
  const H = config.hidden;
  const D = inputSize(config);
  const top = plainObject(value, 'the training result', ['params', 'readout', 'curve', 'stepsRun', 'stepsToSolve', 'wallMs']);
  const params = lstmParamsOf(top.params, H, D, 'params');
  const readout: ReadoutParams = denseOf(top.readout, outputSize(config), H, 'readout');
  const stepsRun = integerIn(top.stepsRun, 1, config.maxSteps, 'stepsRun');
  const stepsToSolve = top.stepsToSolve === null ? null : integerIn(top.stepsToSolve, 1, stepsRun, 'stepsToSolve');
  if (!Array.isArray(top.curve) || top.curve.length > config.maxSteps) {
    throw new OutcomeError(`curve must be an array of at most ${config.maxSteps} points`);
  }
  const curve: CurvePoint[] = top.curve.map((point, k) => {
    const c = plainObject(point, `curve[${k}]`, ['step', 'loss', 'accuracy']);
    return {
      step: integerIn(c.step, 1, stepsRun, `curve[${k}].step`),
      loss: numberOf(c.loss, `curve[${k}].loss`, true),
      accuracy: numberOf(c.accuracy, `curve[${k}].accuracy`, true),
    };
  });
  return { params, readout, curve, stepsRun, stepsToSolve, wallMs: numberOf(top.wallMs, 'wallMs', true) };
}
