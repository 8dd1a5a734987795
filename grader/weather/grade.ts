/**
 * The sequence-task exercise (issue 13): trains the student's LSTM and readout on the two weather
 * tasks inside the sandbox, evaluates the returned weights here on the held-out year, and compares
 * them with the baselines and with the reference LSTM trained the same way (cached, since it
 * depends only on configuration, data and code).
 */
import { resolve } from 'node:path';
import type { CallOutcome, Runner } from '../sandbox/types';
import type { Dense, LstmParams } from '../../lib/types';
import { cached } from './cache';
import {
  beatsBaselinesCheck,
  SEQUENCE_CHECKS,
  bestClassificationBaseline,
  bestRegressionBaseline,
  classificationGain,
  describeTrainingFault,
  followsReferenceCheck,
  regressionSkill,
  type SequenceCheck,
  type StudentTaskResult,
} from './checks';
import { compareCurves, CURVE_RTOL } from './compare';
import { loadSeattleWeather } from './dataset';
import { diagnoseProbe } from './diagnose';
import { evaluateClassification, evaluateRegression, type ClassificationEvaluation, type RegressionEvaluation } from './evaluate';
import { FEATURE_NAMES } from './features';
import { trainReference } from './reference';
import type { ClassificationData, FindingData, RegressionData, RunData, SequenceTasksData } from './report-data';
import { REQUIRED_ACCURACY_GAIN, REQUIRED_SKILL, TASKS, taskConfig } from './settings';
import { HELD_OUT_YEAR, splitByYear, trainingData, type WeatherSplit } from './split';
import { calibrateTimeBudget, type TimeBudget } from './time-budget';
import { validateSequenceConfig, type SequenceTaskConfig, type SequenceTaskKind } from './trainer/config';
import type { SequenceTaskData } from './trainer/data';
import { exampleCount } from './trainer/data';
import type { TrainLog } from './trainer/loop';
import { STUDENT_FOLDERS } from './trainer/student';
import { OutcomeError } from '../engine/outcome-shape';
import { validateOutcome } from './validate';

/** The trusted module and function the sandbox runs: `trainSequenceTask({ sequence, readout }, config, data)`. */
export const TASK_MODULE = resolve(__dirname, 'trainer', 'train.ts');
export const TASK_FUNCTION = 'trainSequenceTask';
/** The student folders the task trains: exercise 09 and exercise 11. */
export const TASK_FOLDERS: string[] = [STUDENT_FOLDERS.sequence, STUDENT_FOLDERS.readout];

/** Runs TASK_FUNCTION of TASK_MODULE on the student's modules of TASK_FOLDERS with the arguments [config, data]. */
export type SequenceTaskTrainer = (config: SequenceTaskConfig, data: SequenceTaskData, timeoutMs: number) => Promise<CallOutcome>;

/** The trainer for a submission: the task runs in the runner (the sandbox), next to the student's code. */
export function sandboxTrainer(runner: Runner): SequenceTaskTrainer {
  return (config, data, timeoutMs) => runner.runTask(TASK_MODULE, TASK_FUNCTION, TASK_FOLDERS, [config, data], timeoutMs);
}

export interface SequenceTasksOptions {
  seed: number;
  /** Where the reference runs are cached (the repository's .cache/). */
  cacheDir: string;
  /** maxScore per check id (grader/grading-config.json, exercisePoints.sequence-tasks). */
  points: Readonly<Record<string, number>>;
  onProgress?: (done: number, total: number) => void;
  /** Changes to the graded configuration of both tasks, for tests and experiments. */
  configOverrides?: Partial<Omit<SequenceTaskConfig, 'seed' | 'task' | 'outputs' | 'inputs'>>;
}

type Evaluation = RegressionEvaluation | ClassificationEvaluation;

interface ReferenceSummary {
  log: TrainLog;
  evaluation: Evaluation;
}

function evaluate(task: SequenceTaskKind, run: { params: LstmParams; readout: Dense }, split: WeatherSplit, window: number): Evaluation {
  return task === 'regression'
    ? evaluateRegression(run.params, run.readout, split, window)
    : evaluateClassification(run.params, run.readout, split, window);
}

