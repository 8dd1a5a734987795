/**
 * Gradient checks for one case: read the analytic gradients out of a backward's answer, compare
 * them with finite differences slot by slot along a random direction (fast tier), and, to
 * localise a failure, entry by entry (exhaustive tier).
 */
import { Random } from '../../lib/random';
import { directionalDerivative, dot, numericalGradient, withinTolerance, type Tolerance } from '../engine/finite-difference';
import { describeValue, plainNumber, readPath } from '../engine/tree';
import type { GradientComparison } from '../model';
import type { LossTerm, Slot } from './types';

/** Reads one slot's gradient from a backward's answer, copied once; a problem when the shape is wrong. */
export function readGradient(output: unknown, slot: Slot, strictTypes: boolean): { values?: Float64Array; problem?: string } {
  const raw = readPath(output, slot.gradientPath);
  const name = slot.gradientPath === '' ? 'the result' : slot.gradientPath;
  let data: unknown = raw;
  if (slot.isMatrix) {
    const m = raw as { rows?: unknown; cols?: unknown; data?: unknown } | null;
    if (typeof m !== 'object' || m === null || ArrayBuffer.isView(m) || Array.isArray(m)) {
      return { problem: `${name} must be a ${slot.rows} × ${slot.cols} Matrix { rows, cols, data }, got ${describeValue(raw)}` };
    }
    if (strictTypes && (m.rows !== slot.rows || m.cols !== slot.cols)) {
      return { problem: `${name} must be ${slot.rows} × ${slot.cols}, got rows = ${String(m.rows)}, cols = ${String(m.cols)}` };
    }
    data = m.data;
  }
  const length = slot.rows * slot.cols;
  const arrayLike = data instanceof Float64Array || (!strictTypes && (Array.isArray(data) || ArrayBuffer.isView(data)));
  if (!arrayLike) {
    return { problem: `${slot.isMatrix ? `${name}.data` : name} must be a Float64Array of length ${length}, got ${describeValue(data)}` };
  }
  const arr = data as ArrayLike<unknown>;
  if (arr.length !== length) {
    return { problem: `${slot.isMatrix ? `${name}.data` : name} must have ${length} entries, got ${arr.length}` };
  }
  const values = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    if (typeof arr[k] !== 'number') return { problem: `${name} entry ${k} must be a number, got ${describeValue(arr[k])}` };
    values[k] = arr[k] as number;
  }
  return { values };
}

/** L = Σ ⟨u, output at path⟩ for an already validated output; a scalar output (a loss) counts as a vector of one. */
export function lossOf(output: unknown, terms: LossTerm[]): number {
  return lossOfParts(
    terms.map((term) => readPath(output, term.outputPath)),
    terms,
  );
}

/** L from the validated parts of an output at the terms' paths, in the terms' order (Runner.callManyParts answers these). */
export function lossOfParts(parts: unknown[], terms: LossTerm[]): number {
  let sum = 0;
  terms.forEach((term, k) => {
    const value = parts[k];
    sum += typeof value === 'number' ? term.upstream[0] * value : dot(term.upstream, value as ArrayLike<number>);
  });
  return sum;
}

/** A direction for one slot, deterministic in the seed: entries uniform in [−1, 1). */
export function directionFor(slot: Slot, seed: number): Float64Array {
  return new Random(seed).vector(slot.input.length);
}

export interface SlotVerdict {
  slot: Slot;
  analytic: number;
  numerical: number;
  ok: boolean;
}

/**
 * Fast tier: for each slot, the derivative of L along a random direction in that slot alone,
 * by central differences of `loss`, against ⟨analytic gradient, direction⟩.
 */
export function directionalVerdicts(
  loss: () => number,
  slots: Slot[],
  gradients: Float64Array[],
  seed: number,
  tol: Tolerance,
): SlotVerdict[] {
  return slots.map((slot, j) => {
    const direction = directionFor(slot, seed + j);
    const numerical = directionalDerivative(loss, [slot.input], [direction]);
    const analytic = dot(gradients[j], direction);
    return { slot, analytic, numerical, ok: withinTolerance(analytic, numerical, tol) };
  });
}

/** Exhaustive tier: every entry of every slot, for localisation and heatmaps. */
export function elementwiseComparisons(
  loss: () => number,
  slots: Slot[],
  gradients: (Float64Array | undefined)[],
  tol: Tolerance,
): GradientComparison[] {
  return slots.map((slot, j) => {
    const numerical = numericalGradient(loss, slot.input);
    const analytic = gradients[j] ?? new Float64Array(numerical.length).fill(Number.NaN);
    const ok = Array.from(numerical, (n, k) => withinTolerance(analytic[k], n, tol));
    let worstIndex = 0;
    let worstError = -1;
    numerical.forEach((n, k) => {
      const error = Math.abs(analytic[k] - n);
      const score = Number.isNaN(error) ? Infinity : error;
      if (score > worstError) {
        worstError = score;
        worstIndex = k;
      }
    });
    return {
      name: slot.gradientPath === '' ? 'dz' : slot.gradientPath,
      label: slot.label,
      rows: slot.rows,
      cols: slot.cols,
      analytic: Array.from(analytic, plainNumber),
      numerical: Array.from(numerical, plainNumber),
      ok,
      worst: {
        row: Math.floor(worstIndex / slot.cols),
        col: worstIndex % slot.cols,
        analytic: plainNumber(analytic[worstIndex]),
        numerical: plainNumber(numerical[worstIndex]),
        error: plainNumber(Math.abs(analytic[worstIndex] - numerical[worstIndex])),
      },
    };
  });
}

/** "dW of the forget gate at (row 0, column 2)" or "dhPrev[1]". */
export function entryName(comparison: GradientComparison): string {
  const { row, col } = comparison.worst;
  if (comparison.rows > 1 || comparison.name.endsWith('dW')) return `${comparison.label} at (row ${row}, column ${col})`;
  // "dhPrev[1]" reads well; "db of the forget gate[1]" does not.
  return comparison.label.includes(' ') ? `${comparison.label}, entry ${col},` : `${comparison.label}[${col}]`;
}
