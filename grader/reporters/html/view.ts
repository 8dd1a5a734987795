/**
 * GradeResult → the plain view the templates render. Every decision about what to show lives
 * here (and in the chart and value modules it calls), so the .hbs files stay logic-free.
 * HTML-valued fields (`*Html`, `svg`) are produced by trusted code that escapes all text.
 */
import { exerciseById, isExerciseId } from '../../course';
import type { CheckResult, CheckStatus, CopyTaskData, Diagnosis, ExerciseResult, GradeResult, GradientComparison } from '../../model';
import { yourFieldsMatch } from '../diagnosis-text';
import type { SequenceTasksData } from '../../weather/report-data';
import { accuracyChart, gateHeatmap, gateOwner, gradientFlowChart, lossChart } from './copy-task-charts';
import { confusionHeatmap, forecastChart, sequenceCurveChart } from './sequence-tasks-charts';
import { counterexampleHeading, formatNumber, formatPercent, formatPoints, STATUS_TEXT } from '../../format';
import { entryIndex, errorLegend, gradientHeatmap, largestError } from './gradient-heatmap';
import { equationsFor, type RenderedEquation } from './math';
import { valueHtml } from './values';

export interface StatusView {
  status: CheckStatus;
  statusLabel: string;
  statusIcon: string;
}

export interface GradientView {
  name: string;
  label: string;
  svg: string;
  wrong: number;
  total: number;
  worst: string;
  /** Per-entry table for people who cannot use the colours (and for print). */
  rows: { index: string; analytic: string; numerical: string; difference: string; ok: boolean }[];
}

export interface CheckView extends StatusView {
  id: string;
  anchor: string;
  title: string;
  fn: string | null;
  points: string;
  passed: boolean;
  message: string;
  details: string | null;
  counterexample: {
    inputs: { name: string; html: string }[];
    expectedHtml: string | null;
    actualHtml: string | null;
    differing: string[];
  } | null;
  /** Gradients with at least one wrong entry, shown first. */
  gradients: GradientView[];
  /** Gradients that match finite differences everywhere, folded away. */
  matchingGradients: GradientView[];
  /** The colour scale shared by this check's heatmaps. */
  gradientLegendSvg: string | null;
  /** "Smallest failing case", or the heading of a case shown as found (format.ts counterexampleHeading). */
  counterexampleHeading: string;
  /** True when the compact page leaves this check's counterexample out. */
  counterexampleLeftOut: boolean;
  diagnosis: DiagnosisView | null;
  /** "✔ 1 other gradient matches finite differences". */
  matchingSummary: string;
  replay: string | null;
  property: string | null;
}

export interface ExerciseView extends StatusView {
  id: string;
  anchor: string;
  number: string;
  title: string;
  points: string;
  summary: string;
  passed: boolean;
  notAttempted: boolean;
  /** The file the student edits, as seen from the repository root. */
  file: string | null;
  fixFirst: { title: string; anchor: string } | null;
  output: string | null;
  /** Backward equations per the instructor's reveal setting; when withheld, the sentence that says so. */
  equations: { forward: RenderedEquation[]; backward: RenderedEquation[]; backwardWithheld: string };
  passedChecks: CheckView[];
  /** Failed or crashed: shown in full. */
  openChecks: CheckView[];
  /** Not attempted: one line each, the reason once. */
  waitingChecks: CheckView[];
  waitingMessage: string | null;
  copyTask: CopyTaskView | null;
  sequenceTasks: SequenceTasksView | null;
}

export interface CopyTaskView {
  lossSvg: string;
  accuracySvg: string | null;
  forgetSvg: string | null;
  inputSvg: string | null;
  gateOwner: string;
  baseline: string;
  models: { name: string; stepsToSolve: string; accuracy: string; wall: string }[];
  config: { name: string; value: string }[];
  tiers: { delay: number; symbols: number; model: string; stepsToSolve: string; accuracy: string }[];
  gradientInitialSvg: string | null;
  gradientTrainedSvg: string | null;
}

export interface ReportView {
  title: string;
  submission: string;
  startedAt: string;
  duration: string;
  seed: number;
  points: string;
  percent: number;
  passMark: string;
  atPassMark: boolean;
  allPassed: boolean;
  startHere: { number: string; title: string; anchor: string; summary: string } | null;
  exercises: ExerciseView[];
  compact: boolean;
  versions: { name: string; value: string }[];
}

