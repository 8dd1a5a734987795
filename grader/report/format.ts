/** How numbers are written in the report: short, exact enough to compare, copyable. */

/** Up to six significant digits, exponent form for very small or very large magnitudes. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(value.toPrecision(6)));
  return value.toExponential(3).replace(/\.?0+e/, 'e');
}

/** "1.5 of 2 points", without trailing zeros. */
export function formatPoints(score: number, maxScore: number): string {
  const round = (v: number) => String(Math.round(v * 100) / 100);
  return `${round(score)} / ${round(maxScore)}`;
}
