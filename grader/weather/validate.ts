/**
 * Trusted-side check of what the sandbox sends back from trainSequenceTask (helpers and OutcomeError:
 * grader/engine/outcome-shape.ts): fresh arrays, exactly the expected fields and shapes, finite
 * weights; the first problem is reported in one sentence.
 */
import type { Dense, Vector } from '../../lib/types';
import { LSTM_GATES } from '../checks/slots';
import { arrayOf, denseOf, integerIn, lstmParamsOf, numberOf, OutcomeError, plainObject } from '../engine/outcome-shape';
import type { SequenceTaskConfig } from './trainer/config';
import { stepsPerEpoch, type CurvePoint, type TrainLog } from './trainer/loop';
import { PROBE_EXAMPLE, type ProbeTrace } from './trainer/probe';
import type { SequenceTrainOutcome } from './trainer/train';

function vectorList(value: unknown, count: number, length: number, path: string): Vector[] {
  if (!Array.isArray(value) || value.length !== count) throw new OutcomeError(`${path} must be an array of ${count} vectors`);
  return value.map((v, k) => arrayOf(v, length, `${path}[${k}]`, false));
}

function probeOf(value: unknown, config: SequenceTaskConfig): ProbeTrace {
  const H = config.hidden;
  const O = config.outputs;
  const p = plainObject(value, 'probe', ['example', 'hs', 'y', 'loss', 'dy', 'dense', 'lstm']);
  integerIn(p.example, PROBE_EXAMPLE, PROBE_EXAMPLE, 'probe.example');
  const dense = plainObject(p.dense, 'probe.dense', ['dW', 'db', 'dh']);
  const sizes = LSTM_GATES.flatMap(() => [H * (H + config.inputs), H]);
  if (!Array.isArray(p.lstm) || p.lstm.length !== sizes.length)
    throw new OutcomeError(`probe.lstm must be an array of ${sizes.length} gradient arrays`);
  return {
    example: PROBE_EXAMPLE,
    hs: vectorList(p.hs, config.window, H, 'probe.hs'),
    y: arrayOf(p.y, O, 'probe.y', false),
    loss: numberOf(p.loss, 'probe.loss', false),
    dy: arrayOf(p.dy, O, 'probe.dy', false),
    dense: {
      dW: arrayOf(dense.dW, O * H, 'probe.dense.dW', false),
      db: arrayOf(dense.db, O, 'probe.dense.db', false),
      dh: arrayOf(dense.dh, H, 'probe.dense.dh', false),
    },
    lstm: (p.lstm as unknown[]).map((g, k) => arrayOf(g, sizes[k], `probe.lstm[${k}]`, false)),
  };
}

function divergedOf(value: unknown, maxSteps: number): TrainLog['diverged'] {
  if (value === null) return null;
  const d = plainObject(value, 'diverged', ['step', 'loss', 'gradientNorm']);
  return {
    step: integerIn(d.step, 1, maxSteps, 'diverged.step'),
    loss: numberOf(d.loss, 'diverged.loss', false),
    gradientNorm: numberOf(d.gradientNorm, 'diverged.gradientNorm', false),
  };
}

/** A fresh, checked copy of the outcome for `config` and `examples` training examples, or an OutcomeError naming the first problem. */
export function validateOutcome(value: unknown, config: SequenceTaskConfig, examples: number): SequenceTrainOutcome {
  const H = config.hidden;
  const D = config.inputs;
  const maxSteps = config.epochs * stepsPerEpoch(examples, config.batch);
  const top = plainObject(value, 'the training result', ['params', 'readout', 'curve', 'stepsRun', 'wallMs', 'diverged', 'probe']);
  const params = lstmParamsOf(top.params, H, D, 'params');
  const readout: Dense = denseOf(top.readout, config.outputs, H, 'readout');
  const diverged = divergedOf(top.diverged, maxSteps);
  const stepsRun = integerIn(top.stepsRun, diverged ? diverged.step - 1 : maxSteps, diverged ? diverged.step - 1 : maxSteps, 'stepsRun');
  if (!Array.isArray(top.curve) || top.curve.length > maxSteps)
    throw new OutcomeError(`curve must be an array of at most ${maxSteps} points`);
  const curve: CurvePoint[] = top.curve.map((point, k) => {
    const c = plainObject(point, `curve[${k}]`, ['step', 'loss', 'accuracy']);
    const accuracy = config.task === 'classification' ? numberOf(c.accuracy, `curve[${k}].accuracy`, true) : c.accuracy;
    if (accuracy !== null && config.task === 'regression')
      throw new OutcomeError(`curve[${k}].accuracy must be null for the regression task`);
    return {
      step: integerIn(c.step, 1, Math.max(1, stepsRun), `curve[${k}].step`),
      loss: numberOf(c.loss, `curve[${k}].loss`, true),
      accuracy: accuracy as number | null,
    };
  });
  return { params, readout, curve, stepsRun, wallMs: numberOf(top.wallMs, 'wallMs', true), diverged, probe: probeOf(top.probe, config) };
}