/**
 * How much to show. 'full' shows everything; 'compact' (used when the full page would pass the
 * size budget, see render.ts) drops the per-entry tables under the heatmaps and shows the
 * counterexample tables only for the first failing check of each function.
 */
export type Detail = 'full' | 'compact';

export const exerciseAnchor = (id: string): string => `exercise-${id}`;
const checkAnchor = (exercise: string, check: string): string => `check-${exercise}-${check.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function statusView(status: CheckStatus): StatusView {
  const text = STATUS_TEXT[status] ?? { label: String(status), glyph: '?' };
  return { status, statusLabel: text.label, statusIcon: text.glyph };
}

function titleOf(id: string): string {
  return isExerciseId(id) ? exerciseById(id).title : id;
}

function numberOf(id: string): string {
  return isExerciseId(id) ? exerciseById(id).number : '';
}

function gradientView(comparison: GradientComparison, anchor: string, maxError: number, detail: Detail): GradientView {
  const svg = gradientHeatmap(comparison, `${anchor}-${comparison.name.replace(/[^A-Za-z0-9_-]/g, '-')}`, maxError);
  const { worst } = comparison;
  return {
    name: comparison.name,
    label: comparison.label,
    svg,
    wrong: comparison.ok.filter((v) => !v).length,
    total: comparison.ok.length,
    worst: `${entryIndex(comparison, worst.row, worst.col)}: analytic ${formatNumber(worst.analytic)}, numerical ${formatNumber(worst.numerical)}, |difference| ${formatNumber(worst.error)}`,
    rows:
      detail === 'compact'
        ? []
        : comparison.analytic.map((a, k) => ({
            index: entryIndex(comparison, Math.floor(k / comparison.cols), k % comparison.cols),
            analytic: formatNumber(a),
            numerical: formatNumber(comparison.numerical[k]),
            difference: formatNumber(Math.abs(Number(a) - Number(comparison.numerical[k]))),
            ok: comparison.ok[k],
          })),
  };
}

function checkView(check: CheckResult, exercise: string, detail: Detail, firstOfFunction: boolean): CheckView {
  const anchor = checkAnchor(exercise, check.id);
  const ce = detail === 'full' || firstOfFunction ? check.counterexample : undefined;
  const differing = ce?.differing ?? [];
  const gradients = check.gradients ?? [];
  // One colour scale for all heatmaps of a check, so that their colours compare.
  const sharedMaxError = Math.max(0, ...gradients.map(largestError));
  return {
    ...statusView(check.status),
    id: check.id,
    anchor,
    title: check.title,
    fn: check.fn ?? null,
    points: formatPoints(check.score, check.maxScore),
    passed: check.status === 'passed',
    message: check.message,
    details: check.details ?? null,
    counterexample:
      ce && (Object.keys(ce.inputs).length > 0 || ce.expected !== undefined || ce.actual !== undefined)
        ? {
            inputs: Object.entries(ce.inputs).map(([name, value]) => ({ name, html: valueHtml(value, [], name) })),
            expectedHtml: ce.expected === undefined ? null : valueHtml(ce.expected, differing),
            actualHtml: ce.actual === undefined ? null : valueHtml(ce.actual, differing),
            differing,
          }
        : null,
    gradients: gradients.filter((g) => g.ok.includes(false)).map((g) => gradientView(g, anchor, sharedMaxError, detail)),
    matchingGradients: gradients.filter((g) => !g.ok.includes(false)).map((g) => gradientView(g, anchor, sharedMaxError, detail)),
    gradientLegendSvg: gradients.length > 0 ? errorLegend(sharedMaxError, `${anchor}-legend`) : null,
    counterexampleHeading: counterexampleHeading(check.property),
    counterexampleLeftOut: check.counterexample !== undefined && ce === undefined,
    diagnosis: check.diagnosis ? diagnosisView(check.diagnosis) : null,
    matchingSummary: matchingSummary(gradients.filter((g) => !g.ok.includes(false)).length),
    replay: check.replay ?? null,
    property: check.property
      ? `fast-check seed ${check.property.seed}${check.property.path ? `, path ${check.property.path}` : ''}, ` +
        `${check.property.numRuns} runs, ${check.property.shrunk === false ? 'not shrunk' : `shrunk ${check.property.numShrinks} times`}`
      : null,
  };
}

export interface DiagnosisView {
  named: { lead: string; hint: string }[];
  oneOf: { lead: string; names: string[] }[];
  findings: string[];
}

function diagnosisView(diagnosis: Diagnosis): DiagnosisView {
  const your = (fields: string[]) => yourFieldsMatch(fields, diagnosis);
  return {
    named: diagnosis.named.map((m) => ({ lead: `${your(m.fields)} a common mistake: ${m.name}.`, hint: m.hint })),
    oneOf: diagnosis.oneOf.map((t) => ({ lead: `${your(t.fields)} one of these common mistakes:`, names: t.mistakes.map((m) => m.name) })),
    findings: diagnosis.findings.map((f) => f.text),
  };
}

function matchingSummary(count: number): string {
  return `${STATUS_TEXT.passed.glyph} ${count} other gradient${count === 1 ? ' matches' : 's match'} finite differences`;
}

function equationsView(ex: ExerciseResult): ExerciseView['equations'] {
  if (!isExerciseId(ex.id)) return { forward: [], backward: [], backwardWithheld: '' };
  const { forward, backward } = equationsFor(ex.id);
  if (ex.showBackwardEquations && backward.length > 0) return { forward, backward, backwardWithheld: '' };
  // The student template ships no backward equations (docs/student-template.md).
  const withheld =
    ex.status === 'passed' || backward.length === 0
      ? 'Deriving them is part of the exercise.'
      : 'Deriving them is part of the exercise: they are shown here once the exercise passes.';
  return { forward, backward: [], backwardWithheld: withheld };
}

function copyTaskView(data: CopyTaskData): CopyTaskView {
  const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
  const steps = (v: number | null) => (v === null ? 'not solved' : String(v));
  const names: Record<string, string> = { student: 'your LSTM', reference: 'reference LSTM', rnn: 'vanilla RNN' };
  return {
    lossSvg: lossChart(data),
    accuracySvg: accuracyChart(data),
    forgetSvg: data.gates ? gateHeatmap(data, 'forget') : null,
    inputSvg: data.gates ? gateHeatmap(data, 'input') : null,
    gateOwner: gateOwner(data),
    baseline: formatNumber(data.baselineLoss),
    models: data.models.map((m) => ({
      name: names[m.name] ?? m.name,
      stepsToSolve: steps(m.stepsToSolve),
      accuracy: percent(m.accuracy),
      // The student template's recorded reference runs carry no wall time (0): it was not measured here.
      wall: m.wallMs > 0 ? `${(m.wallMs / 1000).toFixed(1)} s` : '—',
    })),
    config: Object.entries(data.config).map(([name, value]) => ({
      name,
      value: typeof value === 'number' ? formatNumber(value) : JSON.stringify(value),
    })),
    tiers: (data.tiers ?? []).map((t) => ({
      ...t,
      model: names[t.model] ?? t.model,
      stepsToSolve: steps(t.stepsToSolve),
      accuracy: percent(t.accuracy),
    })),
    gradientInitialSvg: gradientFlowChart(data, 'initial'),
    gradientTrainedSvg: gradientFlowChart(data, 'trained'),
  };
}

export interface SequenceTasksView {
  forecastSvg: string;
  /** Held-out errors of the forecasters, best first. */
  regressionRows: { name: string; rmse: string; mae: string }[];
  requiredSkill: string;
  bestRegressionBaseline: string;
  studentConfusionSvg: string | null;
  referenceConfusionSvg: string | null;
  accuracyRows: { name: string; accuracy: string }[];
  recallRows: { name: string; support: number; yours: string; reference: string }[];
  requiredGain: string;
  bestClassificationBaseline: string;
  regressionCurveSvg: string | null;
  classificationCurveSvg: string | null;
  findings: string[];
  config: { name: string; value: string }[];
}

function sequenceTasksView(data: SequenceTasksData): SequenceTasksView {
  const { regression: r, classification: c } = data;
  const celsius = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} °C`);
  const share = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, 1));
  const regressionRows = [
    { name: 'your model', rmse: celsius(r.student.scores?.rmse), mae: celsius(r.student.scores?.mae) },
    { name: 'reference LSTM', rmse: celsius(r.reference.scores.rmse), mae: celsius(r.reference.scores.mae) },
    { name: 'persistence (tomorrow = today)', rmse: celsius(r.baselines.persistence.rmse), mae: celsius(r.baselines.persistence.mae) },
    { name: 'climatology (day-of-year mean)', rmse: celsius(r.baselines.climatology.rmse), mae: celsius(r.baselines.climatology.mae) },
  ];
  return {
    forecastSvg: forecastChart(data),
    regressionRows,
    requiredSkill: formatPercent(r.requiredSkill),
    bestRegressionBaseline: r.bestBaseline,
    studentConfusionSvg: confusionHeatmap(data, 'student'),
    referenceConfusionSvg: confusionHeatmap(data, 'reference'),
    accuracyRows: [
      { name: 'your model', accuracy: share(c.student.scores?.accuracy) },
      { name: 'reference LSTM', accuracy: share(c.reference.scores.accuracy) },
      { name: 'persistence (tomorrow = today)', accuracy: share(c.baselines.persistence.accuracy) },
      { name: `majority class (always ${c.baselines.majority.predicts})`, accuracy: share(c.baselines.majority.accuracy) },
    ],
    recallRows: c.classes.map((name, k) => ({
      name,
      support: c.support[k],
      yours: share(c.student.scores?.recall[k]),
      reference: share(c.reference.scores.recall[k]),
    })),
    requiredGain: formatPercent(c.requiredGain),
    bestClassificationBaseline: c.bestBaseline,
    regressionCurveSvg: sequenceCurveChart(data, 'regression'),
    classificationCurveSvg: sequenceCurveChart(data, 'classification'),
    findings: [...data.findings.regression, ...data.findings.classification].map((f) => f.message),
    config: Object.entries(data.config).map(([name, value]) => ({
      name,
      value: typeof value === 'number' ? formatNumber(value) : JSON.stringify(value),
    })),
  };
}

