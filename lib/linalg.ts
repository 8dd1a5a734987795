/**
 * Small vector and matrix helpers the exercises may use. They deliberately stop short of the
 * course's own math (no matrix-vector product, no outer product): writing those is the point of
 * the affine exercise.
 */
import type { Matrix, Vector } from './types';

/** A vector of `length` zeros. */
export function zeros(length: number): Vector {
  assertSize(length, 'length', 'zeros');
  return new Float64Array(length);
}

/**
 * A `rows` × `cols` row-major matrix. Without `values` it is all zeros; with them, `values` is
 * read row by row and must hold exactly rows·cols numbers.
 */
export function matrix(rows: number, cols: number, values?: ArrayLike<number>): Matrix {
  assertSize(rows, 'rows', 'matrix');
  assertSize(cols, 'cols', 'matrix');
  const data = new Float64Array(rows * cols);
  if (values !== undefined) {
    if (values.length !== rows * cols) {
      throw new RangeError(`matrix: argument values must hold rows·cols = ${rows * cols} numbers, got ${values.length}`);
    }
    data.set(values);
  }
  return { rows, cols, data };
}

/** Entry (row, col) of a row-major matrix. */
export function at(m: Matrix, row: number, col: number): number {
  return m.data[row * m.cols + col];
}

/** [a; b]: a new vector with the entries of `a` followed by those of `b`. */
export function concat(a: Vector, b: Vector): Vector {
  const out = new Float64Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** A fresh copy of a vector, so the original can stay untouched. */
export function copyVector(v: Vector): Vector {
  return Float64Array.from(v);
}

/** A fresh copy of a matrix (its data is copied too). */
export function copyMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/**
 * Throws unless `v` is a Float64Array of the given length. The message names the argument and
 * the function, e.g. `forgetGate: argument hPrev must be a Float64Array of length 3, got length 2`.
 */
export function assertVector(v: unknown, length: number, argument: string, fn: string): asserts v is Vector {
  if (!(v instanceof Float64Array)) {
    throw new TypeError(`${fn}: argument ${argument} must be a Float64Array of length ${length}, got ${describe(v)}`);
  }
  if (v.length !== length) {
    throw new RangeError(`${fn}: argument ${argument} must be a Float64Array of length ${length}, got length ${v.length}`);
  }
}

/** Throws unless `m` is a `rows` × `cols` Matrix whose data has rows·cols entries. */
export function assertMatrix(m: unknown, rows: number, cols: number, argument: string, fn: string): asserts m is Matrix {
  const candidate = m as Partial<Matrix> | null;
  if (typeof m !== 'object' || candidate === null || !(candidate.data instanceof Float64Array)) {
    throw new TypeError(`${fn}: argument ${argument} must be a Matrix { rows, cols, data: Float64Array }, got ${describe(m)}`);
  }
  if (candidate.rows !== rows || candidate.cols !== cols || candidate.data.length !== rows * cols) {
    throw new RangeError(
      `${fn}: argument ${argument} must be ${rows} × ${cols}, got ${String(candidate.rows)} × ${String(candidate.cols)} ` +
        `with ${candidate.data.length} entries`,
    );
  }
}

/** Throws unless two vectors have the same length; for element-wise operations. */
export function assertSameLength(a: Vector, aName: string, b: Vector, bName: string, fn: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${fn}: arguments ${aName} and ${bName} must have the same length, got ${a.length} and ${b.length}`);
  }
}

function assertSize(n: number, argument: string, fn: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${fn}: argument ${argument} must be a non-negative integer, got ${String(n)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Throws unless `gate` fits hidden size H = hPrev.length and input size D = x.length:
 * W is H × (H + D) and b has length H.
 */
export function assertGate(gate: unknown, hiddenSize: number, inputSize: number, argument: string, fn: string): void {
  if (typeof gate !== 'object' || gate === null) {
    throw new TypeError(`${fn}: argument ${argument} must be a Gate { W, b }, got ${describe(gate)}`);
  }
  const { W, b } = gate as { W?: unknown; b?: unknown };
  assertMatrix(W, hiddenSize, hiddenSize + inputSize, `${argument}.W`, fn);
  assertVector(b, hiddenSize, `${argument}.b`, fn);
}
