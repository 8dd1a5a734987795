/**
 * Grades one submission: runs every selected exercise of the course (grader/course/) behind a
 * Runner and returns the grade as data, verdict included. Nothing is printed or written here;
 * reporters do that.
 */
import { version as fastCheckVersion } from 'fast-check/package.json';
import ts from 'typescript';
import { runPairChecks, type CheckContext } from './checks/run-pair';
import type { GradingConfig } from './config';
import { taskPoints, type RevealPolicy } from './config';
import { COURSE, REFERENCE, courseIndex, exerciseById, type ExerciseId } from './course';
import type { CodeExercise, CourseExercise, TaskExercise, TaskGrade } from './course/types';
import { directImports, reachableImports } from './imports';
import type { CheckResult, CheckStatus, ExerciseData, ExerciseResult, GradeResult } from './model';
import type { AnswerSource } from './mistakes/answers';
import type { Runner } from './sandbox/types';
import { ReferenceRunUnavailable } from './student-template';

export interface GradeOptions {
  /** Absolute path of the folder laid out like exercises/. */
  submissionDir: string;
  /** The folder as the user named it, for messages. */
  submissionLabel: string;
  config: GradingConfig;
  runner: Runner;
  seed: number;
  /** Exercises to grade, in any order; all when absent. */
  only?: ExerciseId[];
  /** Leave out the slow task exercises (the copy task). */
  quick: boolean;
  /** Also run what task exercises show but do not grade (the copy task's longer delays). */
  tiers?: boolean;
  replay?: { checkId: string; path: string };
  replayCommand(exercise: ExerciseId, checkId: string, path: string): string;
  /** The answers mistakes are recognised against (mistakes/answers.ts); without them only generic findings are given. */
  answers?: AnswerSource;
  /** The grader's cache folder, for task exercises' reference runs. */
  cacheDir: string;
  /** Called when an exercise starts and when a task exercise makes progress. */
  onProgress?(event: { exercise: ExerciseId; done?: number; total?: number }): void;
}

/** A grade reaches the pass mark (rounding of fractional points aside). */
export function reachesPassMark(score: number, passMark: number): boolean {
  return score >= passMark - 1e-9;
}

export async function grade(options: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const selected = COURSE.filter(
    (e) => (options.only ? options.only.includes(e.id) : true) && !(e.kind === 'task' && e.slow && options.quick),
  );
  const graded = new Map<ExerciseId, ExerciseResult>();
  const exercises: ExerciseResult[] = [];
  const data: ExerciseData = {};
  const imports = directImports(options.submissionDir);
  for (const exercise of selected) {
    options.onProgress?.({ exercise: exercise.id });
    const exerciseStarted = Date.now();
    let result: ExerciseResult;
    if (exercise.kind === 'code') {
      result = await gradeCodeExercise(exercise, options, importsFailing(imports, exercise.id, graded));
    } else {
      const task = await gradeTaskExercise(exercise, options, graded);
      result = task.result;
      Object.assign(data, task.data);
    }
    result.durationMs = Date.now() - exerciseStarted;
    graded.set(exercise.id, result);
    exercises.push(result);
  }
  addFixFirst(exercises, imports);
  const score = sum(exercises.map((e) => e.score));
  const maxScore = sum(exercises.map((e) => e.maxScore));
  const passMark = options.config.passMark * maxScore;
  return {
    versions: { 'lstm-lab': packageVersion(), node: process.version, typescript: ts.version, 'fast-check': fastCheckVersion },
    seed: options.seed,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    submission: options.submissionLabel,
    score,
    maxScore,
    passMark,
    passed: reachesPassMark(score, passMark),
    exercises,
    ...data,
  };
}

/**
 * Whether the exercise imports (directly or not) one graded before it that failed. Its failures
 * are then shown as found, not shrunk: the report tells the student to fix that one first, and
 * shrinking each downstream failure cost most of a wrong submission's grading time.
 */
function importsFailing(imports: Map<ExerciseId, Set<ExerciseId>>, id: ExerciseId, graded: Map<ExerciseId, ExerciseResult>): boolean {
  return [...reachableImports(imports, id)].some((upstream) => {
    const result = graded.get(upstream);
    return result !== undefined && result.status !== 'passed';
  });
}

async function gradeCodeExercise(
  exercise: CodeExercise<ExerciseId>,
  options: GradeOptions,
  upstreamFailed = false,
): Promise<ExerciseResult> {
  const context: CheckContext = {
    runner: options.runner,
    submissionLabel: options.submissionLabel,
    config: options.config,
    seed: options.seed,
    replay: options.replay,
    replayCommand: (checkId, path) => options.replayCommand(exercise.id, checkId, path),
    answers: options.answers,
    diagnose: options.replay === undefined,
    shrink: !upstreamFailed,
    deadline: Date.now() + options.config.exerciseBudgetMs,
    referenceForward: (fn) => REFERENCE[fn],
  };
  const checks: CheckResult[] = [];
  for (const pair of exercise.pairs) {
    const replayed = options.replay?.checkId.split('.')[0];
    if (replayed !== undefined && replayed !== pair.forward && replayed !== pair.backward) continue;
    checks.push(...(await runPairChecks(exercise, pair, context)));
  }
  const output = options.runner.output(exercise.folder);
  // Nothing of this exercise's code may run while the next exercise is graded.
  await options.runner.endExercise(exercise.folder);
  const judged = floodedOutput(output) ? withholdForFlood(checks, exercise.file, options.config.sandbox.outputLimitBytes) : checks;
  return exerciseResult(exercise, judged, output, options.config.revealBackwardEquations);
}

