import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GradientComparison } from '../../../../grader/model';
import { heatmap, lineChart } from '../../../../grader/reporters/html/charts';
import { gateHeatmap, lossChart } from '../../../../grader/reporters/html/copy-task-charts';
import { axisLabels, gradientHeatmap } from '../../../../grader/reporters/html/gradient-heatmap';
import { realGrade } from '../../../fixtures/grades';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const cellsOf = (svg: string) => svg.slice(svg.indexOf('<g class="cells">'), svg.indexOf('<g class="labels">'));

function comparison(rows: number, cols: number, analytic: number[], numerical: number[], ok: boolean[]): GradientComparison {
  return {
    name: 'dW',
    label: 'dW of the forget gate',
    rows,
    cols,
    analytic,
    numerical,
    ok,
    worst: { row: 0, col: 0, analytic: analytic[0], numerical: numerical[0], error: Math.abs(analytic[0] - numerical[0]) },
  };
}

describe('gradientHeatmap', () => {
  it('draws one titled cell per entry, crosses exactly the wrong ones, and carries both values in each title', () => {
    const grid = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
    const cases = fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 10 }) }).chain(({ rows, cols }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        analytic: fc.array(grid, { minLength: rows * cols, maxLength: rows * cols }),
        offsets: fc.array(fc.constantFrom(0, 1e-11, 1e-3, 2), { minLength: rows * cols, maxLength: rows * cols }),
      }),
    );
    const details = fc.check(
      fc.property(cases, ({ rows, cols, analytic, offsets }) => {
        const numerical = analytic.map((a, k) => a + offsets[k]);
        const ok = offsets.map((o) => o < 1e-6);
        const svg = gradientHeatmap(comparison(rows, cols, analytic, numerical, ok), 'h');
        const cells = cellsOf(svg);
        expect(count(cells, /<rect /g)).toBe(rows * cols);
        expect(count(cells, /<title>/g)).toBe(rows * cols);
        expect(count(cells, /✕/g)).toBe(ok.filter((v) => !v).length);
        expect(count(cells, /WRONG/g)).toBe(ok.filter((v) => !v).length);
        expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="h-title h-desc"/);
      }),
      { numRuns: 60, seed: 1 },
    );
    expect(details.failed, details.counterexample ? JSON.stringify(details.counterexample) : '').toBe(false);
  });

  it('colours a larger error darker (log scale) and labels dW columns by the h and x parts', () => {
    const svg = gradientHeatmap(comparison(1, 3, [0, 0, 0], [1e-10, 1e-4, 1], [true, false, false]), 'g');
    // Lightness as the sum of the channels of #rrggbb.
    const fills = [...cellsOf(svg).matchAll(/fill="#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})"/g)].map((m) =>
      m.slice(1).reduce((sum, hex) => sum + parseInt(hex, 16), 0),
    );
    expect(fills).toHaveLength(3);
    expect(fills[0]).toBeGreaterThan(fills[1]);
    expect(fills[1]).toBeGreaterThan(fills[2]);
    expect(axisLabels({ name: 'grads.forget.dW', rows: 2, cols: 5 }).cols).toEqual(['h0', 'h1', 'x0', 'x1', 'x2']);
    expect(svg).toContain('dW[0][2]: analytic 0, numerical 1, WRONG');
    expect(svg).toContain('dW[0][0]: analytic 0, numerical 1e-10</title>');
  });

  it('rejects a comparison whose lists do not match its shape, naming the function and the argument', () => {
    expect(() => gradientHeatmap(comparison(2, 2, [1, 2, 3], [1, 2, 3, 4], [true, true, true, true]), 'x')).toThrow(
      /^gradientHeatmap: argument comparison\.analytic must have rows·cols = 4 entries for dW, got 3$/,
    );
  });
});

describe('heatmap', () => {
  it('rejects inconsistent specs with the argument named', () => {
    const spec = {
      id: 'x',
      title: 't',
      description: 'd',
      rows: 1,
      cols: 2,
      colours: ['#fff', '#000'],
      cellTitles: ['a', 'b'],
      rowLabels: ['r'],
      colLabels: ['a', 'b'],
      xLabel: '',
      yLabel: '',
      legend: { title: 'l', domain: [0, 1] as [number, number], log: false, colourAt: () => '#fff' },
    };
    expect(heatmap(spec)).toContain('<title id="x-title">t</title>');
    expect(() => heatmap({ ...spec, colLabels: ['a'] })).toThrow(/^heatmap: argument spec\.colLabels must have 2 entries, got 1$/);
    expect(() => heatmap({ ...spec, rows: 0 })).toThrow(/^heatmap: argument spec\.rows must be a positive integer/);
  });
});

