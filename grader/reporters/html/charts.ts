/**
 * The report's two kinds of chart, drawn as inline SVG at report time: a line chart and a
 * heatmap. Positions, ticks and colours come from d3-scale and d3-shape, so there is no
 * hand-written axis maths; the page needs no script to show them.
 */
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { attrs, escapeText, hexColour, px, requireArgument, svgOpen } from './svg';

export interface Point {
  x: number;
  y: number;
}

export interface SeriesStyle {
  colour: string;
  /** SVG stroke-dasharray, e.g. "6 3"; absent for a solid line. Lines differ by more than colour. */
  dash?: string;
  width?: number;
}

export interface LineSeries {
  name: string;
  points: Point[];
  style: SeriesStyle;
}

export interface LineChartSpec {
  /** Unique within the page: used for the ids of <title> and <desc>. */
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Constant levels across the whole x range, e.g. a baseline loss. */
  levels?: { name: string; y: number; style: SeriesStyle }[];
  /** A log y axis suits losses that fall over orders of magnitude; non-positive values are dropped. */
  yLog?: boolean;
  width?: number;
  height?: number;
}

const MARGIN = { top: 16, right: 170, bottom: 46, left: 58 };

export function lineChart(spec: LineChartSpec): string {
  const fn = 'lineChart';
  requireArgument(Array.isArray(spec.series) && spec.series.length > 0, fn, 'spec.series', 'must be a non-empty array of series');
  const levels = spec.levels ?? [];
  const usable = (p: Point) => !spec.yLog || p.y > 0;
  const series = spec.series.map((s) => ({ ...s, points: s.points.filter(usable) }));
  const all = series.flatMap((s) => s.points);
  requireArgument(all.length > 0, fn, 'spec.series', 'must contain at least one point');
  requireArgument(
    all.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
    fn,
    'spec.series',
    'must contain finite x and y values only',
  );
  requireArgument(
    levels.every((l) => Number.isFinite(l.y) && usable({ x: 0, y: l.y })),
    fn,
    'spec.levels',
    'must have finite y values (positive on a log axis)',
  );

  const width = spec.width ?? 720;
  const height = spec.height ?? 320;
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const xs = all.map((p) => p.x);
  const ys = [...all.map((p) => p.y), ...levels.map((l) => l.y)];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const x = scaleLinear()
    .domain(xMin === xMax ? [xMin - 1, xMax + 1] : [xMin, xMax])
    .range([0, innerW])
    .nice();
  const y = spec.yLog
    ? scaleLog()
        .domain([Math.min(...ys), Math.max(...ys)])
        .range([innerH, 0])
        .nice()
    : scaleLinear()
        .domain([Math.min(0, ...ys), Math.max(...ys) || 1])
        .range([innerH, 0])
        .nice();
  const path = line<Point>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));

  const xFormat = x.tickFormat(6);
  // A log axis gets its ticks at powers of ten (with 2 and 5 between when there are few decades).
  const yTickValues = spec.yLog ? logTicks(y.domain() as [number, number]) : y.ticks(5);
  const yFormat = spec.yLog ? (v: number) => String(Number(v.toPrecision(3))) : y.tickFormat(5);
  const grid = yTickValues.map((t) => `<line class="grid"${attrs({ x1: 0, x2: px(innerW), y1: px(y(t)), y2: px(y(t)) })}/>`).join('');
  const xTicks = x
    .ticks(6)
    .map(
      (t) =>
        `<g transform="translate(${px(x(t))},${px(innerH)})"><line y2="5"/>` +
        `<text y="18" text-anchor="middle">${escapeText(xFormat(t))}</text></g>`,
    )
    .join('');
  const yTicks = yTickValues
    .map(
      (t) =>
        `<g transform="translate(0,${px(y(t))})"><line x2="-5"/>` +
        `<text x="-8" dy="0.32em" text-anchor="end">${escapeText(yFormat(t))}</text></g>`,
    )
    .join('');
  const stroke = (s: SeriesStyle) => attrs({ stroke: s.colour, 'stroke-width': s.width ?? 2, 'stroke-dasharray': s.dash, fill: 'none' });
  const lines = series
    .filter((s) => s.points.length > 0)
    .map((s) => `<path${stroke(s.style)} d="${path(s.points) ?? ''}"><title>${escapeText(s.name)}</title></path>`)
    .join('');
  const levelLines = levels
    .map(
      (l) =>
        `<line${stroke(l.style)}${attrs({ x1: 0, x2: px(innerW), y1: px(y(l.y)), y2: px(y(l.y)) })}>` +
        `<title>${escapeText(`${l.name}: ${yFormat(l.y)}`)}</title></line>`,
    )
    .join('');
  const legendItems = [...spec.series.map((s) => ({ name: s.name, style: s.style })), ...levels];
  const legend = legendItems
    .map(
      (item, k) =>
        `<g transform="translate(${px(innerW + 16)},${k * 20 + 6})">` +
        `<line x1="0" x2="26"${stroke(item.style)}/>` +
        `<text x="32" dy="0.32em">${escapeText(item.name)}</text></g>`,
    )
    .join('');

  return (
    svgOpen(spec.id, width, height, spec.title, spec.description, 'chart line-chart') +
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">` +
    `<g class="grid-lines">${grid}</g>` +
    `<g class="axis x-axis"><line x1="0"${attrs({ x2: px(innerW), y1: px(innerH), y2: px(innerH) })}/>${xTicks}</g>` +
    `<g class="axis y-axis"><line x1="0" x2="0" y1="0"${attrs({ y2: px(innerH) })}/>${yTicks}</g>` +
    `<g class="series">${levelLines}${lines}</g>` +
    `<text class="axis-label"${attrs({ x: px(innerW / 2), y: px(innerH + 38) })} text-anchor="middle">${escapeText(spec.xLabel)}</text>` +
    `<text class="axis-label" transform="translate(-44,${px(innerH / 2)}) rotate(-90)" text-anchor="middle">${escapeText(spec.yLabel)}</text>` +
    `<g class="legend">${legend}</g>` +
    `</g></svg>`
  );
}

