/**
 * The class page's charts, drawn as inline SVG when the page is written (no script): the score
 * distribution, the per-exercise outcome bars and the copy-task accuracy strip. Scales and bins
 * come from d3 (d3-scale, d3-array); text goes through the report's escaper (grader/reporters/html/svg.ts).
 */
import { bin } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { attrs, escapeText, px, requireArgument, svgOpen } from '../../reporters/html/svg';

/** Outcome colours, as in the student report; every segment also has a <title> and the table beside it has the numbers. */
export const OUTCOME_COLOURS = { passed: '#1a7f37', failed: '#b42318', error: '#8a4b00', 'not-attempted': '#8c959f' } as const;
export type Outcome = keyof typeof OUTCOME_COLOURS;
export const OUTCOME_LABELS: Record<Outcome, string> = {
  passed: 'passed',
  failed: 'failed',
  error: 'could not run',
  'not-attempted': 'not attempted',
};

export interface ScoreBin {
  /** Lower and upper edge in percent of the maximum score. */
  from: number;
  to: number;
  count: number;
}

/** Ten bins of ten percent; 100 % falls in the last one. */
export function scoreBins(percents: readonly number[]): ScoreBin[] {
  requireArgument(
    percents.every((p) => Number.isFinite(p) && p >= 0 && p <= 100),
    'scoreBins',
    'percents',
    'must hold numbers from 0 to 100',
  );
  const thresholds = Array.from({ length: 9 }, (_, k) => (k + 1) * 10);
  // d3's last bin is closed on the right, so 100 % lands in [90, 100].
  return bin()
    .domain([0, 100])
    .thresholds(thresholds)(percents)
    .map((b) => ({ from: b.x0 ?? 0, to: b.x1 ?? 100, count: b.length }));
}

export function distributionChart(bins: readonly ScoreBin[], id: string): string {
  requireArgument(bins.length > 0, 'distributionChart', 'bins', 'must not be empty');
  const width = 640;
  const height = 260;
  const margin = { top: 16, right: 16, bottom: 44, left: 48 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const x = scaleBand<number>()
    .domain(bins.map((_, k) => k))
    .range([0, innerW])
    .padding(0.12);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...bins.map((b) => b.count))])
    .range([innerH, 0])
    .nice();
  const yTicks = y.ticks(Math.min(5, y.domain()[1])).filter(Number.isInteger);
  const bars = bins
    .map((b, k) => {
      const label = `${b.from}–${b.to} %: ${b.count} student${b.count === 1 ? '' : 's'}`;
      return (
        `<rect${attrs({ x: px(x(k) ?? 0), y: px(y(b.count)), width: px(x.bandwidth()), height: px(innerH - y(b.count)), fill: '#0b5fad' })}><title>${escapeText(label)}</title></rect>` +
        (b.count > 0
          ? `<text${attrs({ x: px((x(k) ?? 0) + x.bandwidth() / 2), y: px(y(b.count) - 4) })} text-anchor="middle">${b.count}</text>`
          : '') +
        `<text${attrs({ x: px((x(k) ?? 0) + x.bandwidth() / 2), y: px(innerH + 16) })} text-anchor="middle">${b.from}</text>`
      );
    })
    .join('');
  const grid = yTicks
    .map(
      (t) =>
        `<g transform="translate(0,${px(y(t))})"><line class="grid" x2="${px(innerW)}"/><text x="-8" dy="0.32em" text-anchor="end">${t}</text></g>`,
    )
    .join('');
  const total = bins.reduce((s, b) => s + b.count, 0);
  return (
    svgOpen(
      id,
      width,
      height,
      'Score distribution',
      `Number of graded students per band of ten percent of the maximum score; ${total} students in all.`,
      'chart distribution',
    ) +
    `<g transform="translate(${margin.left},${margin.top})">${grid}<g class="bars">${bars}</g>` +
    `<line class="axis-line" y1="${px(innerH)}" y2="${px(innerH)}" x2="${px(innerW)}"/>` +
    `<text class="axis-label" x="${px(innerW / 2)}" y="${px(innerH + 36)}" text-anchor="middle">score (percent of the maximum; each bar from its label to the next)</text>` +
    `<text class="axis-label" transform="translate(-36,${px(innerH / 2)}) rotate(-90)" text-anchor="middle">students</text>` +
    `</g></svg>`
  );
}

export interface OutcomeRow {
  label: string;
  counts: Record<Outcome, number>;
}

