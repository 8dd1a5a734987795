/**
 * The copy-task pictures: learning curves of the three models against the memoryless baseline,
 * and the forget and input gates of the student's LSTM over one sequence.
 */
import { scaleSequential } from 'd3-scale';
import { interpolateBlues } from 'd3-scale-chromatic';
import type { CopyTaskData } from '../../model';
import { heatmap, lineChart, type LineSeries, type SeriesStyle } from './charts';
import { formatNumber } from '../../format';
import { requireArgument } from './svg';

type ModelName = CopyTaskData['models'][number]['name'];

/** Colour-blind-safe (Okabe–Ito) colours, and dashes so that print in grey still tells them apart. */
const MODEL_STYLE: Record<ModelName, SeriesStyle & { label: string }> = {
  student: { label: 'your LSTM', colour: '#0072b2', width: 3 },
  reference: { label: 'reference LSTM', colour: '#009e73', dash: '7 4', width: 2 },
  rnn: { label: 'vanilla RNN', colour: '#d55e00', dash: '2 3', width: 2 },
};
const BASELINE_STYLE: SeriesStyle = { colour: '#555555', dash: '10 4 2 4', width: 1.5 };

function modelSeries(data: CopyTaskData, value: (p: CopyTaskData['models'][number]['curve'][number]) => number | undefined): LineSeries[] {
  return data.models.map((m) => ({
    name: MODEL_STYLE[m.name]?.label ?? m.name,
    style: MODEL_STYLE[m.name] ?? { colour: '#000000' },
    points: m.curve.flatMap((p) => {
      const y = value(p);
      return y === undefined || !Number.isFinite(y) ? [] : [{ x: p.step, y }];
    }),
  }));
}

export function lossChart(data: CopyTaskData): string {
  requireArgument(
    Array.isArray(data.models) && data.models.some((m) => m.curve.length > 0),
    'lossChart',
    'data.models',
    'must contain at least one model with a non-empty curve',
  );
  return lineChart({
    id: 'copy-task-loss',
    title: 'Copy task: training loss per step',
    description:
      `Cross-entropy per position against the training step for ${data.models.map((m) => MODEL_STYLE[m.name]?.label ?? m.name).join(', ')}. ` +
      `The dashed grey line is the memoryless baseline ${formatNumber(data.baselineLoss)}: a model that stays on it has not remembered anything.`,
    xLabel: 'training step',
    yLabel: 'loss (nats per position, log scale)',
    series: modelSeries(data, (p) => p.loss),
    yLog: true,
    levels: [{ name: 'memoryless baseline', y: data.baselineLoss, style: BASELINE_STYLE }],
  });
}

/** Null when the curves carry no accuracy. */
export function accuracyChart(data: CopyTaskData): string | null {
  const series = modelSeries(data, (p) => p.accuracy);
  if (!series.some((s) => s.points.length > 0)) return null;
  return lineChart({
    id: 'copy-task-accuracy',
    title: 'Copy task: accuracy on the recalled symbols per step',
    description: 'Fraction of the recalled symbols predicted correctly against the training step, for each model.',
    xLabel: 'training step',
    yLabel: 'recall accuracy',
    series,
    height: 260,
  });
}

const MAX_GATE_CELLS = 4000;

/**
 * Whose gates these are: the grader shows the reference's when the student's LSTM could not be
 * trained, and then the student's curve is empty.
 */
export function gateOwner(data: CopyTaskData): string {
  const student = data.models.find((m) => m.name === 'student');
  return student && student.curve.length > 0 ? 'your LSTM' : 'the reference LSTM';
}

/** How input tokens are written under the gate heatmap: blank, symbol number, delimiter. */
export function tokenText(token: number, symbols: number | undefined): string {
  if (token === 0) return '·';
  if (symbols !== undefined && token === symbols + 1) return '▸';
  return String(token);
}

