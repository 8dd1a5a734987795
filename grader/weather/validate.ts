/**
 * Trusted-side check of what the sandbox sends back from trainSequenceTask. Nothing is used before it
 * has been copied into fresh arrays and found to have exactly the expected fields and shapes; the
 * weights must be finite numbers. The first problem is reported in one sentence.
 */
import type { Dense, LstmParams, Matrix, Vector } from '../../lib/types';
import type { SequenceTaskConfig } from './trainer/config';
import { stepsPerEpoch, type CurvePoint, type TrainLog } from './trainer/loop';
import { PROBE_EXAMPLE, type ProbeTrace } from './trainer/probe';
import type { SequenceTrainOutcome } from './trainer/train';

export class OutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeError';
  }
}

const GATES = ['forget', 'input', 'candidate', 'output'] as const;

function plainObject(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new OutcomeError(`${path} must be an object with fields ${keys.join(', ')}`);
  }
  const own = Object.keys(value);
  const extra = own.filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new OutcomeError(`${path} has unexpected field ${extra[0]}`);
  const missing = keys.filter((k) => !own.includes(k));
  if (missing.length > 0) throw new OutcomeError(`${path} is missing field ${missing[0]}`);
  return value as Record<string, unknown>;
}

/** A fresh copy of a Float64Array of the given length; with `finite`, every entry must be a finite number. */
function arrayOf(value: unknown, length: number, path: string, finite: boolean): Float64Array {
  if (!(value instanceof Float64Array)) throw new OutcomeError(`${path} must be a Float64Array of length ${length}`);
  if (value.length !== length) throw new OutcomeError(`${path} must have length ${length}, got ${value.length}`);
  const copy = Float64Array.from(value);
  if (finite) {
    const bad = copy.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new OutcomeError(`${path}[${bad}] is ${copy[bad]}, not a finite number`);
  }
  return copy;
}

function matrixOf(value: unknown, rows: number, cols: number, path: string): Matrix {
  const m = plainObject(value, path, ['rows', 'cols', 'data']);
  if (m.rows !== rows || m.cols !== cols) {
    throw new OutcomeError(`${path} must be ${rows} × ${cols}, got ${String(m.rows)} × ${String(m.cols)}`);
  }
  return { rows, cols, data: arrayOf(m.data, rows * cols, `${path}.data`, true) };
}

function numberOf(value: unknown, path: string, finite: boolean): number {
  if (typeof value !== 'number' || (finite && !Number.isFinite(value))) {
    throw new OutcomeError(`${path} must be a ${finite ? 'finite ' : ''}number, got ${String(value)}`);
  }
  return value;
}

function integerIn(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OutcomeError(`${path} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

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
  const sizes = GATES.flatMap(() => [H * (H + config.inputs), H]);
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
  const p = plainObject(top.params, 'params', GATES);
  const params = {} as LstmParams;
  for (const gate of GATES) {
    const g = plainObject(p[gate], `params.${gate}`, ['W', 'b']);
    params[gate] = { W: matrixOf(g.W, H, H + D, `params.${gate}.W`), b: arrayOf(g.b, H, `params.${gate}.b`, true) };
  }
  const r = plainObject(top.readout, 'readout', ['W', 'b']);
  const readout: Dense = { W: matrixOf(r.W, config.outputs, H, 'readout.W'), b: arrayOf(r.b, config.outputs, 'readout.b', true) };
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
