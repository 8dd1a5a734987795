/**
 * Trusted-side check of what the sandbox sends back from trainCopyTask. Nothing is used before it
 * has been copied into fresh arrays and found to have exactly the expected fields, shapes and
 * finite values; the first problem is reported in one sentence.
 */
import type { LstmParams, Matrix } from '../../lib/types';
import { outputSize, inputSize, type CopyTaskConfig } from './config';
import type { ReadoutParams } from './readout';
import type { CurvePoint } from './train-loop';
import type { TrainOutcome } from './train';

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

function finiteArray(value: unknown, length: number, path: string): Float64Array {
  if (!(value instanceof Float64Array)) throw new OutcomeError(`${path} must be a Float64Array of length ${length}`);
  if (value.length !== length) throw new OutcomeError(`${path} must have length ${length}, got ${value.length}`);
  const copy = Float64Array.from(value);
  const bad = copy.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new OutcomeError(`${path}[${bad}] is ${copy[bad]}, not a finite number`);
  return copy;
}

function matrixOf(value: unknown, rows: number, cols: number, path: string): Matrix {
  const m = plainObject(value, path, ['rows', 'cols', 'data']);
  if (m.rows !== rows || m.cols !== cols) {
    throw new OutcomeError(`${path} must be ${rows} × ${cols}, got ${String(m.rows)} × ${String(m.cols)}`);
  }
  return { rows, cols, data: finiteArray(m.data, rows * cols, `${path}.data`) };
}

function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OutcomeError(`${path} must be a finite number, got ${String(value)}`);
  return value;
}

function stepCount(value: unknown, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new OutcomeError(`${path} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

/** A fresh, checked copy of the outcome, or an OutcomeError naming the first problem. */
export function validateOutcome(value: unknown, config: CopyTaskConfig): TrainOutcome {
  const H = config.hidden;
  const D = inputSize(config);
  const top = plainObject(value, 'the training result', ['params', 'readout', 'curve', 'stepsRun', 'stepsToSolve', 'wallMs']);
  const p = plainObject(top.params, 'params', GATES);
  const params = {} as LstmParams;
  for (const gate of GATES) {
    const g = plainObject(p[gate], `params.${gate}`, ['W', 'b']);
    params[gate] = { W: matrixOf(g.W, H, H + D, `params.${gate}.W`), b: finiteArray(g.b, H, `params.${gate}.b`) };
  }
  const r = plainObject(top.readout, 'readout', ['W', 'b']);
  const C = outputSize(config);
  const readout: ReadoutParams = { W: matrixOf(r.W, C, H, 'readout.W'), b: finiteArray(r.b, C, 'readout.b') };
  const stepsRun = stepCount(top.stepsRun, config.maxSteps, 'stepsRun');
  const stepsToSolve = top.stepsToSolve === null ? null : stepCount(top.stepsToSolve, stepsRun, 'stepsToSolve');
  if (!Array.isArray(top.curve) || top.curve.length > config.maxSteps) {
    throw new OutcomeError(`curve must be an array of at most ${config.maxSteps} points`);
  }
  const curve: CurvePoint[] = top.curve.map((point, k) => {
    const c = plainObject(point, `curve[${k}]`, ['step', 'loss', 'accuracy']);
    return {
      step: stepCount(c.step, stepsRun, `curve[${k}].step`),
      loss: finiteNumber(c.loss, `curve[${k}].loss`),
      accuracy: finiteNumber(c.accuracy, `curve[${k}].accuracy`),
    };
  });
  return { params, readout, curve, stepsRun, stepsToSolve, wallMs: finiteNumber(top.wallMs, 'wallMs') };
}
