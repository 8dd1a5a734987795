/**
 * The driver of a pair's checks: probe the two functions once, then run every check kind
 * (grader/checks/kinds/) as a property, or report it blocked (a stub, a module that cannot load)
 * or over the exercise's time budget.
 */
import { pointsFor, type GradingConfig } from '../config';
import type { ExerciseId } from '../course';
import type { CodeExercise } from '../course/types';
import type { CheckResult } from '../model';
import type { AnswerSource } from '../mistakes/answers';
import { diagnose } from '../mistakes/diagnose';
import type { Fault, Runner } from '../sandbox/types';
import { batchingRunner } from './batching-runner';
import { CheckFailure, statusOfFault } from './failure';
import { checkId, functionOf, kindsFor, type CheckKind } from './kinds';
import { pairRun, type PairRun } from './pair-run';
import { probePair } from './probe';
import { checkSeed, runProperty } from './property';
import type { PairSpec } from './types';

export interface CheckContext {
  runner: Runner;
  /** The graded folder as the user named it (`exercises`, `solutions`…), for messages that point at a file. */
  submissionLabel?: string;
  config: GradingConfig;
  /** The run's seed; each check derives its own from it and its id. */
  seed: number;
  /** Run only this check, replaying this fast-check path. */
  replay?: { checkId: string; path: string };
  /** The command that replays a check. */
  replayCommand(checkId: string, path: string): string;
  /** The answers mistakes are recognised against; without them only generic findings are given. */
  answers?: AnswerSource;
  /** Diagnose failing functions (off in calibration and replays, where nobody reads it). */
  diagnose?: boolean;
  /** Shrink failures to a small case (default); off shows the first failing case as found. */
  shrink?: boolean;
  /** Date.now() after which no further check of the exercise starts (slow code); none when absent. */
  deadline?: number;
  /** Sees every gradient comparison (analytic vs numerical); for calibrating tolerances. */
  observe?(checkId: string, analytic: number, numerical: number): void;
  /** The reference forward of a function (the course's reference library). */
  referenceForward(fn: string): (...args: unknown[]) => unknown;
}

export async function runPairChecks(exercise: CodeExercise<ExerciseId>, spec: PairSpec, ctx: CheckContext): Promise<CheckResult[]> {
  const options = {
    exercise,
    spec,
    tolerance: ctx.config.tolerance,
    referenceForward: ctx.referenceForward(spec.forward),
    answers: ctx.answers,
    observe: ctx.observe,
  };
  const pair = pairRun({ ...options, runner: ctx.runner });
  const sideBySide = pairRun({ ...options, runner: batchingRunner(ctx.runner) });
  const clearPair = pairRun({ ...options, runner: ctx.runner, tolerance: clearly(ctx.config.tolerance), passRule: ctx.config.tolerance });
  const kinds = kindsFor(spec).filter((k) => !ctx.replay || checkId(k, spec) === ctx.replay.checkId);
  const blocking = await probePair(pair, ctx.seed);
  const results: CheckResult[] = [];
  const wrongAnswers = new Set<CheckResult>();
  for (const kind of kinds) {
    const id = checkId(kind, spec);
    const maxScore = pointsFor(ctx.config, exercise.id, kind.kind);
    const blockedBy = kind
      .uses(spec)
      .map((fn) => blocking.get(fn))
      .find((f) => f !== undefined);
    const started = Date.now();
    let result: CheckResult;
    if (blockedBy) result = notRun(exercise, spec, kind, maxScore, blockedBy, ctx.submissionLabel ?? 'exercises');
    else if (ctx.deadline !== undefined && started > ctx.deadline)
      result = overBudget(exercise, spec, kind, maxScore, ctx.config.exerciseBudgetMs);
    else if (kind.once) result = await runOnce(pair, kind, exercise, maxScore);
    else {
      const outcome = await runProperty(pair, sideBySide, clearPair, kind, maxScore, {
        seed: checkSeed(ctx.seed, id),
        numRuns: ctx.config.numRuns,
        shrink: ctx.shrink !== false,
        replayPath: ctx.replay?.checkId === id ? ctx.replay.path : undefined,
        replayCommand: (path) => ctx.replayCommand(id, path),
      });
      result = { exercise: exercise.id, ...outcome.result };
      if (outcome.wrongAnswer) wrongAnswers.add(result);
    }
    results.push(Object.assign(result, { durationMs: Date.now() - started }));
  }
  if (ctx.diagnose !== false) await addDiagnoses(pair, ctx.answers, [...wrongAnswers]);
  explainForwardFirst(spec, results);
  return results;
}