/**
 * A task exercise trains code of earlier exercises, so those must pass first: they are graded
 * here when --only left them out (and not reported), and the task's checks are "not run" until
 * they pass.
 */
async function gradeTaskExercise(
  exercise: TaskExercise<ExerciseId>,
  options: GradeOptions,
  graded: Map<ExerciseId, ExerciseResult>,
): Promise<{ result: ExerciseResult; data?: ExerciseData }> {
  const points = taskPoints(options.config, exercise.id);
  for (const id of exercise.requires as ExerciseId[]) {
    if (graded.has(id)) continue;
    const required = exerciseById(id);
    if (required.kind === 'code') graded.set(id, await gradeCodeExercise(required, { ...options, replay: undefined }));
  }
  const blocking = (exercise.requires as ExerciseId[]).map((id) => graded.get(id)).find((r) => r !== undefined && r.status !== 'passed');
  if (blocking) {
    // Training broken or missing code wastes minutes and says nothing new.
    const status: CheckStatus = blocking.status === 'not-attempted' ? 'not-attempted' : 'failed';
    const message = `Not run: ${exercise.id} trains your ${blocking.id} code, which does not pass its checks yet.`;
    const checks = exercise.checks.map((check): CheckResult => ({
      id: check.id,
      exercise: exercise.id,
      title: check.title,
      status,
      score: 0,
      maxScore: points[check.id],
      message,
    }));
    return { result: { ...exerciseResult(exercise, checks, '', options.config.revealBackwardEquations), fixFirst: blocking.id } };
  }
  let run: TaskGrade;
  try {
    run = await exercise.grade({
      runner: options.runner,
      config: options.config,
      seed: options.seed,
      tiers: options.tiers ?? false,
      cacheDir: options.cacheDir,
      points,
      onProgress: (done, total) => options.onProgress?.({ exercise: exercise.id, done, total }),
    });
  } catch (error) {
    // The student template has the reference runs of its recorded configurations only (run-cache.ts).
    if (!(error instanceof ReferenceRunUnavailable)) throw error;
    const checks = exercise.checks.map((check): CheckResult => ({
      id: check.id,
      exercise: exercise.id,
      title: check.title,
      status: 'error',
      score: 0,
      maxScore: points[check.id],
      message: error.message,
    }));
    run = { checks };
  }
  const folders = exercise.requires.map((id) => exerciseById(id as ExerciseId).folder);
  const output = folders.map((folder) => options.runner.output(folder)).join('');
  for (const folder of folders) await options.runner.endExercise(folder);
  return { result: exerciseResult(exercise, run.checks, output, options.config.revealBackwardEquations), data: run.data };
}

/** The sandbox ends captured output with this line once the exercise printed past its limit. */
const OUTPUT_TRUNCATED = '[output truncated]';

function floodedOutput(output: string): boolean {
  return output.trimEnd().endsWith(OUTPUT_TRUNCATED);
}

/**
 * DESIGN.md section 5: huge console output costs the exercise its points. Checks that passed
 * fail with a sentence that says why; checks that failed keep their own explanation.
 */
function withholdForFlood(checks: CheckResult[], file: string, limitBytes: number): CheckResult[] {
  const message =
    `${file} printed more than ${Math.round(limitBytes / 1024)} KB to the console while being graded, so its points are withheld: ` +
    'remove the console.log calls used for debugging.';
  return checks.map((c) => (c.status === 'passed' ? { ...c, status: 'failed', score: 0, message } : c));
}

export function exerciseResult(
  exercise: CourseExercise<ExerciseId>,
  checks: CheckResult[],
  output: string,
  reveal: RevealPolicy,
): ExerciseResult {
  const failing = checks.filter((c) => c.status !== 'passed');
  const status = exerciseStatus(checks);
  return {
    id: exercise.id,
    title: exercise.title,
    file: exercise.file,
    status,
    showBackwardEquations: reveal === 'always' || (reveal === 'after-pass' && status === 'passed'),
    score: sum(checks.map((c) => c.score)),
    maxScore: sum(checks.map((c) => c.maxScore)),
    summary: failing.find((c) => c.status !== 'not-attempted')?.message ?? failing[0]?.message ?? '',
    checks,
    ...(output ? { output } : {}),
  };
}

function exerciseStatus(checks: CheckResult[]): CheckStatus {
  if (checks.every((c) => c.status === 'passed')) return 'passed';
  if (checks.some((c) => c.status === 'error')) return 'error';
  if (checks.some((c) => c.status === 'failed')) return 'failed';
  return 'not-attempted';
}

/** An exercise that fails and imports (directly or not) an earlier failing one: fix that one first. */
function addFixFirst(exercises: ExerciseResult[], graph: Map<ExerciseId, Set<ExerciseId>>): void {
  const failing = new Set(exercises.filter((e) => e.status !== 'passed').map((e) => e.id));
  for (const result of exercises) {
    if (result.status === 'passed' || result.fixFirst) continue;
    const reached = reachableImports(graph, result.id);
    const first = COURSE.find(
      (e) => e.id !== result.id && failing.has(e.id) && reached.has(e.id) && courseIndex(e.id) < courseIndex(result.id),
    );
    if (first) result.fixFirst = first.id;
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled tree's rootDir
  return (require('../package.json') as { version: string }).version;
}
