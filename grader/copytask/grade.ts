/**
 * The copy-task exercise (DESIGN.md section 6): trains the student's LSTM inside the sandbox,
 * evaluates the returned weights here on fresh sequences, and compares with the reference LSTM
 * and the vanilla RNN, whose runs are cached because they depend only on configuration and seed.
 */
import { resolve } from 'node:path';
import type { CheckResult, CopyTaskData, GradientFlowData, PlainValue } from '../model';
import type { Runner } from '../sandbox/types';
import { cached } from './cache';
import { sequenceLength, validateConfig, type CopyTaskConfig } from './config';
import { CURVE_CHECK, curveCheck, describeFault, SOLVE_CHECK, solveCheck, type RunSummary, type StudentResult } from './checks';
import { baselineLoss, recallBaselineLoss } from './data';
import { evaluateModel, evaluationSeed, gateActivations } from './evaluate';
import { FastLstm } from './fast-lstm';
import { FastRnn } from './fast-rnn';
import { lstmGradientFlow, rnnGradientFlow } from './gradient-flow';
import { initLstmParams, initRnnParams } from './init';
import { trainReferenceLstm, trainReferenceRnn } from './reference';
import { ACCURACY_BAR, EVALUATION_SEQUENCES, gradedConfig, shownTiers } from './tiers';
import { calibrateTimeBudget, type TimeBudget } from './time-budget';
import { COPY_TASK_FOLDER } from './train';
import { OutcomeError } from '../engine/outcome-shape';
import { validateOutcome } from './validate';

export const TRAIN_MODULE = resolve(__dirname, 'train.ts');

export interface CopyTaskOptions {
  seed: number;
  /** Also train the reference LSTM and the RNN on the other delay tiers (shown, not graded). */
  tiers?: boolean;
  /** Where the reference runs are cached (the repository's .cache/). */
  cacheDir: string;
  onProgress?: (done: number, total: number) => void;
  /** maxScore per check id (grader/grading-config.json, exercisePoints.copy-task). */
  points: Readonly<Record<string, number>>;
  /** Changes to the graded configuration (and the tiers' except their delay), for tests and experiments. */
  configOverrides?: Partial<Omit<CopyTaskConfig, 'seed'>>;
}

/**
 * Steps to solve as reported: the held-out accuracy decides whether the run solved the task; the
 * step is the one where training stopped on its own criterion, or the last step if it never did.
 */
function confirmedSolve(heldOutAccuracy: number, run: { stepsToSolve: number | null; stepsRun: number }): number | null {
  return heldOutAccuracy >= ACCURACY_BAR ? (run.stepsToSolve ?? run.stepsRun) : null;
}

interface ReferenceSummary extends RunSummary {
  gates: { forget: number[][]; input: number[][]; tokens: number[] };
  /** The gradient reaching each step at initialisation (the student's LSTM starts from the same weights). */
  initialFlow: GradientFlowData;
}

interface RnnSummary extends RunSummary {
  initialFlow: GradientFlowData;
  trainedFlow: GradientFlowData;
}

/** The sequences the gradient-flow charts average over: drawn from a seed the training never used. */
const flowSeed = (config: CopyTaskConfig) => evaluationSeed(config.seed) + 2;

function referenceSummary(config: CopyTaskConfig): ReferenceSummary {
  const run = trainReferenceLstm(config);
  const model = new FastLstm(run.params, sequenceLength(config));
  const evaluation = evaluateModel(model, run.readout, config, evaluationSeed(config.seed), EVALUATION_SEQUENCES);
  return {
    stepsToSolve: confirmedSolve(evaluation.accuracy, run),
    stepsRun: run.stepsRun,
    accuracy: evaluation.accuracy,
    wallMs: run.wallMs,
    curve: run.curve,
    gates: gateActivations(run.params, config, evaluationSeed(config.seed) + 1),
    initialFlow: initialLstmFlow(config),
  };
}

function initialLstmFlow(config: CopyTaskConfig): GradientFlowData {
  const { params, readout } = initLstmParams(config);
  return lstmGradientFlow(params, readout, config, flowSeed(config));
}

function rnnSummary(config: CopyTaskConfig): RnnSummary {
  const initial = initRnnParams(config);
  const initialFlow = rnnGradientFlow(initial.params, initial.readout, config, flowSeed(config));
  const run = trainReferenceRnn(config);
  const model = new FastRnn(run.params, sequenceLength(config));
  const evaluation = evaluateModel(model, run.readout, config, evaluationSeed(config.seed), EVALUATION_SEQUENCES);
  return {
    stepsToSolve: confirmedSolve(evaluation.accuracy, run),
    stepsRun: run.stepsRun,
    accuracy: evaluation.accuracy,
    wallMs: run.wallMs,
    curve: run.curve,
    initialFlow,
    trainedFlow: rnnGradientFlow(run.params, run.readout, config, flowSeed(config)),
  };
}

/** The cached reference LSTM and RNN runs of one configuration. */
export function referenceRuns(config: CopyTaskConfig, cacheDir: string): { lstm: ReferenceSummary; rnn: RnnSummary } {
  const key = { config, evaluation: EVALUATION_SEQUENCES };
  return {
    lstm: cached(cacheDir, 'reference-lstm', key, () => referenceSummary(config)).value,
    rnn: cached(cacheDir, 'rnn', key, () => rnnSummary(config)).value,
  };
}