/** One diagnosis per function with a wrong answer, on every check that failed on one. */
async function addDiagnoses(pair: PairRun, answers: AnswerSource | undefined, failed: CheckResult[]): Promise<void> {
  for (const fn of new Set(failed.map((r) => r.fn!))) {
    const diagnosis = await diagnose(pair, fn, answers);
    if (!diagnosis) continue;
    for (const result of failed.filter((r) => r.fn === fn)) result.diagnosis = diagnosis;
  }
}

/** A check that runs once (on the generic probes), not as a property. */
async function runOnce(pair: PairRun, kind: CheckKind, exercise: CodeExercise<ExerciseId>, maxScore: number): Promise<CheckResult> {
  const base = {
    id: checkId(kind, pair.spec),
    exercise: exercise.id,
    title: kind.title(pair.spec),
    fn: functionOf(kind, pair.spec),
    maxScore,
  };
  try {
    await kind.run(pair, undefined, 0);
    return { ...base, status: 'passed', score: maxScore, message: '' };
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    return { ...base, status: statusOfFault(error.fault), score: 0, message: error.message };
  }
}

/** A failure that is clear: a hundred times the tolerance, and at least 1 % apart. */
function clearly(tolerance: GradingConfig['tolerance']): GradingConfig['tolerance'] {
  const scale = (t: { atol: number; rtol: number }) => ({ atol: 100 * t.atol, rtol: Math.max(100 * t.rtol, 0.01) });
  return { forward: scale(tolerance.forward), gradient: scale(tolerance.gradient) };
}

function notRun(
  exercise: CodeExercise<ExerciseId>,
  spec: PairSpec,
  kind: CheckKind,
  maxScore: number,
  fault: Fault,
  folder: string,
): CheckResult {
  const status = statusOfFault(fault);
  const file = `${folder.replace(/\\/g, '/').replace(/\/+$/, '')}/${exercise.file}`;
  const message = status === 'not-attempted' ? `Not attempted yet: write ${kind.uses(spec).join(' and ')} in ${file}.` : fault.message;
  return {
    id: checkId(kind, spec),
    exercise: exercise.id,
    title: kind.title(spec),
    fn: functionOf(kind, spec),
    status,
    score: 0,
    maxScore,
    message,
  };
}

function overBudget(exercise: CodeExercise<ExerciseId>, spec: PairSpec, kind: CheckKind, maxScore: number, budgetMs: number): CheckResult {
  return {
    id: checkId(kind, spec),
    exercise: exercise.id,
    title: kind.title(spec),
    fn: functionOf(kind, spec),
    status: 'error',
    score: 0,
    maxScore,
    message:
      `Not run: grading ${exercise.id} took longer than ${Math.round(budgetMs / 1000)} s in all, so its remaining checks were stopped: ` +
      'is your code very slow (a loop that does far more work than it needs)?',
  };
}

/**
 * The backward checked against the student's own forward says which of the two is wrong: when the
 * backward agrees with the reference's gradients, a mismatch with a wrong forward is the forward's
 * fault and costs the backward nothing; when the backward agrees with the wrong forward, the
 * gradient check says to fix the forward first.
 */
function explainForwardFirst(spec: PairSpec, results: CheckResult[]): void {
  const get = (id: string) => results.find((r) => r.id === id);
  const forward = get(`${spec.forward}.forward`);
  const gradient = get(`${spec.backward}.backward-gradient`);
  const own = get(`${spec.backward}.backward-own-forward`);
  if (forward?.status !== 'failed' || !gradient || !own) return;
  if (gradient.status === 'failed' && own.status === 'passed') {
    gradient.message += ` Your backward matches your own ${spec.forward}, but your ${spec.forward} is wrong: fix it first.`;
  } else if (gradient.status === 'passed' && own.status === 'failed') {
    Object.assign(own, {
      status: 'passed',
      score: own.maxScore,
      message: `Your ${spec.backward} is right; it differs from finite differences of your own ${spec.forward} only because that forward is wrong.`,
      diagnosis: undefined,
      counterexample: undefined,
      gradients: undefined,
      replay: undefined,
    });
  }
}

export type { PairRun };
