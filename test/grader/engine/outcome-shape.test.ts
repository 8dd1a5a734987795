/** The training result's shape checks: each names the first problem by its path, and copies what it returns. */
import { describe, expect, it } from 'vitest';
import {
  arrayOf,
  denseOf,
  integerIn,
  lstmParamsOf,
  matrixOf,
  numberOf,
  OutcomeError,
  plainObject,
} from '../../../grader/engine/outcome-shape';

const matrix = (rows: number, cols: number) => ({ rows, cols, data: new Float64Array(rows * cols).fill(0.5) });
const gate = (H: number, D: number) => ({ W: matrix(H, H + D), b: new Float64Array(H) });

describe('outcome shape checks', () => {
  it('want exactly the listed fields, naming the first extra or missing one', () => {
    expect(() => plainObject({ a: 1, b: 2, c: 3 }, 'top', ['a', 'b'])).toThrow(new OutcomeError('top has unexpected field c'));
    expect(() => plainObject({ a: 1 }, 'top', ['a', 'b'])).toThrow('top is missing field b');
    expect(() => plainObject([1], 'top', ['a'])).toThrow('top must be an object with fields a');
    expect(() => plainObject(new Float64Array(1), 'top', ['a'])).toThrow('top must be an object with fields a');
  });

  it('copy arrays, and refuse a wrong type, length or a non-finite entry where finite numbers are due', () => {
    const sent = Float64Array.from([1, 2]);
    const copy = arrayOf(sent, 2, 'b', true);
    expect(copy).toEqual(sent);
    expect(copy).not.toBe(sent);
    expect(() => arrayOf([1, 2], 2, 'b', true)).toThrow('b must be a Float64Array of length 2');
    expect(() => arrayOf(sent, 3, 'b', true)).toThrow('b must have length 3, got 2');
    expect(() => arrayOf(Float64Array.from([1, NaN]), 2, 'b', true)).toThrow('b[1] is NaN, not a finite number');
    expect(arrayOf(Float64Array.from([1, NaN]), 2, 'b', false)[1]).toBeNaN();
  });

  it('check numbers, integers and matrix sizes', () => {
    expect(() => numberOf(Infinity, 'loss', true)).toThrow('loss must be a finite number, got Infinity');
    expect(numberOf(Infinity, 'loss', false)).toBe(Infinity);
    expect(() => integerIn(2.5, 1, 10, 'step')).toThrow('step must be an integer from 1 to 10, got 2.5');
    expect(() => integerIn(11, 1, 10, 'step')).toThrow('step must be an integer from 1 to 10, got 11');
    expect(() => matrixOf(matrix(2, 3), 3, 2, 'W')).toThrow('W must be 3 × 2, got 2 × 3');
  });

  it('read an LSTM and a dense layer, naming the gate and field at fault', () => {
    const H = 2;
    const D = 3;
    const params = { forget: gate(H, D), input: gate(H, D), candidate: gate(H, D), output: gate(H, D) };
    expect(lstmParamsOf(params, H, D, 'params').output.W.cols).toBe(H + D);
    expect(() => lstmParamsOf({ ...params, input: gate(H, D + 1) }, H, D, 'params')).toThrow('params.input.W must be 2 × 5, got 2 × 6');
    expect(() => denseOf({ W: matrix(4, H), b: new Float64Array(3) }, 4, H, 'readout')).toThrow('readout.b must have length 4, got 3');
  });
});
