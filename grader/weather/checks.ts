/**
 * The sequence-task checks as data: does the student's model beat the best baseline on the held-out
 * year by the calibrated margin, and does its learning curve follow the reference's. Pure functions
 * of already-evaluated data; when something fails, the probe's findings say which function to look at.
 */
import type { CheckResult, CheckStatus } from '../model';
import type { Fault } from '../sandbox/types';
import type { CurveComparison } from './compare';
import { CURVE_RTOL } from './compare';
import type { Finding } from './diagnose';
import type { ClassificationEvaluation, RegressionEvaluation } from './evaluate';
import { REQUIRED_ACCURACY_GAIN, REQUIRED_SKILL } from './settings';
import type { SequenceTaskKind } from './trainer/config';
import type { TrainLog } from './trainer/loop';

/** A check without its exercise id, which the course module adds (`exercise: 'sequence-tasks'`). */
export type SequenceCheck = Omit<CheckResult, 'exercise'>;

/** The sequence tasks' checks, declared once (grader/course/12-sequence-tasks.ts lists them; points in the grading config). */
export const SEQUENCE_CHECKS = {
  'regression-beats-baselines': {
    id: 'regression-beats-baselines',
    title: "forecasts the next day's maximum temperature of the held-out year better than the baselines",
  },
  'classification-beats-baselines': {
    id: 'classification-beats-baselines',
    title: "forecasts the next day's weather of the held-out year better than the baselines",
  },
  'regression-follows-reference': {
    id: 'regression-follows-reference',
    title: "learning curve on the next day's maximum temperature follows the reference's",
  },
  'classification-follows-reference': {
    id: 'classification-follows-reference',
    title: "learning curve on the next day's weather follows the reference's",
  },
} as const;

/** The student's run of one task: a fault from the sandbox, or weights that were validated and evaluated. */
export type StudentTaskResult =
  | { kind: 'fault'; status: CheckStatus; message: string }
  | {
      kind: 'trained';
      log: TrainLog;
      evaluation: RegressionEvaluation | ClassificationEvaluation;
      comparison: CurveComparison;
      findings: Finding[];
    };

const TASK_NAMES: Record<SequenceTaskKind, string> = {
  regression: "next day's maximum temperature",
  classification: "next day's weather",
};

/** How a sandbox fault of the training call reads for the student. */
export function describeTrainingFault(fault: Fault, task: SequenceTaskKind, timeoutMs: number): { status: CheckStatus; message: string } {
  if (fault.kind === 'not-implemented') {
    return {
      status: 'not-attempted',
      message: `The sequence tasks train your exercise 09 (lstmForward, lstmBackward) and exercise 11 (the readout and losses): ${fault.message}.`,
    };
  }
  if (fault.kind === 'timeout') {
    return {
      status: 'error',
      message:
        `Training your model on the ${TASK_NAMES[task]} ran past its time budget of ${(timeoutMs / 1000).toFixed(1)} s ` +
        `(a multiple of the reference solution's time on this machine): is one of your functions doing far more work than needed?`,
    };
  }
  return { status: 'error', message: `Training your model on the ${TASK_NAMES[task]} failed: ${fault.message}` };
}

/** What to look at, in one sentence: the first probe finding, else the divergence, else the curve. */
export function whereToLook(student: Extract<StudentTaskResult, { kind: 'trained' }>): string {
  const finding = student.findings[0];
  if (finding) return `Look at ${finding.fn} first. ${finding.message}`;
  const { diverged } = student.log;
  if (diverged) {
    return `Training stopped at step ${diverged.step}: the batch's loss was ${diverged.loss} and its gradient norm ${diverged.gradientNorm}.`;
  }
  const gap = student.comparison.firstDisagreement;
  if (gap) {
    return (
      `Every function matched the reference on the probe example, but the training curves part at step ${gap.step} ` +
      `(loss ${gap.student.toPrecision(6)} against ${gap.reference.toPrecision(6)}): a value that depends on the example, such as ` +
      `a state kept between calls, differs.`
    );
  }
  return '';
}

const percent = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const celsius = (x: number) => `${x.toFixed(2)} °C`;

/** The baseline with the lowest RMSE. */
export function bestRegressionBaseline(e: RegressionEvaluation): { name: string; rmse: number } {
  const { persistence, climatology } = e.baselines;
  return persistence.rmse <= climatology.rmse
    ? { name: 'persistence', rmse: persistence.rmse }
    : { name: 'climatology', rmse: climatology.rmse };
}

/** The baseline with the highest accuracy. */
export function bestClassificationBaseline(e: ClassificationEvaluation): { name: string; accuracy: number } {
  const { persistence, majority } = e.baselines;
  return persistence.accuracy >= majority.accuracy
    ? { name: 'persistence', accuracy: persistence.accuracy }
    : { name: `the majority class (${majority.predicts})`, accuracy: majority.accuracy };
}