describe('lineChart', () => {
  const series = [
    {
      name: 'a',
      points: [
        { x: 0, y: 2 },
        { x: 10, y: 1 },
      ],
      style: { colour: '#000' },
    },
    {
      name: 'b',
      points: [
        { x: 0, y: 1 },
        { x: 10, y: 0.01 },
      ],
      style: { colour: '#f00', dash: '4 2' },
    },
  ];

  it('draws one path per series, ticks from the d3 scales, a legend entry per series and level', () => {
    const svg = lineChart({
      id: 'c',
      title: 'T',
      description: 'D',
      xLabel: 'x',
      yLabel: 'y',
      series,
      levels: [{ name: 'base', y: 0.5, style: { colour: '#555' } }],
    });
    expect(count(svg, /<path /g)).toBe(2);
    expect(svg).toContain('<title id="c-title">T</title>');
    expect(svg).toContain('<title>base: 0.5</title>');
    expect(count(svg.slice(svg.indexOf('<g class="legend">')), /<text /g)).toBe(3);
    // d3's ticks for [0, 10]: 0, 2, 4, 6, 8, 10.
    expect(count(svg.slice(svg.indexOf('x-axis'), svg.indexOf('y-axis')), /<text /g)).toBe(6);
  });

  it('on a log axis puts ticks at powers of ten and drops non-positive values', () => {
    const svg = lineChart({
      id: 'l',
      title: 'T',
      description: 'D',
      xLabel: 'x',
      yLabel: 'y',
      yLog: true,
      series: [...series, { name: 'z', points: [{ x: 1, y: 0 }], style: { colour: '#00f' } }],
    });
    const yAxis = svg.slice(svg.indexOf('y-axis'), svg.indexOf('class="series"'));
    // Values 0.01 to 2, niced to [0.01, 10]: four decades, so ticks at the powers of ten only.
    expect([...yAxis.matchAll(/>([\d.e-]+)<\/text>/g)].map((m) => m[1])).toEqual(['0.01', '0.1', '1', '10']);
  });

  it('rejects empty or non-finite series, naming the function and the argument', () => {
    const base = { id: 'c', title: 'T', description: 'D', xLabel: 'x', yLabel: 'y' };
    expect(() => lineChart({ ...base, series: [] })).toThrow(/^lineChart: argument spec\.series must be a non-empty array/);
    expect(() => lineChart({ ...base, series: [{ name: 'a', points: [{ x: 0, y: Number.NaN }], style: { colour: '#000' } }] })).toThrow(
      /^lineChart: argument spec\.series must contain finite x and y values only$/,
    );
  });
});

describe('copy-task charts', () => {
  it('draws the three models and the baseline, and a gate heatmap of units × steps with the tokens under it', async () => {
    const data = (await realGrade('reference-full')).copyTask!;
    const loss = lossChart(data);
    for (const name of ['your LSTM', 'reference LSTM', 'vanilla RNN', 'memoryless baseline']) expect(loss).toContain(`>${name}</text>`);
    const gates = gateHeatmap(data, 'forget');
    const steps = data.gates!.forget.length;
    const units = data.gates!.forget[0].length;
    expect(count(cellsOf(gates), /<rect /g)).toBe(steps * units);
    expect(gates).toContain(`Rows are the ${units} hidden units, columns the ${steps} time steps`);
    const start = gates.indexOf('<g class="footer">');
    const footer = gates.slice(start, gates.indexOf('</g>', start));
    expect(count(footer, /<text /g)).toBe(steps + 1);
    expect(footer).toContain('>▸</text>');
  });

  it('rejects gate data whose tokens do not match the steps', async () => {
    const data = structuredClone((await realGrade('reference-full')).copyTask!);
    data.gates!.tokens.pop();
    expect(() => gateHeatmap(data, 'input')).toThrow(/^gateHeatmap: argument data\.gates\.tokens must have one token per step/);
  });
});
