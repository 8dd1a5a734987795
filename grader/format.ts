/**
 * How the grader writes numbers, points and statuses, everywhere: check messages, the terminal,
 * the HTML report, the job summary, JUnit and results.json all use these, so the same value reads
 * the same in every output.
 */
import type { CheckStatus, PlainNumber } from './model';

/** Up to six significant digits; exponent form for very small or very large magnitudes. */
export function formatNumber(plain: PlainNumber): string {
  const value = Number(plain);
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(value.toPrecision(6)));
  return value.toExponential(5).replace(/\.?0+e/, 'e');
}

/** Points without trailing zeros: 2, 1.5, 0.33. */
export function formatScore(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** "1.5 / 2". */
export function formatPoints(score: number, maxScore: number): string {
  return `${formatScore(score)} / ${formatScore(maxScore)}`;
}

/** 0.25 → "25%". */
export function formatPercent(fraction: number, digits = 0): string {
  return `${(100 * fraction).toFixed(digits)}%`;
}

export interface StatusText {
  /** Words, e.g. "not attempted". */
  label: string;
  /** The glyph of the terminal and the report. */
  glyph: string;
  /** The glyph of Markdown outputs (GitHub's job summary), where emoji read better. */
  emoji: string;
}

export const STATUS_TEXT: Readonly<Record<CheckStatus, StatusText>> = {
  passed: { label: 'passed', glyph: '✔', emoji: '✅' },
  failed: { label: 'failed', glyph: '✘', emoji: '❌' },
  'not-attempted': { label: 'not attempted', glyph: '○', emoji: '⬜' },
  error: { label: 'error', glyph: '!', emoji: '💥' },
};

/**
 * Two numbers written with as many significant digits as it takes for them to read differently
 * (at least six): a counterexample whose printed values look equal misleads.
 */
export function formatDistinct(a: number, b: number): [string, string] {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return [formatNumber(a), formatNumber(b)];
  for (let digits = 6; digits <= 17; digits++) {
    const pair: [string, string] = [toDigits(a, digits), toDigits(b, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [String(a), String(b)];
}

function toDigits(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** "difference 1.2e-3 (0.4% relative; allowed 1e-9 + 1e-7·|value|)": how far apart, and how far is allowed. */
export function describeError(actual: number, expected: number, tolerance: { atol: number; rtol: number }): string {
  const difference = Math.abs(actual - expected);
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  const relative = scale === 0 || !Number.isFinite(difference) ? '' : `, ${formatRelative(difference / scale)} relative`;
  return `difference ${formatNumber(difference)}${relative}; allowed ${formatNumber(tolerance.atol)} + ${formatNumber(tolerance.rtol)}·|value|`;
}

function formatRelative(fraction: number): string {
  return fraction >= 1e-3 ? `${Number((100 * fraction).toPrecision(2))}%` : fraction.toExponential(1);
}

/**
 * What the report calls a check's counterexample: shrunk by fast-check, or, when an exercise it
 * imports fails too and shrinking was skipped, the first failing case as drawn.
 */
export function counterexampleHeading(property: { shrunk?: false } | undefined): string {
  return property?.shrunk === false ? 'Failing case as found (not shrunk: fix the exercise it calls first)' : 'Smallest failing case';
}