export function outcomeChart(rows: readonly OutcomeRow[], id: string): string {
  requireArgument(rows.length > 0, 'outcomeChart', 'rows', 'must not be empty');
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) * 6.8 + 16;
  const barWidth = 420;
  const rowHeight = 24;
  const legendHeight = 28;
  const width = labelWidth + barWidth + 60;
  const height = rows.length * rowHeight + legendHeight + 24;
  const x = scaleLinear().domain([0, 100]).range([0, barWidth]);
  const order: Outcome[] = ['passed', 'failed', 'error', 'not-attempted'];
  const bars = rows
    .map((row, k) => {
      const total = order.reduce((s, o) => s + row.counts[o], 0) || 1;
      let start = 0;
      const segments = order
        .filter((o) => row.counts[o] > 0)
        .map((o) => {
          const share = (100 * row.counts[o]) / total;
          const segment =
            `<rect${attrs({ x: px(x(start)), y: 0, width: px(x(share) - x(0)), height: rowHeight - 6, fill: OUTCOME_COLOURS[o] })}>` +
            `<title>${escapeText(`${row.label}: ${row.counts[o]} ${OUTCOME_LABELS[o]} (${Math.round(share)} %)`)}</title></rect>`;
          start += share;
          return segment;
        })
        .join('');
      const passed = Math.round((100 * row.counts.passed) / total);
      return (
        `<g transform="translate(0,${k * rowHeight})"><text x="-8" y="${px((rowHeight - 6) / 2)}" dy="0.32em" text-anchor="end">${escapeText(row.label)}</text>` +
        `${segments}<text x="${px(barWidth + 6)}" y="${px((rowHeight - 6) / 2)}" dy="0.32em">${passed} %</text></g>`
      );
    })
    .join('');
  const legend = order
    .map(
      (o, k) =>
        `<g transform="translate(${k * 110},0)"><rect width="12" height="12" fill="${OUTCOME_COLOURS[o]}"/><text x="16" y="6" dy="0.32em">${escapeText(OUTCOME_LABELS[o])}</text></g>`,
    )
    .join('');
  return (
    svgOpen(
      id,
      width,
      height,
      'Outcome per exercise',
      'For every exercise, the share of graded students who passed it, failed it, whose code could not run, and who did not attempt it; the number on the right is the pass rate.',
      'chart outcomes',
    ) +
    `<g transform="translate(${px(labelWidth)},8)">${bars}</g>` +
    `<g transform="translate(${px(labelWidth)},${px(rows.length * rowHeight + 16)})" class="legend">${legend}</g></svg>`
  );
}

export interface AccuracyPoint {
  student: string;
  accuracy: number;
}

/** One dot per student who trained on the copy task, at their held-out accuracy; the bar and the reference as lines. */
export function accuracyStrip(points: readonly AccuracyPoint[], bar: number, reference: number | undefined, id: string): string {
  requireArgument(points.length > 0, 'accuracyStrip', 'points', 'must not be empty');
  requireArgument(
    points.every((p) => Number.isFinite(p.accuracy)),
    'accuracyStrip',
    'points',
    'must have finite accuracies',
  );
  const width = 640;
  const height = 150;
  const margin = { top: 30, right: 24, bottom: 40, left: 24 };
  const innerW = width - margin.left - margin.right;
  const x = scaleLinear().domain([0, 1]).range([0, innerW]);
  // Dots at the same accuracy stack upwards, so that none hides another.
  const stacks = new Map<number, number>();
  const dots = [...points]
    .sort((a, b) => a.accuracy - b.accuracy || (a.student < b.student ? -1 : 1))
    .map((p) => {
      const key = Math.round(p.accuracy * 200);
      const level = stacks.get(key) ?? 0;
      stacks.set(key, level + 1);
      return `<circle${attrs({ cx: px(x(Math.min(1, Math.max(0, p.accuracy)))), cy: px(60 - level * 9), r: 4, fill: '#0b5fad', 'fill-opacity': 0.8 })}><title>${escapeText(`${p.student}: ${(100 * p.accuracy).toFixed(1)} %`)}</title></circle>`;
    })
    .join('');
  // Labels end at their line, one above the other, so that lines close together keep readable labels.
  const line = (value: number, label: string, dash: string, labelY: number) =>
    `<line${attrs({ x1: px(x(value)), x2: px(x(value)), y1: labelY - 4, y2: 70, stroke: '#1f2328', 'stroke-dasharray': dash })}><title>${escapeText(label)}</title></line>` +
    `<text${attrs({ x: px(x(value) - 4), y: labelY })} text-anchor="end">${escapeText(label)}</text>`;
  const ticks = x
    .ticks(5)
    .map(
      (t) => `<g transform="translate(${px(x(t))},72)"><line y2="5"/><text y="18" text-anchor="middle">${Math.round(t * 100)} %</text></g>`,
    )
    .join('');
  return (
    svgOpen(
      id,
      width,
      height,
      'Copy task: held-out accuracy per student',
      `Accuracy on recalled symbols of the ${points.length} student LSTMs that trained, with the bar to reach${reference === undefined ? '' : ' and the reference LSTM'}.`,
      'chart accuracy',
    ) +
    `<g transform="translate(${margin.left},${margin.top})"><line class="axis-line" y1="72" y2="72" x2="${px(innerW)}"/>${ticks}` +
    line(bar, `bar ${Math.round(bar * 100)} % (dashed)`, '6 3', -10) +
    (reference === undefined ? '' : line(reference, `reference LSTM ${Math.round(reference * 100)} % (dotted)`, '2 2', 4)) +
    `${dots}<text class="axis-label" x="${px(innerW / 2)}" y="104" text-anchor="middle">held-out accuracy on the recalled symbols</text></g></svg>`
  );
}