/** 1 − RMSE / RMSE of the best baseline: the fraction of the baseline's error the model removes. */
export function regressionSkill(e: RegressionEvaluation): number {
  return 1 - e.model.rmse / bestRegressionBaseline(e).rmse;
}

/** Accuracy minus the best baseline's accuracy. */
export function classificationGain(e: ClassificationEvaluation): number {
  return e.model.accuracy - bestClassificationBaseline(e).accuracy;
}

export function beatsBaselinesCheck(
  task: SequenceTaskKind,
  student: StudentTaskResult,
  reference: RegressionEvaluation | ClassificationEvaluation,
  maxScore: number,
): SequenceCheck {
  const base = { ...SEQUENCE_CHECKS[`${task}-beats-baselines`], maxScore };
  if (student.kind === 'fault') return { ...base, status: student.status, score: 0, message: student.message };
  let passed: boolean;
  let verdict: string;
  let details: string;
  if (task === 'regression') {
    const e = student.evaluation as RegressionEvaluation;
    const ref = reference as RegressionEvaluation;
    const best = bestRegressionBaseline(e);
    const skill = regressionSkill(e);
    passed = skill >= REQUIRED_SKILL;
    const comparison = skill >= 0 ? `${percent(skill)} lower` : `${percent(-skill)} higher`;
    verdict = `RMSE ${celsius(e.model.rmse)} against ${best.name}'s ${celsius(best.rmse)}, ${comparison}, where at least ${percent(REQUIRED_SKILL, 0)} lower is needed`;
    details =
      `Held-out year, ${e.series.length} days: RMSE ${celsius(e.model.rmse)}, MAE ${celsius(e.model.mae)}.\n` +
      `Baselines: persistence RMSE ${celsius(e.baselines.persistence.rmse)}, climatology RMSE ${celsius(e.baselines.climatology.rmse)}.\n` +
      `The reference LSTM, from the same weights and data order: RMSE ${celsius(ref.model.rmse)} (${percent(regressionSkill(ref))} lower than ${best.name}'s).`;
  } else {
    const e = student.evaluation as ClassificationEvaluation;
    const ref = reference as ClassificationEvaluation;
    const best = bestClassificationBaseline(e);
    const gain = classificationGain(e);
    passed = gain >= REQUIRED_ACCURACY_GAIN;
    verdict = `accuracy ${percent(e.model.accuracy)} against ${best.name}'s ${percent(best.accuracy)}, where at least ${percent(best.accuracy + REQUIRED_ACCURACY_GAIN)} is needed`;
    details =
      `Held-out year: accuracy ${percent(e.model.accuracy)}; per-class recall ` +
      e.classes.map((name, k) => `${name} ${e.model.recall[k] === null ? '–' : percent(e.model.recall[k] as number, 0)}`).join(', ') +
      '.\n' +
      `Baselines: persistence ${percent(e.baselines.persistence.accuracy)}, majority class (${e.baselines.majority.predicts}) ${percent(e.baselines.majority.accuracy)}.\n` +
      `The reference LSTM, from the same weights and data order: accuracy ${percent(ref.model.accuracy)}.`;
  }
  if (passed) return { ...base, status: 'passed', score: maxScore, message: '', details };
  const hint = whereToLook(student);
  return {
    ...base,
    status: 'failed',
    score: 0,
    message: `Your model does not beat the baselines on the ${TASK_NAMES[task]}: ${verdict}.${hint ? ` ${hint}` : ''}`,
    details,
    ...(student.findings[0] ? { fn: student.findings[0].fn } : {}),
  };
}

export function followsReferenceCheck(task: SequenceTaskKind, student: StudentTaskResult, maxScore: number): SequenceCheck {
  const base = { ...SEQUENCE_CHECKS[`${task}-follows-reference`], maxScore };
  if (student.kind === 'fault') return { ...base, status: student.status, score: 0, message: student.message };
  const c = student.comparison;
  const details =
    `${c.agreeing} of ${c.compared} curve points agree with the reference's loss to a relative ${CURVE_RTOL} ` +
    `(largest relative gap ${c.largestRelativeGap.toExponential(1)}).`;
  if (c.follows && student.findings.length === 0) return { ...base, status: 'passed', score: maxScore, message: '', details };
  const gap = c.firstDisagreement;
  const lead = gap
    ? `Your learning curve parts from the reference's at step ${gap.step} (loss ${gap.student.toPrecision(5)} against ${gap.reference.toPrecision(5)}), ` +
      `although both start from the same weights and see the days in the same order.`
    : c.follows
      ? 'Your learning curve follows the reference, but a function gave a different value on the probe example.'
      : `Your training produced ${c.compared} of the reference's curve points.`;
  const finding = student.findings[0];
  return {
    ...base,
    status: 'failed',
    score: 0,
    message: finding ? `${lead} Look at ${finding.fn} first. ${finding.message}` : `${lead} ${whereToLook(student)}`.trim(),
    details,
    ...(finding ? { fn: finding.fn } : {}),
  };
}