/** The reference run of one task, trained and evaluated (cached by configuration and code). */
export function referenceRun(config: SequenceTaskConfig, split: WeatherSplit, cacheDir: string): ReferenceSummary {
  return cached(cacheDir, `reference-${config.task}`, { config, heldOutYear: HELD_OUT_YEAR }, () => {
    const run = trainReference(config, trainingData(split, config.task));
    const { curve, stepsRun, wallMs, diverged } = run;
    return { log: { curve, stepsRun, wallMs, diverged }, evaluation: evaluate(config.task, run, split, config.window) };
  }).value;
}

async function trainStudent(
  train: SequenceTaskTrainer,
  config: SequenceTaskConfig,
  split: WeatherSplit,
  reference: ReferenceSummary,
  budget: TimeBudget,
): Promise<StudentTaskResult & { wallMs: number }> {
  const data = trainingData(split, config.task);
  const started = performance.now();
  // The sandbox gets its own copy; `data` stays as sent, for the diagnosis.
  const outcome = await train(config, trainingData(split, config.task), budget.timeoutMs);
  const wallMs = performance.now() - started;
  if (!outcome.ok) return { kind: 'fault', wallMs, ...describeTrainingFault(outcome.fault, config.task, budget.timeoutMs) };
  let trained;
  try {
    trained = validateOutcome(outcome.value, config, exampleCount(data, config));
  } catch (error) {
    if (!(error instanceof OutcomeError)) throw error;
    return { kind: 'fault', wallMs, status: 'failed', message: `The trained weights were rejected: ${error.message}.` };
  }
  const { curve, stepsRun, diverged } = trained;
  return {
    kind: 'trained',
    wallMs,
    log: { curve, stepsRun, wallMs, diverged },
    evaluation: evaluate(config.task, trained, split, config.window),
    comparison: compareCurves(curve, reference.log.curve),
    findings: diagnoseProbe(trained.probe, config, data),
  };
}

/** Trains and grades the student's model on both sequence tasks; see docs/sequence-tasks.md. */
export async function runSequenceTasks(
  train: SequenceTaskTrainer,
  options: SequenceTasksOptions,
): Promise<{ checks: SequenceCheck[]; data: SequenceTasksData }> {
  if (typeof train !== 'function') throw new TypeError('runSequenceTasks: argument train must be a function');
  if (!Number.isInteger(options?.seed))
    throw new RangeError(`runSequenceTasks: argument options.seed must be an integer, got ${String(options?.seed)}`);
  if (typeof options.cacheDir !== 'string' || options.cacheDir === '')
    throw new TypeError('runSequenceTasks: argument options.cacheDir must be a folder path');
  const configs = TASKS.map((task) => ({ ...taskConfig(task, options.seed), ...options.configOverrides }));
  configs.forEach((config) => validateSequenceConfig(config, 'runSequenceTasks'));
  const { points } = options;
  for (const id of Object.keys(SEQUENCE_CHECKS)) {
    if (typeof points?.[id] !== 'number') throw new TypeError(`runSequenceTasks: argument options.points must give the points of ${id}`);
  }
  const total = 2 * TASKS.length + 1;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);

  const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
  const references = configs.map((config) => {
    const run = referenceRun(config, split, options.cacheDir);
    progress();
    return run;
  });
  const classificationConfig = configs[TASKS.indexOf('classification')];
  const budget = await calibrateTimeBudget(classificationConfig, trainingData(split, 'classification'));
  progress();
  const students: (StudentTaskResult & { wallMs: number })[] = [];
  for (let k = 0; k < configs.length; k++) {
    students.push(await trainStudent(train, configs[k], split, references[k], budget));
    progress();
  }

  const checks = [
    ...TASKS.map((task, k) => beatsBaselinesCheck(task, students[k], references[k].evaluation, points[`${task}-beats-baselines`])),
    ...TASKS.map((task, k) => followsReferenceCheck(task, students[k], points[`${task}-follows-reference`])),
  ];
  return { checks, data: reportData(configs, split, references, students, budget) };
}

/** A number for JSON: NaN and ±Infinity become null. */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function divergedData(diverged: TrainLog['diverged']): RunData['diverged'] {
  return diverged && { step: diverged.step, loss: finiteOrNull(diverged.loss), gradientNorm: finiteOrNull(diverged.gradientNorm) };
}