export function gateHeatmap(data: CopyTaskData, gate: 'forget' | 'input'): string {
  const fn = 'gateHeatmap';
  requireArgument(data.gates !== undefined, fn, 'data.gates', 'must be present to draw the gates');
  const { tokens } = data.gates!;
  const values = data.gates![gate];
  requireArgument(Array.isArray(values) && values.length > 0, fn, `data.gates.${gate}`, 'must be a non-empty [step][unit] array');
  const steps = values.length;
  const units = values[0].length;
  requireArgument(
    values.every((row) => row.length === units && units > 0),
    fn,
    `data.gates.${gate}`,
    `must have the same positive number of units at every step`,
  );
  requireArgument(tokens.length === steps, fn, 'data.gates.tokens', `must have one token per step (${steps}), got ${tokens.length}`);
  const symbols = typeof data.config.symbols === 'number' ? data.config.symbols : undefined;
  // Keeps the page small whatever the configuration: at most MAX_GATE_CELLS cells per picture.
  const shownUnits = Math.min(units, Math.max(1, Math.floor(MAX_GATE_CELLS / steps)));
  const whose = gateOwner(data);

  const colour = scaleSequential(interpolateBlues).domain([0, 1]).clamp(true);
  // The heatmap is unit × time: transpose [step][unit] into row-major rows = units.
  const colours: string[] = [];
  const titles: string[] = [];
  for (let u = 0; u < shownUnits; u++) {
    for (let t = 0; t < steps; t++) {
      colours.push(colour(values[t][u]));
      titles.push(`step ${t}, unit ${u}, input ${tokenText(tokens[t], symbols)}: ${formatNumber(values[t][u])}`);
    }
  }
  const meaning =
    gate === 'forget'
      ? 'Dark means the gate is near 1: the unit keeps its memory from the step before.'
      : 'Dark means the gate is near 1: the unit writes the new candidate into its memory.';
  return heatmap({
    id: `copy-task-gate-${gate}`,
    title: `${gate === 'forget' ? 'Forget' : 'Input'} gate of ${whose} over one copy-task sequence`,
    description: `Rows are ${shownUnits === units ? `the ${units}` : `the first ${shownUnits} of ${units}`} hidden units, columns the ${steps} time steps, colour the gate value from 0 (white) to 1 (dark blue). ${meaning} Under the columns: the input token (· blank, ▸ delimiter, numbers are symbols).`,
    rows: shownUnits,
    cols: steps,
    colours,
    cellTitles: titles,
    rowLabels: Array.from({ length: shownUnits }, (_, u) => `u${u}`),
    colLabels: Array.from({ length: steps }, (_, t) => String(t)),
    xLabel: 'time step',
    yLabel: 'hidden unit',
    footer: { label: 'input', values: tokens.map((t) => tokenText(t, symbols)) },
    legend: { title: `${gate} gate value`, domain: [0, 1], log: false, colourAt: (v) => colour(v) },
    maxWidth: 900,
  });
}

/**
 * The vanishing gradient, visible: the norm of the gradient of the recall loss reaching each time
 * step, for the LSTM (through h and through the cell state C) and the vanilla RNN.
 */
export function gradientFlowChart(data: CopyTaskData, stage: 'initial' | 'trained'): string | null {
  const flow = data.gradientFlow?.[stage];
  if (!flow) return null;
  const steps = (values: number[]) => values.map((y, t) => ({ x: t, y }));
  const series: LineSeries[] = [];
  const lstmLabel = stage === 'initial' ? 'LSTM' : 'your LSTM';
  if (flow.lstm) {
    series.push({ name: `${lstmLabel}: ‖∂L/∂C_t‖`, points: steps(flow.lstm.dc ?? []), style: { colour: '#0072b2', width: 3 } });
    series.push({ name: `${lstmLabel}: ‖∂L/∂h_t‖`, points: steps(flow.lstm.dh), style: { colour: '#56b4e9', dash: '6 3', width: 2 } });
  }
  series.push({ name: 'vanilla RNN: ‖∂L/∂h_t‖', points: steps(flow.rnn.dh), style: MODEL_STYLE.rnn });
  const recallStart =
    typeof data.config.delay === 'number' && typeof data.config.length === 'number' ? data.config.delay + data.config.length : undefined;
  return lineChart({
    id: `copy-task-gradient-flow-${stage}`,
    title: `How much gradient reaches each step, ${stage === 'initial' ? 'at initialisation' : 'after training'}`,
    description:
      'The norm of the gradient of the recall loss (the last S steps) with respect to the hidden state h_t, and for the LSTM also the cell ' +
      `state C_t, against the time step t, on a log scale${recallStart === undefined ? '' : `; the symbols are shown at steps 0 to ${Number(data.config.length) - 1} and recalled from step ${recallStart}`}. ` +
      "Along the RNN the gradient shrinks by a factor at every step it travels back; along the LSTM's cell state it is multiplied only by the forget gate.",
    xLabel: 'time step t',
    yLabel: 'gradient norm (log scale)',
    series: series.filter((s) => s.points.some((p) => p.y > 0)),
    yLog: true,
    height: 280,
  });
}
