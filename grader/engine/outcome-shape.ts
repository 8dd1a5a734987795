/**
 * Checking what the sandbox sends back from a training task (the copy task's and the sequence
 * tasks' validate.ts): nothing is used before it has been copied into fresh arrays and found to
 * have exactly the expected fields and shapes. Each helper throws an OutcomeError whose message
 * names the first problem by its path in the result.
 */
import type { Dense, LstmParams, Matrix } from '../../lib/types';
import { LSTM_GATES } from '../checks/slots';

export class OutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeError';
  }
}

/** `value` as an object with exactly the fields `keys`. */
export function plainObject(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
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
export function arrayOf(value: unknown, length: number, path: string, finite: boolean): Float64Array {
  if (!(value instanceof Float64Array)) throw new OutcomeError(`${path} must be a Float64Array of length ${length}`);
  if (value.length !== length) throw new OutcomeError(`${path} must have length ${length}, got ${value.length}`);
  const copy = Float64Array.from(value);
  if (finite) {
    const bad = copy.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new OutcomeError(`${path}[${bad}] is ${copy[bad]}, not a finite number`);
  }
  return copy;
}

/** A fresh rows × cols Matrix of finite numbers. */
export function matrixOf(value: unknown, rows: number, cols: number, path: string): Matrix {
  const m = plainObject(value, path, ['rows', 'cols', 'data']);
  if (m.rows !== rows || m.cols !== cols) {
    throw new OutcomeError(`${path} must be ${rows} × ${cols}, got ${String(m.rows)} × ${String(m.cols)}`);
  }
  return { rows, cols, data: arrayOf(m.data, rows * cols, `${path}.data`, true) };
}

export function numberOf(value: unknown, path: string, finite: boolean): number {
  if (typeof value !== 'number' || (finite && !Number.isFinite(value))) {
    throw new OutcomeError(`${path} must be a ${finite ? 'finite ' : ''}number, got ${String(value)}`);
  }
  return value;
}

export function integerIn(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OutcomeError(`${path} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** The four gates' weights of an LSTM with H units and D inputs, at `path` ("params"). */
export function lstmParamsOf(value: unknown, H: number, D: number, path: string): LstmParams {
  const p = plainObject(value, path, LSTM_GATES);
  const params = {} as LstmParams;
  for (const gate of LSTM_GATES) {
    const g = plainObject(p[gate], `${path}.${gate}`, ['W', 'b']);
    params[gate] = { W: matrixOf(g.W, H, H + D, `${path}.${gate}.W`), b: arrayOf(g.b, H, `${path}.${gate}.b`, true) };
  }
  return params;
}

/** A dense layer of `outputs` × `inputs` weights and `outputs` biases, at `path` ("readout"). */
export function denseOf(value: unknown, outputs: number, inputs: number, path: string): Dense {
  const r = plainObject(value, path, ['W', 'b']);
  return { W: matrixOf(r.W, outputs, inputs, `${path}.W`), b: arrayOf(r.b, outputs, `${path}.b`, true) };
}