export interface HeatmapSpec {
  /** Unique within the page: used for the ids of <title> and <desc>. */
  id: string;
  title: string;
  description: string;
  rows: number;
  cols: number;
  /** Row-major fill colours, rows·cols entries. */
  colours: string[];
  /** Row-major hover text of each cell (the values behind the colour). */
  cellTitles: string[];
  /** Row-major: cells to mark with a cross, so that "wrong" does not rest on colour alone. */
  marked?: boolean[];
  rowLabels: string[];
  colLabels: string[];
  xLabel: string;
  yLabel: string;
  /** One short text per column, drawn under the column labels (e.g. the copy task's input tokens). */
  footer?: { label: string; values: string[] };
  /** Absent when several heatmaps share one legend (see legendChart). */
  legend?: HeatmapLegend;
  /** Largest drawing width; cells shrink to fit. */
  maxWidth?: number;
}

/** A colour bar: `colourAt` maps a value to a colour; ticks come from a d3 scale over `domain`. */
export interface HeatmapLegend {
  title: string;
  domain: [number, number];
  log: boolean;
  colourAt: (value: number) => string;
  format?: (value: number) => string;
}

const CELL_MAX = 34;
const CELL_MIN = 5;

export function heatmap(spec: HeatmapSpec): string {
  const fn = 'heatmap';
  const n = spec.rows * spec.cols;
  requireArgument(Number.isInteger(spec.rows) && spec.rows > 0, fn, 'spec.rows', `must be a positive integer, got ${spec.rows}`);
  requireArgument(Number.isInteger(spec.cols) && spec.cols > 0, fn, 'spec.cols', `must be a positive integer, got ${spec.cols}`);
  requireArgument(spec.colours.length === n, fn, 'spec.colours', `must have rows·cols = ${n} entries, got ${spec.colours.length}`);
  requireArgument(spec.cellTitles.length === n, fn, 'spec.cellTitles', `must have rows·cols = ${n} entries, got ${spec.cellTitles.length}`);
  requireArgument(spec.marked === undefined || spec.marked.length === n, fn, 'spec.marked', `must have rows·cols = ${n} entries`);
  requireArgument(
    spec.rowLabels.length === spec.rows,
    fn,
    'spec.rowLabels',
    `must have ${spec.rows} entries, got ${spec.rowLabels.length}`,
  );
  requireArgument(
    spec.colLabels.length === spec.cols,
    fn,
    'spec.colLabels',
    `must have ${spec.cols} entries, got ${spec.colLabels.length}`,
  );
  requireArgument(!spec.footer || spec.footer.values.length === spec.cols, fn, 'spec.footer.values', `must have ${spec.cols} entries`);

  const left = 14 + 7 * Math.max(...spec.rowLabels.map((l) => l.length), 2) + 18;
  const maxWidth = spec.maxWidth ?? 720;
  const cell = Math.max(CELL_MIN, Math.min(CELL_MAX, Math.floor((maxWidth - left - 20) / spec.cols)));
  const gridW = cell * spec.cols;
  const gridH = cell * spec.rows;
  const top = spec.yLabel ? 24 : 8;
  const x = scaleBand<number>().domain(range(spec.cols)).range([0, gridW]);
  const y = scaleBand<number>().domain(range(spec.rows)).range([0, gridH]);
  // Label every column when they fit, otherwise every k-th one.
  const labelEvery = Math.max(1, Math.ceil(22 / x.bandwidth()));
  const labelFont = Math.min(12, Math.max(8, x.bandwidth() * 0.6));

  const cells: string[] = [];
  const markSize = x.bandwidth() < 26 ? ` font-size="${px(x.bandwidth() * 0.6)}"` : '';
  for (let r = 0; r < spec.rows; r++) {
    for (let c = 0; c < spec.cols; c++) {
      const k = r * spec.cols + c;
      const cx = x(c) ?? 0;
      const cy = y(r) ?? 0;
      // The cross is centred by CSS (svg.chart text.mark); only its position is per cell.
      const mark = spec.marked?.[k]
        ? `<text class="mark" x="${px(cx + x.bandwidth() / 2)}" y="${px(cy + y.bandwidth() / 2)}"${markSize}>✕</text>`
        : '';
      cells.push(
        `<rect${attrs({ x: px(cx), y: px(cy), width: px(x.bandwidth()), height: px(y.bandwidth()), fill: hexColour(spec.colours[k]) })}>` +
          `<title>${escapeText(spec.cellTitles[k])}</title></rect>${mark}`,
      );
    }
  }
  const colLabels = spec.colLabels
    .map((label, c) =>
      c % labelEvery === 0
        ? `<text x="${px((x(c) ?? 0) + x.bandwidth() / 2)}" y="${px(gridH + 14)}" text-anchor="middle" font-size="${px(labelFont)}">${escapeText(label)}</text>`
        : '',
    )
    .join('');
  const rowLabels = spec.rowLabels
    .map((label, r) => `<text x="-6" y="${px((y(r) ?? 0) + y.bandwidth() / 2)}" dy="0.32em" text-anchor="end">${escapeText(label)}</text>`)
    .join('');
  let footer = '';
  let belowGrid = gridH + 22;
  if (spec.footer) {
    const values = spec.footer.values
      .map(
        (v, c) =>
          `<text x="${px((x(c) ?? 0) + x.bandwidth() / 2)}" y="${px(gridH + 32)}" text-anchor="middle" font-size="${px(labelFont)}">${escapeText(v)}</text>`,
      )
      .join('');
    footer = `<g class="footer"><text x="-6" y="${px(gridH + 32)}" text-anchor="end" font-size="${px(labelFont)}">${escapeText(spec.footer.label)}</text>${values}</g>`;
    belowGrid += 18;
  }
  // Horizontal labels (a rotated one does not fit beside a grid two cells high): the row label
  // above the row names, the column label under the grid.
  const axisLabels =
    (spec.yLabel ? `<text class="axis-label" x="${px(-left + 4)}" y="-8">${escapeText(spec.yLabel)}</text>` : '') +
    `<text class="axis-label" x="0" y="${px(belowGrid + 14)}">${escapeText(spec.xLabel)}</text>`;
  const legendTop = belowGrid + 30;
  const legend = spec.legend ? colourBar(spec.legend, Math.min(300, Math.max(200, gridW)), spec.id) : { svg: '', height: -8 };
  const textWidth = (text: string) => text.length * 6.5 + 12;
  const width = Math.max(left + gridW + 20, left + 320, left + textWidth(spec.xLabel), textWidth(spec.yLabel));
  const height = top + legendTop + legend.height;

  return (
    svgOpen(spec.id, width, height, spec.title, spec.description, 'chart heatmap') +
    `<g transform="translate(${px(left)},${top})">` +
    `<g class="cells">${cells.join('')}</g>` +
    `<g class="labels">${colLabels}${rowLabels}</g>${footer}${axisLabels}` +
    (legend.svg ? `<g transform="translate(0,${px(legendTop)})">${legend.svg}</g>` : '') +
    `</g></svg>`
  );
}

