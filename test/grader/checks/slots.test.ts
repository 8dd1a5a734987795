/**
 * The differentiable inputs of a case: each slot is a view into the case's own arrays (so finite
 * differences perturb the very input the function reads), with the path of its gradient in the
 * backward's answer and the name a student reads.
 */
import { describe, expect, it } from 'vitest';
import { gateSlots, LSTM_GATES, lstmParamSlots, vectorSlot } from '../../../grader/checks/slots';
import type { Gate, LstmParams } from '../../../lib/types';

const gate = (H: number, D: number, fill: number): Gate => ({
  W: { rows: H, cols: H + D, data: new Float64Array(H * (H + D)).fill(fill) },
  b: new Float64Array(H).fill(fill),
});

describe('vectorSlot', () => {
  it('is a one-row slot over the vector itself', () => {
    const x = Float64Array.of(1, 2, 3);
    const slot = vectorSlot('dx', 'dx', x);
    expect(slot).toEqual({ gradientPath: 'dx', label: 'dx', input: x, rows: 1, cols: 3, isMatrix: false });
    expect(slot.input).toBe(x);
  });
});

describe('gateSlots', () => {
  it("gives W (a matrix) then b, labelled with the gate's name, under an optional path prefix", () => {
    const g = gate(2, 3, 0.5);
    const [dW, db] = gateSlots(g, 'forget gate');
    expect(dW).toEqual({ gradientPath: 'dW', label: 'dW of the forget gate', input: g.W.data, rows: 2, cols: 5, isMatrix: true });
    expect(db).toEqual({ gradientPath: 'db', label: 'db of the forget gate', input: g.b, rows: 1, cols: 2, isMatrix: false });
    expect(dW.input).toBe(g.W.data);
    expect(db.input).toBe(g.b);
    expect(gateSlots(g, 'input gate', 'grads.input.').map((s) => s.gradientPath)).toEqual(['grads.input.dW', 'grads.input.db']);
  });
});

describe('lstmParamSlots', () => {
  it('covers the four gates in the order forget, input, candidate, output, W before b, as views of the parameters', () => {
    expect(LSTM_GATES).toEqual(['forget', 'input', 'candidate', 'output']);
    const params: LstmParams = { forget: gate(2, 1, 1), input: gate(2, 1, 2), candidate: gate(2, 1, 3), output: gate(2, 1, 4) };
    const slots = lstmParamSlots(params);
    expect(slots.map((s) => [s.gradientPath, s.label])).toEqual([
      ['grads.forget.dW', 'dW of the forget gate'],
      ['grads.forget.db', 'db of the forget gate'],
      ['grads.input.dW', 'dW of the input gate'],
      ['grads.input.db', 'db of the input gate'],
      ['grads.candidate.dW', 'dW of the candidate'],
      ['grads.candidate.db', 'db of the candidate'],
      ['grads.output.dW', 'dW of the output gate'],
      ['grads.output.db', 'db of the output gate'],
    ]);
    expect(slots[4].input).toBe(params.candidate.W.data);
    expect(slots[7].input).toBe(params.output.b);
    expect(slots.map((s) => [s.rows, s.cols])).toEqual([
      [2, 3],
      [1, 2],
      [2, 3],
      [1, 2],
      [2, 3],
      [1, 2],
      [2, 3],
      [1, 2],
    ]);
  });
});
