/**
 * The gradient checks of one case: reading a backward's gradients (with a sentence for each shape
 * problem), the loss L = Σ⟨u, output⟩, random directions, the fast directional tier, the
 * exhaustive per-entry tier, and how an entry is named in a message.
 */
import { describe, expect, it } from 'vitest';
import {
  directionalVerdicts,
  directionFor,
  elementwiseComparisons,
  entryName,
  lossOf,
  readGradient,
} from '../../../grader/checks/gradient';
import { gateSlots, vectorSlot } from '../../../grader/checks/slots';
import type { Slot } from '../../../grader/checks/types';
import type { GradientComparison } from '../../../grader/model';
import { Random } from '../../../lib/random';

const f64 = (...values: number[]) => Float64Array.from(values);
const TOL = { atol: 1e-6, rtol: 1e-5 };

/** A 2 × 3 matrix slot at `dW` and a vector slot of length 3 at `dx`. */
const dWSlot: Slot = { gradientPath: 'dW', label: 'dW of the forget gate', input: new Float64Array(6), rows: 2, cols: 3, isMatrix: true };
const dxSlot = vectorSlot('dx', 'dx', new Float64Array(3));
const resultSlot = vectorSlot('', 'dz', new Float64Array(3));

describe('readGradient', () => {
  it("reads a matrix gradient's data and a vector gradient, copied into fresh Float64Arrays", () => {
    const data = f64(1, 2, 3, 4, 5, 6);
    const answer = { dW: { rows: 2, cols: 3, data }, dx: f64(7, 8, 9) };
    const read = readGradient(answer, dWSlot, true);
    expect(read).toEqual({ values: f64(1, 2, 3, 4, 5, 6) });
    data[0] = 100;
    expect(read.values![0]).toBe(1);
    expect(readGradient(answer, dxSlot, true)).toEqual({ values: f64(7, 8, 9) });
    expect(readGradient(f64(1, 2, 3), resultSlot, true)).toEqual({ values: f64(1, 2, 3) });
  });

  it('says what a missing or malformed matrix should have been', () => {
    expect(readGradient({}, dWSlot, true)).toEqual({ problem: 'dW must be a 2 × 3 Matrix { rows, cols, data }, got undefined' });
    expect(readGradient({ dW: f64(1, 2, 3, 4, 5, 6) }, dWSlot, true)).toEqual({
      problem: 'dW must be a 2 × 3 Matrix { rows, cols, data }, got a Float64Array of length 6',
    });
    expect(readGradient({ dW: f64(1, 2, 3, 4, 5, 6) }, dWSlot, false)).toEqual({
      problem: 'dW must be a 2 × 3 Matrix { rows, cols, data }, got a Float64Array of length 6',
    });
    expect(readGradient({ dW: { rows: 3, cols: 2, data: new Float64Array(6) } }, dWSlot, true)).toEqual({
      problem: 'dW must be 2 × 3, got rows = 3, cols = 2',
    });
    expect(readGradient({ dW: { rows: 2, cols: 3, data: new Float64Array(5) } }, dWSlot, true)).toEqual({
      problem: 'dW.data must have 6 entries, got 5',
    });
  });

  it('asks for Float64Array in strict mode and takes any array of numbers otherwise', () => {
    expect(readGradient({ dx: [1, 2, 3] }, dxSlot, true)).toEqual({
      problem: 'dx must be a Float64Array of length 3, got an Array of length 3',
    });
    expect(readGradient({ dx: [1, 2, 3] }, dxSlot, false)).toEqual({ values: f64(1, 2, 3) });
    expect(readGradient({ dx: Float32Array.of(1, 2, 3) }, dxSlot, false)).toEqual({ values: f64(1, 2, 3) });
    // The shape of a matrix is only enforced in strict mode; its data must still have rows·cols entries.
    expect(readGradient({ dW: { rows: 6, cols: 1, data: [1, 2, 3, 4, 5, 6] } }, dWSlot, false)).toEqual({ values: f64(1, 2, 3, 4, 5, 6) });
  });

  it('names the result, the entry and what was there instead', () => {
    expect(readGradient(f64(1, 2), resultSlot, true)).toEqual({ problem: 'the result must have 3 entries, got 2' });
    expect(readGradient('dz', resultSlot, true)).toEqual({ problem: 'the result must be a Float64Array of length 3, got a string' });
    expect(readGradient({ dx: [1, '2', 3] }, dxSlot, false)).toEqual({ problem: 'dx entry 1 must be a number, got a string' });
    expect(readGradient(null, dWSlot, false)).toEqual({ problem: 'dW must be a 2 × 3 Matrix { rows, cols, data }, got undefined' });
  });
});

describe('lossOf', () => {
  it('adds ⟨u, output⟩ over the terms, reading each output at its path', () => {
    const output = { h: f64(1, 2), cs: [f64(0), f64(3)] };
    const terms = [
      { outputPath: 'h', upstream: f64(0.5, -1) },
      { outputPath: 'cs[1]', upstream: f64(2) },
    ];
    expect(lossOf(output, terms)).toBe(0.5 - 2 + 6);
    expect(lossOf(f64(1, 2, 3), [{ outputPath: '', upstream: f64(1, 10, 100) }])).toBe(321);
  });

  it('counts a scalar output (a loss) as a vector of one', () => {
    expect(lossOf(0.75, [{ outputPath: '', upstream: f64(1) }])).toBe(0.75);
    expect(lossOf(0.75, [{ outputPath: '', upstream: f64(-2) }])).toBe(-1.5);
  });
});