function exerciseView(ex: ExerciseResult, result: GradeResult, detail: Detail): ExerciseView {
  const anchor = exerciseAnchor(ex.id);
  const shown = new Set<string>();
  const checks = ex.checks.map((c) => {
    const failing = c.status === 'failed' || c.status === 'error';
    const key = c.fn ?? c.id;
    const first = failing && c.counterexample !== undefined && !shown.has(key);
    if (first) shown.add(key);
    return checkView(c, ex.id, detail, first);
  });
  const submission = result.submission.replace(/\\/g, '/').replace(/\/+$/, '');
  return {
    ...statusView(ex.status),
    id: ex.id,
    anchor,
    number: numberOf(ex.id),
    title: ex.title,
    points: formatPoints(ex.score, ex.maxScore),
    summary: ex.summary,
    passed: ex.status === 'passed',
    notAttempted: ex.status === 'not-attempted',
    file: ex.file ? (submission ? `${submission}/${ex.file}` : ex.file) : null,
    fixFirst: ex.fixFirst ? { title: titleOf(ex.fixFirst), anchor: exerciseAnchor(ex.fixFirst) } : null,
    output: ex.output && ex.output.length > 0 ? ex.output : null,
    equations: equationsView(ex),
    passedChecks: checks.filter((c) => c.passed),
    openChecks: checks.filter((c) => c.status === 'failed' || c.status === 'error'),
    waitingChecks: checks.filter((c) => c.status === 'not-attempted'),
    waitingMessage: checks.find((c) => c.status === 'not-attempted')?.message ?? null,
    copyTask: ex.id === 'copy-task' && result.copyTask ? copyTaskView(result.copyTask) : null,
    sequenceTasks: ex.id === 'sequence-tasks' && result.sequenceTasks ? sequenceTasksView(result.sequenceTasks) : null,
  };
}

export function buildView(result: GradeResult, detail: Detail = 'full'): ReportView {
  const exercises = result.exercises.map((ex) => exerciseView(ex, result, detail));
  const first = exercises.find((e) => !e.passed);
  return {
    title: `lstm-lab feedback: ${formatPoints(result.score, result.maxScore)} points`,
    submission: result.submission,
    startedAt: result.startedAt,
    duration: `${(result.durationMs / 1000).toFixed(1)} s`,
    seed: result.seed,
    points: formatPoints(result.score, result.maxScore),
    percent: result.maxScore > 0 ? Math.round((100 * result.score) / result.maxScore) : 0,
    passMark: formatNumber(result.passMark),
    atPassMark: result.passed,
    allPassed: first === undefined,
    startHere: first ? { number: first.number, title: first.title, anchor: first.anchor, summary: first.summary } : null,
    exercises,
    compact: detail === 'compact',
    versions: Object.entries(result.versions).map(([name, value]) => ({ name, value })),
  };
}
