/**
 * The pictures of the sequence tasks (exercise 12), drawn from a real grade of the reference: the
 * held-out year's forecast against the truth, the confusion matrices (one cell per pair of classes,
 * the count in each cell's title), and the learning curves of the student's model and the reference's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { confusionHeatmap, forecastChart, sequenceCurveChart } from '../../../../grader/reporters/html/sequence-tasks-charts';
import type { SequenceTasksData } from '../../../../grader/weather/report-data';
import { realGrade } from '../../../fixtures/grades';

let data: SequenceTasksData;
beforeAll(async () => {
  data = (await realGrade('reference-full')).sequenceTasks!;
});

/** The drawn lines of a line chart: name and number of points of each path. */
function lines(svg: string): { name: string; points: number }[] {
  return [...svg.matchAll(/<path [^>]*d="([^"]*)"><title>([^<]*)<\/title><\/path>/g)].map(([, d, name]) => ({
    name,
    points: (d.match(/[ML]/g) ?? []).length,
  }));
}

const legend = (svg: string) =>
  [...svg.slice(svg.indexOf('<g class="legend">')).matchAll(/<text x="32" dy="0.32em">([^<]*)<\/text>/g)].map((m) => m[1]);

describe('forecastChart', () => {
  it('draws the observed temperature and both forecasts over every held-out day', () => {
    const svg = forecastChart(data);
    const days = data.regression.series.length;
    expect(days).toBeGreaterThanOrEqual(365);
    expect(lines(svg)).toEqual([
      { name: 'observed', points: days },
      { name: 'your forecast', points: days },
      { name: 'reference forecast', points: days },
    ]);
    expect(legend(svg)).toEqual(['observed', 'your forecast', 'reference forecast']);
    expect(svg).toContain(
      `<title id="sequence-tasks-forecast-title">Maximum temperature of the next day over ${data.config.heldOutYear}, the held-out year</title>`,
    );
    expect(svg).toContain(`the forecasts made from the previous ${data.config.window} days`);
  });

  it("leaves out the student's forecast when there is no trained model", () => {
    const untrained: SequenceTasksData = {
      ...data,
      regression: { ...data.regression, series: data.regression.series.map((row) => ({ ...row, student: null })) },
    };
    expect(lines(forecastChart(untrained)).map((l) => l.name)).toEqual(['observed', 'reference forecast']);
  });
});

describe('confusionHeatmap', () => {
  it('has one cell per pair of classes, each titled with its count and its share of the true class', () => {
    const { classes } = data.classification;
    const confusion = data.classification.student.scores!.confusion;
    const svg = confusionHeatmap(data, 'student')!;
    const cells = svg.slice(svg.indexOf('<g class="cells">'), svg.indexOf('<g class="labels">'));
    const titles = [...cells.matchAll(/<rect [^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(classes.length ** 2);
    classes.forEach((truth, r) => {
      const total = confusion[r].reduce((a, b) => a + b, 0);
      classes.forEach((predicted, c) => {
        const count = confusion[r][c];
        const title = titles[r * classes.length + c];
        expect(title.startsWith(`true ${truth}, predicted ${predicted}: ${count} day${count === 1 ? '' : 's'}`), title).toBe(true);
        expect(title.includes(`% of the ${truth} days)`), title).toBe(total > 0);
      });
    });
    expect(svg).toContain('Confusion matrix of your model on the held-out year');
  });

  it("draws the reference's matrix under its own id, and nothing for a student without scores", () => {
    expect(confusionHeatmap(data, 'reference')).toContain(
      'id="sequence-tasks-confusion-reference-title">Confusion matrix of the reference on the held-out year<',
    );
    const untrained: SequenceTasksData = {
      ...data,
      classification: { ...data.classification, student: { ...data.classification.student, scores: null } },
    };
    expect(confusionHeatmap(untrained, 'student')).toBeNull();
  });
});

describe('sequenceCurveChart', () => {
  it("draws the student's and the reference's training loss on a log axis, for each task", () => {
    for (const task of ['regression', 'classification'] as const) {
      const svg = sequenceCurveChart(data, task)!;
      const positive = (curve: { loss: number }[]) => curve.filter((p) => Number.isFinite(p.loss) && p.loss > 0).length;
      expect(lines(svg), task).toEqual([
        { name: 'your model', points: positive(data[task].student.curve) },
        { name: 'reference', points: positive(data[task].reference.curve) },
      ]);
      expect(svg).toContain(task === 'regression' ? 'mean squared error (log scale)' : 'cross-entropy (log scale)');
    }
  });

  it('draws only the reference when the student has no curve, and nothing when no curve has a point to draw', () => {
    const regression = data.regression;
    const noStudent: SequenceTasksData = { ...data, regression: { ...regression, student: { ...regression.student, curve: [] } } };
    expect(lines(sequenceCurveChart(noStudent, 'regression')!).map((l) => l.name)).toEqual(['reference']);
    const empty: SequenceTasksData = {
      ...data,
      regression: { ...regression, student: { ...regression.student, curve: [] }, reference: { ...regression.reference, curve: [] } },
    };
    expect(sequenceCurveChart(empty, 'regression')).toBeNull();
  });
});