describe('directionFor', () => {
  it("is the seeded uniform vector in [−1, 1) of the slot's length, the same for the same seed", () => {
    const direction = directionFor(dWSlot, 7);
    expect(direction).toEqual(new Random(7).vector(6));
    expect(directionFor(dWSlot, 7)).toEqual(direction);
    expect(direction).toHaveLength(6);
    for (const v of direction) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThan(1);
    }
    expect(directionFor(dWSlot, 8)).not.toEqual(direction);
  });
});

/** L = Σ a_k² + 3·Σ b_k over two slots a and b: ∂L/∂a = 2a, ∂L/∂b = 3. */
function quadraticCase() {
  const a = vectorSlot('da', 'da', f64(0.5, -1, 2));
  const b: Slot = { gradientPath: 'dB', label: 'dW of the test', input: f64(1, 1, 1, 1), rows: 2, cols: 2, isMatrix: true };
  const loss = () => a.input.reduce((s, v) => s + v * v, 0) + 3 * b.input.reduce((s, v) => s + v, 0);
  return { a, b, loss };
}

describe('directionalVerdicts', () => {
  it("passes a right gradient and fails a wrong one, slot by slot, with the analytic value along the slot's own direction", () => {
    const { a, b, loss } = quadraticCase();
    const right = f64(1, -2, 4);
    const wrong = f64(3, 3, 3, 0); // the last entry should be 3
    const verdicts = directionalVerdicts(loss, [a, b], [right, wrong], 11, TOL);
    expect(verdicts.map((v) => [v.slot.gradientPath, v.ok])).toEqual([
      ['da', true],
      ['dB', false],
    ]);
    const da = directionFor(a, 11);
    const dB = directionFor(b, 12);
    expect(verdicts[0].analytic).toBe(right[0] * da[0] + right[1] * da[1] + right[2] * da[2]);
    expect(verdicts[1].analytic).toBe(3 * dB[0] + 3 * dB[1] + 3 * dB[2]);
    expect(verdicts[1].numerical).toBeCloseTo(3 * (dB[0] + dB[1] + dB[2] + dB[3]), 8);
    expect(a.input).toEqual(f64(0.5, -1, 2));
    expect(b.input).toEqual(f64(1, 1, 1, 1));
  });
});

describe('elementwiseComparisons', () => {
  it('compares every entry with finite differences and points at the worst one, by row and column', () => {
    const { a, b, loss } = quadraticCase();
    const [ca, cb] = elementwiseComparisons(loss, [a, b], [f64(1, -2, 4), f64(3, 3, 3, 0)], TOL);
    expect(ca.ok).toEqual([true, true, true]);
    expect(ca.numerical.map((n) => Number(Number(n).toFixed(6)))).toEqual([1, -2, 4]);
    expect({ name: cb.name, label: cb.label, rows: cb.rows, cols: cb.cols, ok: cb.ok }).toEqual({
      name: 'dB',
      label: 'dW of the test',
      rows: 2,
      cols: 2,
      ok: [true, true, true, false],
    });
    expect(cb.analytic).toEqual([3, 3, 3, 0]);
    expect(cb.worst.row).toBe(1);
    expect(cb.worst.col).toBe(1);
    expect(cb.worst.analytic).toBe(0);
    expect(cb.worst.numerical).toBeCloseTo(3, 8);
    expect(cb.worst.error).toBeCloseTo(3, 8);
  });

  it('calls the gradient of a bare vector dz, and marks every entry wrong when the gradient could not be read', () => {
    const x = vectorSlot('', 'dz', f64(1, 2));
    const [c] = elementwiseComparisons(() => x.input[0] + 2 * x.input[1], [x], [undefined], TOL);
    expect(c.name).toBe('dz');
    expect(c.ok).toEqual([false, false]);
    // As JSON can hold it: the string "NaN", which Number() reads back.
    expect(c.analytic).toEqual(['NaN', 'NaN']);
    expect(c.worst.row).toBe(0);
    expect(c.worst.col).toBe(0);
  });
});

describe('entryName', () => {
  const comparison = (name: string, label: string, rows: number, cols: number, row: number, col: number): GradientComparison => ({
    name,
    label,
    rows,
    cols,
    analytic: [],
    numerical: [],
    ok: [],
    worst: { row, col, analytic: 0, numerical: 1, error: 1 },
  });

  it('names a matrix entry by row and column, also a one-row dW', () => {
    expect(entryName(comparison('grads.forget.dW', 'dW of the forget gate', 2, 3, 0, 2))).toBe(
      'dW of the forget gate at (row 0, column 2)',
    );
    expect(entryName(comparison('dW', 'dW of the readout', 1, 4, 0, 3))).toBe('dW of the readout at (row 0, column 3)');
  });

  it('indexes a vector with a one-word label and spells out the entry of a longer label', () => {
    expect(entryName(comparison('dhPrev', 'dhPrev', 1, 3, 0, 1))).toBe('dhPrev[1]');
    expect(entryName(comparison('db', 'db of the forget gate', 1, 3, 0, 1))).toBe('db of the forget gate, entry 1,');
  });

  it('reads well on the slots the course builds', () => {
    const gate = { W: { rows: 2, cols: 3, data: new Float64Array(6) }, b: new Float64Array(2) };
    const [dW, db] = gateSlots(gate, 'input gate');
    const names = elementwiseComparisons(() => 0, [dW, db], [new Float64Array(6), f64(0, 1)], TOL).map(entryName);
    expect(names).toEqual(['dW of the input gate at (row 0, column 0)', 'db of the input gate, entry 1,']);
  });
});