async function trainStudent(runner: Runner, config: CopyTaskConfig, budget: TimeBudget): Promise<StudentResult> {
  const started = performance.now();
  const outcome = await runner.runTask(TRAIN_MODULE, 'trainCopyTask', [COPY_TASK_FOLDER], [config], budget.timeoutMs);
  const wallMs = performance.now() - started;
  if (!outcome.ok) return { kind: 'fault', wallMs, ...describeFault(outcome.fault, config, budget) };
  let trained;
  try {
    trained = validateOutcome(outcome.value, config);
  } catch (error) {
    if (!(error instanceof OutcomeError)) throw error;
    return { kind: 'fault', wallMs, status: 'failed', message: `The trained weights were rejected: ${error.message}.` };
  }
  const model = new FastLstm(trained.params, sequenceLength(config));
  const evaluation = evaluateModel(model, trained.readout, config, evaluationSeed(config.seed), EVALUATION_SEQUENCES);
  return {
    kind: 'trained',
    params: trained.params,
    readout: trained.readout,
    summary: {
      stepsToSolve: confirmedSolve(evaluation.accuracy, trained),
      stepsRun: trained.stepsRun,
      accuracy: evaluation.accuracy,
      wallMs,
      curve: trained.curve,
    },
  };
}

/** Trains and grades the student's LSTM on the copy task; see DESIGN.md section 6. */
export async function runCopyTask(runner: Runner, options: CopyTaskOptions): Promise<{ checks: CheckResult[]; data: CopyTaskData }> {
  if (!Number.isInteger(options?.seed)) {
    throw new RangeError(`runCopyTask: argument options.seed must be an integer, got ${String(options?.seed)}`);
  }
  if (typeof options.cacheDir !== 'string' || options.cacheDir === '') {
    throw new TypeError('runCopyTask: argument options.cacheDir must be a folder path');
  }
  const config: CopyTaskConfig = { ...gradedConfig(options.seed), ...options.configOverrides };
  validateConfig(config, 'runCopyTask');
  const tiers = options.tiers
    ? shownTiers(options.seed).map((t) => ({ ...t, config: { ...t.config, ...options.configOverrides, delay: t.config.delay } }))
    : [];
  const total = 3 + tiers.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  const { points } = options;
  for (const check of [SOLVE_CHECK, CURVE_CHECK]) {
    if (typeof points?.[check.id] !== 'number')
      throw new TypeError(`runCopyTask: argument options.points must give the points of ${check.id}`);
  }

  const { lstm: reference, rnn } = referenceRuns(config, options.cacheDir);
  progress();
  const budget = await calibrateTimeBudget(config);
  progress();
  const student = await trainStudent(runner, config, budget);
  progress();

  const solve = solveCheck(student, reference, config, points[SOLVE_CHECK.id]);
  const { check: follows } = curveCheck(student, reference, points[CURVE_CHECK.id]);

  const tierRows: NonNullable<CopyTaskData['tiers']> = [];
  for (const tier of tiers) {
    const runs = referenceRuns(tier.config, options.cacheDir);
    for (const [model, run] of [
      ['reference', runs.lstm],
      ['rnn', runs.rnn],
    ] as const) {
      tierRows.push({
        delay: tier.config.delay,
        symbols: tier.config.length,
        model,
        stepsToSolve: run.stepsToSolve,
        accuracy: run.accuracy,
      });
    }
    progress();
  }

  const data: CopyTaskData = {
    config: {
      ...(config as unknown as Record<string, PlainValue>),
      accuracyBar: ACCURACY_BAR,
      evaluationSequences: EVALUATION_SEQUENCES,
      recallBaselineLoss: recallBaselineLoss(config),
      timeBudgetMs: budget.timeoutMs,
      timeBudgetFactor: budget.factor,
      calibration: budget.source,
    },
    baselineLoss: baselineLoss(config),
    models: [
      student.kind === 'trained'
        ? { name: 'student', ...plainSummary(student.summary) }
        : { name: 'student', stepsToSolve: null, accuracy: 0, wallMs: Math.round(student.wallMs), curve: [] },
      { name: 'reference', ...plainSummary(reference) },
      { name: 'rnn', ...plainSummary(rnn) },
    ],
    gates: student.kind === 'trained' ? gateActivations(student.params, config, evaluationSeed(config.seed) + 1) : reference.gates,
    gradientFlow: {
      initial: { lstm: reference.initialFlow, rnn: rnn.initialFlow },
      trained: {
        lstm: student.kind === 'trained' ? lstmGradientFlow(student.params, student.readout, config, flowSeed(config)) : null,
        rnn: rnn.trainedFlow,
      },
    },
    ...(tiers.length > 0 ? { tiers: tierRows } : {}),
  };
  return { checks: [solve, follows], data };
}

function plainSummary(run: RunSummary): Omit<CopyTaskData['models'][number], 'name'> {
  return {
    stepsToSolve: run.stepsToSolve,
    accuracy: run.accuracy,
    wallMs: Math.round(run.wallMs),
    curve: run.curve.map((p) => ({ step: p.step, loss: p.loss, accuracy: p.accuracy })),
  };
}