/** A colour bar on its own, for a group of heatmaps that share one colour scale. */
export function legendChart(legend: HeatmapLegend, id: string, title: string): string {
  const bar = colourBar(legend, 300, id);
  return (
    svgOpen(
      id,
      340,
      bar.height + 8,
      title,
      `Colour scale from ${legend.format?.(legend.domain[0]) ?? legend.domain[0]} to ${legend.format?.(legend.domain[1]) ?? legend.domain[1]}${legend.log ? ', logarithmic' : ''}.`,
      'chart legend',
    ) + `<g transform="translate(20,4)">${bar.svg}</g></svg>`
  );
}

/**
 * A horizontal colour bar: an SVG gradient sampled from the colour scale, with ticks from a
 * linear or log d3 scale over the legend's domain.
 */
function colourBar(legend: HeatmapLegend, width: number, id: string): { svg: string; height: number } {
  const [lo, hi] = legend.domain;
  const axis = legend.log ? scaleLog().domain([lo, hi]).range([0, width]) : scaleLinear().domain([lo, hi]).range([0, width]);
  const samples = 12;
  const stops = range(samples + 1)
    .map(
      (k) =>
        `<stop offset="${px((100 * k) / samples)}%" stop-color="${escapeText(hexColour(legend.colourAt(axis.invert((k / samples) * width))))}"/>`,
    )
    .join('');
  const format = legend.format ?? axis.tickFormat(legend.log ? 4 : 5);
  const ticks = (legend.log ? logDecades(lo, hi) : axis.ticks(5))
    .map(
      (t) =>
        `<g transform="translate(${px(axis(t))},30)"><line y2="4"/><text y="15" text-anchor="middle">${escapeText(format(t))}</text></g>`,
    )
    .join('');
  const gradientId = `${id}-gradient`;
  return {
    svg:
      `<g class="legend colour-bar"><defs><linearGradient id="${escapeText(gradientId)}">${stops}</linearGradient></defs>` +
      `<text y="10">${escapeText(legend.title)}</text>` +
      `<rect x="0" y="18" width="${px(width)}" height="12" fill="url(#${escapeText(gradientId)})"/>` +
      `<g class="axis">${ticks}</g></g>`,
    height: 52,
  };
}

/** 1, 2, 5 × powers of ten inside [lo, hi] when they span few decades, else the decades only. */
function logTicks([lo, hi]: [number, number]): number[] {
  const all = scaleLog().domain([lo, hi]).ticks();
  const decades = logDecades(lo, hi);
  if (decades.length > 3) return decades;
  return all.filter((t) => [1, 2, 5].includes(Number((t / 10 ** Math.floor(Math.log10(t) + 1e-9)).toPrecision(3))));
}

/** Powers of ten inside [lo, hi], thinned so that at most six are labelled. */
function logDecades(lo: number, hi: number): number[] {
  const decades = scaleLog()
    .domain([lo, hi])
    .ticks()
    .filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const every = Math.ceil(decades.length / 6);
  return decades.filter((_, k) => k % every === 0);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, k) => k);
}