function runData(student: StudentTaskResult & { wallMs: number }): RunData {
  if (student.kind === 'fault')
    return {
      status: student.status === 'passed' ? 'error' : student.status,
      wallMs: Math.round(student.wallMs),
      curve: [],
      diverged: null,
    };
  return { status: 'trained', wallMs: Math.round(student.wallMs), curve: student.log.curve, diverged: divergedData(student.log.diverged) };
}

function referenceData(reference: ReferenceSummary): RunData {
  return {
    status: 'trained',
    wallMs: Math.round(reference.log.wallMs),
    curve: reference.log.curve,
    diverged: divergedData(reference.log.diverged),
  };
}

function reportData(
  configs: SequenceTaskConfig[],
  split: WeatherSplit,
  references: ReferenceSummary[],
  students: (StudentTaskResult & { wallMs: number })[],
  budget: TimeBudget,
): SequenceTasksData {
  const r = TASKS.indexOf('regression');
  const c = TASKS.indexOf('classification');
  const refRegression = references[r].evaluation as RegressionEvaluation;
  const refClassification = references[c].evaluation as ClassificationEvaluation;
  const studentRegression = students[r].kind === 'trained' ? (students[r].evaluation as RegressionEvaluation) : null;
  const studentClassification = students[c].kind === 'trained' ? (students[c].evaluation as ClassificationEvaluation) : null;
  const training = split.days.slice(0, split.trainingDays);
  const heldOut = split.days.slice(split.trainingDays);
  const config = configs[r];
  const regression: RegressionData = {
    student: {
      ...runData(students[r]),
      scores: studentRegression?.model ?? null,
      skill: studentRegression ? regressionSkill(studentRegression) : null,
    },
    reference: { ...referenceData(references[r]), scores: refRegression.model, skill: regressionSkill(refRegression) },
    baselines: refRegression.baselines,
    bestBaseline: bestRegressionBaseline(refRegression).name,
    requiredSkill: REQUIRED_SKILL,
    series: refRegression.series.map((row, k) => ({
      date: row.date,
      truth: row.truth,
      student: studentRegression ? studentRegression.series[k].model : null,
      reference: row.model,
      persistence: row.persistence,
      climatology: row.climatology,
    })),
  };
  const classification: ClassificationData = {
    classes: refClassification.classes,
    support: refClassification.support,
    student: {
      ...runData(students[c]),
      scores: studentClassification?.model ?? null,
      gain: studentClassification ? classificationGain(studentClassification) : null,
    },
    reference: { ...referenceData(references[c]), scores: refClassification.model, gain: classificationGain(refClassification) },
    baselines: refClassification.baselines,
    bestBaseline: bestClassificationBaseline(refClassification).name,
    requiredGain: REQUIRED_ACCURACY_GAIN,
  };
  const findingsOf = (k: number): FindingData[] => {
    const student = students[k];
    return student.kind === 'trained'
      ? student.findings.map((f) => ({ ...f, actual: finiteOrNull(f.actual), expected: finiteOrNull(f.expected) }))
      : [];
  };
  return {
    config: {
      heldOutYear: HELD_OUT_YEAR,
      trainingPeriod: { first: training[0].date, last: training[training.length - 1].date, days: training.length },
      heldOutPeriod: { first: heldOut[0].date, last: heldOut[heldOut.length - 1].date, days: heldOut.length },
      features: [...FEATURE_NAMES],
      normalisation: { mean: { ...split.stats.mean }, std: { ...split.stats.std } },
      window: config.window,
      hidden: config.hidden,
      epochs: config.epochs,
      batch: config.batch,
      learningRate: config.learningRate,
      finalLearningRate: config.finalLearningRate,
      clipNorm: config.clipNorm,
      forgetBias: config.forgetBias,
      curveTolerance: CURVE_RTOL,
      timeBudgetMs: budget.timeoutMs,
      timeBudgetFactor: budget.factor,
      calibration: budget.source,
    },
    regression,
    classification,
    findings: { regression: findingsOf(r), classification: findingsOf(c) },
  };
}
