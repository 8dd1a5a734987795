/**
 * One heatmap per GradientComparison: a cell per entry, coloured by |analytic − numerical| on a
 * log scale, wrong entries crossed out, the two values in each cell's <title>.
 */
import { scaleSequentialLog } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import type { GradientComparison, PlainNumber } from '../../model';
import { heatmap, legendChart } from './charts';
import { formatNumber } from '../../format';
import { requireArgument } from './svg';

/** Errors below this are shown as "exact": finite differences in float64 are not better. */
const ERROR_FLOOR = 1e-12;

/**
 * `maxError` sets the dark end of the colour scale; pass the largest error over all the
 * comparisons of one check so that their colours can be compared with each other.
 */
export function gradientHeatmap(comparison: GradientComparison, id: string, maxError?: number): string {
  const fn = 'gradientHeatmap';
  const { rows, cols, analytic, numerical, ok } = comparison;
  const n = rows * cols;
  requireArgument(
    Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0,
    fn,
    'comparison.rows/cols',
    `must be positive integers, got ${rows} × ${cols} for ${comparison.name}`,
  );
  for (const [name, list] of [
    ['analytic', analytic],
    ['numerical', numerical],
    ['ok', ok],
  ] as const) {
    requireArgument(
      Array.isArray(list) && list.length === n,
      fn,
      `comparison.${name}`,
      `must have rows·cols = ${n} entries for ${comparison.name}, got ${Array.isArray(list) ? list.length : typeof list}`,
    );
  }

  const errors = analytic.map((a, k) => absoluteError(a, numerical[k]));
  const { hi, colourOf } = errorScale(maxError ?? largestError(comparison));
  const labels = axisLabels(comparison);
  const wrong = ok.filter((v) => !v).length;

  return heatmap({
    id,
    title: `${comparison.label} (${comparison.name}): ${wrong} of ${n} entries wrong`,
    description:
      `Each cell is one entry of ${comparison.name}, ${rows} × ${cols}. Colour shows |analytic − numerical| ` +
      `on a log scale from ${formatNumber(ERROR_FLOOR)} (pale) to ${formatNumber(hi)} (dark red); ` +
      `crossed cells fail the tolerance. The worst entry is ${entryIndex(comparison, comparison.worst.row, comparison.worst.col)}: ` +
      `analytic ${formatNumber(comparison.worst.analytic)}, numerical ${formatNumber(comparison.worst.numerical)}.`,
    rows,
    cols,
    colours: errors.map(colourOf),
    // Short titles: the page may hold thousands of cells; the table under the chart has the rest.
    cellTitles: errors.map((_, k) => {
      const entry = comparison.name + entryIndex(comparison, Math.floor(k / cols), k % cols);
      return `${entry}: analytic ${formatNumber(analytic[k])}, numerical ${formatNumber(numerical[k])}${ok[k] ? '' : ', WRONG'}`;
    }),
    marked: ok.map((v) => !v),
    rowLabels: labels.rows,
    colLabels: labels.cols,
    xLabel: labels.xLabel,
    yLabel: labels.yLabel,
    maxWidth: 520,
  });
}

/** "[c]" for a vector (one row), "[r][c]" for a matrix (a dW is one even when H = 1). */
export function entryIndex(comparison: Pick<GradientComparison, 'rows' | 'name'>, row: number, col: number): string {
  return comparison.rows === 1 && !/(^|\.)dW$/.test(comparison.name) ? `[${col}]` : `[${row}][${col}]`;
}

/** The colour scale of the error heatmaps: log scale from ERROR_FLOOR to the largest error. */
function errorScale(maxError: number): { hi: number; colourOf: (error: number) => string } {
  const hi = Math.max(ERROR_FLOOR * 1e4, Number.isFinite(maxError) ? maxError : 0);
  const colour = scaleSequentialLog(interpolateYlOrRd).domain([ERROR_FLOOR, hi]).clamp(true);
  // Error 0 (or NaN: a non-finite gradient) cannot sit on a log scale: clamp to the ends.
  return { hi, colourOf: (e: number) => colour(Number.isFinite(e) ? Math.max(e, ERROR_FLOOR) : hi) };
}

/** The one legend for all heatmaps drawn with the same maxError. */
export function errorLegend(maxError: number, id: string): string {
  const { hi, colourOf } = errorScale(maxError);
  return legendChart(
    { title: '|analytic − numerical| (log scale)', domain: [ERROR_FLOOR, hi], log: true, colourAt: colourOf, format: formatNumber },
    id,
    'Colour scale of the gradient heatmaps',
  );
}

function absoluteError(a: PlainNumber, n: PlainNumber): number {
  return Math.abs(Number(a) - Number(n));
}

/** The largest finite |analytic − numerical| of a comparison (0 when there is none). */
export function largestError(comparison: GradientComparison): number {
  const errors = comparison.analytic.map((a, k) => absoluteError(a, comparison.numerical[k])).filter((e) => Number.isFinite(e));
  return Math.max(0, ...errors);
}

/**
 * Axis labels that say what an entry is: a gate's dW is H × (H + D) acting on [h; x], so its
 * first H columns belong to h_{t−1} and the rest to x_t; dxs has one row per time step.
 */
export function axisLabels(comparison: Pick<GradientComparison, 'name' | 'rows' | 'cols'>): {
  rows: string[];
  cols: string[];
  xLabel: string;
  yLabel: string;
} {
  const { name, rows, cols } = comparison;
  const index = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k}`);
  if (/(^|\.)dW$/.test(name) && cols > rows) {
    return {
      rows: index('unit ', rows),
      cols: [...index('h', rows), ...index('x', cols - rows)],
      xLabel: 'columns: weights on h(t−1), then on x(t)',
      yLabel: 'rows: hidden units',
    };
  }
  if (/^(dxs|dhs|hs|cs)$/.test(name)) {
    return { rows: index('t=', rows), cols: index('', cols), xLabel: 'entry', yLabel: 'rows: time steps' };
  }
  return { rows: index('', rows), cols: index('', cols), xLabel: rows === 1 ? 'entry' : 'column', yLabel: rows === 1 ? '' : 'rows' };
}
