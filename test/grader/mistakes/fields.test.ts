/**
 * An answer as named fields, for recognising mistakes field by field: every array of numbers by
 * its path, the items of a list and the data of a matrix joined under one name; and the layout of
 * each field (a matrix's rows and columns, how many items a list joined).
 */
import { describe, expect, it } from 'vitest';
import { fieldLabel, fieldShapes, fieldsOf } from '../../../grader/mistakes/fields';

const f64 = (...values: number[]) => Float64Array.from(values);
const matrix = (rows: number, cols: number, ...data: number[]) => ({ rows, cols, data: f64(...data) });

describe('fieldsOf', () => {
  it('reads a bare vector, a plain array and a number as the one field "" (the result)', () => {
    expect(fieldsOf(f64(1, 2, 3))).toEqual(new Map([['', [1, 2, 3]]]));
    expect(fieldsOf([4, 5])).toEqual(new Map([['', [4, 5]]]));
    expect(fieldsOf(0.25)).toEqual(new Map([['', [0.25]]]));
  });

  it('reads a matrix as its data only, row by row', () => {
    expect(fieldsOf(matrix(2, 3, 1, 2, 3, 4, 5, 6))).toEqual(new Map([['', [1, 2, 3, 4, 5, 6]]]));
  });

  it("joins the items of a list of vectors under the list's name, in order", () => {
    expect(fieldsOf([f64(1, 2), f64(3, 4), f64(5, 6)])).toEqual(new Map([['', [1, 2, 3, 4, 5, 6]]]));
    expect(fieldsOf({ dxs: [f64(1), f64(2)], dh0: f64(3, 4) })).toEqual(
      new Map([
        ['dxs', [1, 2]],
        ['dh0', [3, 4]],
      ]),
    );
  });

  it('names the fields of nested records by their path, matrices included', () => {
    const answer = {
      grads: { forget: { dW: matrix(1, 2, 1, 2), db: f64(3) }, input: { dW: matrix(1, 2, 4, 5), db: f64(6) } },
      dhPrev: f64(7),
    };
    expect([...fieldsOf(answer)]).toEqual([
      ['grads.forget.dW', [1, 2]],
      ['grads.forget.db', [3]],
      ['grads.input.dW', [4, 5]],
      ['grads.input.db', [6]],
      ['dhPrev', [7]],
    ]);
  });

  it('joins a field of every step of a list of records (caches.f over the steps)', () => {
    const out = {
      hs: [f64(1), f64(2)],
      caches: [
        { f: f64(0.1), c: f64(0.2) },
        { f: f64(0.3), c: f64(0.4) },
      ],
    };
    expect([...fieldsOf(out)]).toEqual([
      ['hs', [1, 2]],
      ['caches.f', [0.1, 0.3]],
      ['caches.c', [0.2, 0.4]],
    ]);
  });
});

describe('fieldLabel', () => {
  it('calls the field "" the result, and keeps every other name', () => {
    expect(fieldLabel('')).toBe('the result');
    expect(fieldLabel('grads.forget.dW')).toBe('grads.forget.dW');
  });
});

describe('fieldShapes', () => {
  it('gives a matrix its rows and columns, and a bare vector no layout', () => {
    expect(fieldShapes(matrix(2, 3, 1, 2, 3, 4, 5, 6))).toEqual(new Map([['', { rows: 2, cols: 3 }]]));
    expect(fieldShapes(f64(1, 2, 3))).toEqual(new Map());
    expect(fieldShapes(0.5)).toEqual(new Map());
  });

  it('counts the steps of a list of vectors, of matrices and of records', () => {
    expect(fieldShapes([f64(1), f64(2), f64(3)])).toEqual(new Map([['', { steps: 3 }]]));
    expect(fieldShapes({ dWs: [matrix(1, 2, 1, 2), matrix(1, 2, 3, 4)] })).toEqual(new Map([['dWs', { rows: 1, cols: 2, steps: 2 }]]));
    expect(fieldShapes({ caches: [{ f: f64(1) }, { f: f64(2) }, { f: f64(3) }, { f: f64(4) }] })).toEqual(
      new Map([['caches.f', { steps: 4 }]]),
    );
  });

  it("lays out the nested fields of an LSTM's gradients, and only those with a layout", () => {
    const answer = {
      grads: { forget: { dW: matrix(2, 5, ...new Array(10).fill(0)), db: f64(0, 0) } },
      dxs: [f64(1, 2, 3), f64(4, 5, 6)],
      dh0: f64(0, 0),
    };
    expect(fieldShapes(answer)).toEqual(
      new Map([
        ['grads.forget.dW', { rows: 2, cols: 5 }],
        ['dxs', { steps: 2 }],
      ]),
    );
  });
});
