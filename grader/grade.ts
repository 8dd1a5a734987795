/**
 * Grades one submission: runs the checks of every selected exercise behind a Runner and returns
 * the grade as data. Nothing is printed or written here; reporters do that.
 */
import { version as fastCheckVersion } from 'fast-check/package.json';
import ts from 'typescript';
import { runPairChecks, type CheckContext, type MistakeQuery } from './checks/run-pair';
import { PAIR_SPECS } from './checks/specs';
import type { GradingConfig } from './config';
import { EXERCISES, exerciseInfo, type ExerciseId } from './exercises';
import { directImports, reachableImports } from './imports';
import type { CheckResult, CheckStatus, CopyTaskData, ExerciseResult, GradeResult, NamedMistake } from './model';
import type { Runner } from './sandbox/types';

export interface CopyTaskRun {
  (runner: Runner, options: { seed: number; tiers?: boolean; onProgress?: (done: number, total: number) => void }): Promise<{
    checks: CheckResult[];
    data: CopyTaskData;
  }>;
}

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
  /** Skip the copy task. */
  quick: boolean;
  tiers?: boolean;
  replay?: { checkId: string; path: string };
  replayCommand(exercise: ExerciseId, checkId: string, path: string): string;
  recognise?(query: MistakeQuery): NamedMistake | undefined;
  copyTask?: CopyTaskRun;
  /** Called when an exercise starts and when the copy task makes progress. */
  onProgress?(event: { exercise: ExerciseId; done?: number; total?: number }): void;
}

export async function grade(options: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const selected = EXERCISES.filter(
    (e) => (options.only ? options.only.includes(e.id) : true) && !(e.id === 'copy-task' && options.quick),
  );
  const exercises: ExerciseResult[] = [];
  let copyTask: CopyTaskData | undefined;
  for (const info of selected) {
    options.onProgress?.({ exercise: info.id });
    if (info.id === 'copy-task') {
      const copyStarted = Date.now();
      const run = await gradeCopyTask(options, exercises);
      exercises.push({ ...run.result, durationMs: Date.now() - copyStarted });
      copyTask = run.data;
      continue;
    }
    const context: CheckContext = {
      runner: options.runner,
      config: options.config,
      seed: options.seed,
      replay: options.replay,
      replayCommand: (checkId, path) => options.replayCommand(info.id, checkId, path),
      recognise: options.recognise,
      deadline: Date.now() + options.config.exerciseBudgetMs,
    };
    const exerciseStarted = Date.now();
    const checks: CheckResult[] = [];
    for (const spec of PAIR_SPECS[info.id] ?? []) {
      if (options.replay && !options.replay.checkId.startsWith(`${spec.forward}.`) && !options.replay.checkId.startsWith(`${spec.backward}.`)) continue;
      checks.push(...(await runPairChecks(spec, context)));
    }
    const output = options.runner.output(info.folder);
    const judged = floodedOutput(output) ? withholdForFlood(checks, info.file, options.config.sandbox.outputLimitBytes) : checks;
    exercises.push({ ...exerciseResult(info.id, judged, output), durationMs: Date.now() - exerciseStarted });
  }
  addFixFirst(exercises, options.submissionDir);
  const score = sum(exercises.map((e) => e.score));
  const maxScore = sum(exercises.map((e) => e.maxScore));
  return {
    versions: { 'lstm-lab': packageVersion(), node: process.version, typescript: ts.version, 'fast-check': fastCheckVersion },
    seed: options.seed,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    submission: options.submissionLabel,
    score,
    maxScore,
    passMark: options.config.passMark * maxScore,
    exercises,
    copyTask,
  };
}

async function gradeCopyTask(options: GradeOptions, graded: ExerciseResult[]): Promise<{ result: ExerciseResult; data?: CopyTaskData }> {
  const sequence = graded.find((e) => e.id === 'lstm-sequence');
  if (sequence && sequence.status !== 'passed') {
    // Training a broken or missing LSTM wastes minutes and says nothing new.
    const status: CheckStatus = sequence.status === 'not-attempted' ? 'not-attempted' : 'failed';
    const checks = [
      { id: 'solves-graded-delay', title: 'solves the copy task at the graded delay', points: options.config.copyTaskPoints['solves-graded-delay'] },
      { id: 'follows-reference', title: 'learning curve follows the reference', points: options.config.copyTaskPoints['follows-reference'] },
    ].map(
      (c): CheckResult => ({
        id: c.id,
        exercise: 'copy-task',
        title: c.title,
        status,
        score: 0,
        maxScore: c.points,
        message: 'Not run: the copy task trains your lstm-sequence, which does not pass its checks yet.',
      }),
    );
    const result = exerciseResult('copy-task', checks, '');
    result.fixFirst = 'lstm-sequence';
    return { result };
  }
  if (!options.copyTask) throw new Error('grade: the copy task was selected but no copy-task runner was given');
  const run = await options.copyTask(options.runner, {
    seed: options.seed,
    tiers: options.tiers,
    onProgress: (done, total) => options.onProgress?.({ exercise: 'copy-task', done, total }),
  });
  return { result: exerciseResult('copy-task', run.checks, options.runner.output('09-lstm-sequence')), data: run.data };
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

export function exerciseResult(id: ExerciseId, checks: CheckResult[], output: string): ExerciseResult {
  const info = exerciseInfo(id);
  const failing = checks.filter((c) => c.status !== 'passed');
  return {
    id,
    title: info.title,
    file: info.file,
    status: exerciseStatus(checks),
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
function addFixFirst(exercises: ExerciseResult[], submissionDir: string): void {
  const graph = directImports(submissionDir);
  const failing = new Set(exercises.filter((e) => e.status !== 'passed').map((e) => e.id));
  for (const result of exercises) {
    if (result.status === 'passed' || result.fixFirst) continue;
    const reached = reachableImports(graph, result.id);
    const first = EXERCISES.find((e) => e.id !== result.id && failing.has(e.id) && reached.has(e.id));
    if (first) result.fixFirst = first.id;
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}
