/**
 * The sequence-task pictures (exercise 12): the held-out year's forecast against the truth, the
 * confusion matrix of the weather classes, and the learning curves of the student's model against
 * the reference's.
 */
import { scaleSequential } from 'd3-scale';
import { interpolateBlues } from 'd3-scale-chromatic';
import { formatNumber } from '../../format';
import type { SequenceTasksData } from '../../weather/report-data';
import { heatmap, lineChart, type LineSeries } from './charts';

const YOURS = { colour: '#0072b2', width: 2.5 };
const REFERENCE = { colour: '#009e73', dash: '7 4', width: 1.5 };
const TRUTH = { colour: '#222222', width: 1 };

/** Tomorrow's maximum temperature over the held-out year: the truth, your forecast and the reference's. */
export function forecastChart(data: SequenceTasksData): string {
  const { series } = data.regression;
  const points = (value: (row: (typeof series)[number]) => number | null) =>
    series.flatMap((row, day) => {
      const y = value(row);
      return y === null || !Number.isFinite(y) ? [] : [{ x: day + 1, y }];
    });
  const lines: LineSeries[] = [{ name: 'observed', points: points((r) => r.truth), style: TRUTH }];
  const yours = points((r) => r.student);
  if (yours.length > 0) lines.push({ name: 'your forecast', points: yours, style: YOURS });
  lines.push({ name: 'reference forecast', points: points((r) => r.reference), style: REFERENCE });
  return lineChart({
    id: 'sequence-tasks-forecast',
    title: `Maximum temperature of the next day over ${data.config.heldOutYear}, the held-out year`,
    description:
      `Observed daily maximum temperature (°C) and the forecasts made from the previous ${data.config.window} days, for every day of ` +
      `${data.config.heldOutYear}; no day of that year was used for training or for the normalisation.`,
    xLabel: `day of ${data.config.heldOutYear}`,
    yLabel: 'maximum temperature (°C)',
    series: lines,
    height: 300,
  });
}

/** Rows: the true class; columns: the predicted class; colour: the fraction of the row. */
export function confusionHeatmap(data: SequenceTasksData, whose: 'student' | 'reference'): string | null {
  const scores = data.classification[whose].scores;
  if (!scores) return null;
  const { classes } = data.classification;
  const colour = scaleSequential(interpolateBlues).domain([0, 1]).clamp(true);
  const colours: string[] = [];
  const titles: string[] = [];
  scores.confusion.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, c) => {
      colours.push(colour(total === 0 ? 0 : count / total));
      titles.push(
        `true ${classes[r]}, predicted ${classes[c]}: ${count} day${count === 1 ? '' : 's'}${total === 0 ? '' : ` (${formatNumber((100 * count) / total)}% of the ${classes[r]} days)`}`,
      );
    });
  });
  const label = whose === 'student' ? 'your model' : 'the reference';
  return heatmap({
    id: `sequence-tasks-confusion-${whose}`,
    title: `Confusion matrix of ${label} on the held-out year`,
    description: `Rows are the weather that came, columns the weather ${label} forecast; colour is the share of the row's days (dark: most of them). A good forecaster is dark on the diagonal.`,
    rows: classes.length,
    cols: classes.length,
    colours,
    cellTitles: titles,
    rowLabels: classes,
    colLabels: classes,
    xLabel: 'forecast',
    yLabel: 'observed',
    legend: { title: 'share of the observed class', domain: [0, 1], log: false, colourAt: (v) => colour(v) },
    maxWidth: 420,
  });
}

/** Training loss of the student's model and the reference's for one task. */
export function sequenceCurveChart(data: SequenceTasksData, task: 'regression' | 'classification'): string | null {
  const runs = data[task];
  const points = (curve: { step: number; loss: number }[]) =>
    curve.filter((p) => Number.isFinite(p.loss) && p.loss > 0).map((p) => ({ x: p.step, y: p.loss }));
  const series: LineSeries[] = [];
  if (runs.student.curve.length > 0) series.push({ name: 'your model', points: points(runs.student.curve), style: YOURS });
  series.push({ name: 'reference', points: points(runs.reference.curve), style: REFERENCE });
  if (!series.some((s) => s.points.length > 0)) return null;
  return lineChart({
    id: `sequence-tasks-curve-${task}`,
    title: `Learning curve on the ${task === 'regression' ? 'temperature forecast' : 'weather forecast'}`,
    description:
      'Training loss against the training step. Both start from the same weights and see the days in the same order, so a correct implementation follows the reference up to rounding.',
    xLabel: 'training step',
    yLabel: `${task === 'regression' ? 'mean squared error' : 'cross-entropy'} (log scale)`,
    series,
    yLog: true,
    height: 240,
  });
}
