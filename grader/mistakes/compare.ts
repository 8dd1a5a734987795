/**
 * The match rule for recognising a mistake: same shape, and every numeric leaf within
 * |a − b| ≤ 1e-7 + 1e-6·max(|a|, |b|), NaN matching NaN. Typed arrays and plain arrays compare
 * alike, so a value that went through JSON (numbers as plain arrays) still matches.
 */

export const MATCH_ATOL = 1e-7;
export const MATCH_RTOL = 1e-6;

export function numbersMatch(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true; // also equal infinities, where a − b would be NaN
  return Math.abs(a - b) <= MATCH_ATOL + MATCH_RTOL * Math.max(Math.abs(a), Math.abs(b));
}

function isSequence(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** True when `a` and `b` have the same structure and all their numbers match. */
export function valuesMatch(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return numbersMatch(a, b);
  if (isSequence(a) || isSequence(b)) {
    if (!isSequence(a) || !isSequence(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (!valuesMatch(a[k], b[k])) return false;
    return true;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keysA = Object.keys(a).sort();
    const keysB = Object.keys(b).sort();
    if (keysA.length !== keysB.length || keysA.some((key, k) => key !== keysB[k])) return false;
    const recordA = a as Record<string, unknown>;
    const recordB = b as Record<string, unknown>;
    return keysA.every((key) => valuesMatch(recordA[key], recordB[key]));
  }
  return Object.is(a, b);
}
