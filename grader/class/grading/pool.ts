/**
 * Runs gradings in parallel in a pool of warm worker processes (workerpool, process mode): each
 * worker loads the grader once and grades one submission at a time. Processes rather than threads,
 * so that a grading that goes wrong in a way the sandbox did not catch can take down only its own
 * worker: the pool starts a fresh one, and that submission ends with a reason instead of a grade.
 */
import path from 'node:path';
import workerpool from 'workerpool';
import { GRADER_ROOT } from '../../paths';

export type TaskOutcome<T> = { ok: true; value: T; wallMs: number } | { ok: false; reason: string; wallMs: number };

export interface PoolOptions {
  /** Worker processes running at once. */
  jobs: number;
  /** A grading still running after this long is stopped (its worker is ended) and reported. */
  timeoutMs: number;
  /** The worker script (TypeScript, run through ts-node) and the method to call; the grading worker by default. */
  script?: string;
  method?: string;
}

export interface TaskPool<Task, Result> {
  run(task: Task): Promise<TaskOutcome<Result>>;
  /** Ends the workers once the tasks given so far are done. */
  close(): Promise<void>;
}

export const GRADING_WORKER = path.join(__dirname, 'worker.ts');

export function openPool<Task, Result>(options: PoolOptions): TaskPool<Task, Result> {
  const fn = 'openPool';
  if (!Number.isInteger(options?.jobs) || options.jobs < 1)
    throw new RangeError(`${fn}: option jobs must be a whole number ≥ 1, got ${String(options?.jobs)}`);
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)
    throw new RangeError(`${fn}: option timeoutMs must be a positive number, got ${String(options.timeoutMs)}`);
  const pool = workerpool.pool(options.script ?? GRADING_WORKER, {
    workerType: 'process',
    maxWorkers: options.jobs,
    // The workers run the grader's TypeScript directly, as `npm run grade` does. A grading changes
    // the working folder (grade-submission.ts), and the threads the grader starts inherit this
    // preload and resolve it from there: hence its absolute path, and the project named to ts-node.
    forkOpts: {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
      cwd: GRADER_ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(GRADER_ROOT, 'tsconfig.json') },
    },
  });
  const method = options.method ?? 'gradeSubmission';
  return {
    async run(task: Task): Promise<TaskOutcome<Result>> {
      const started = performance.now();
      try {
        const value = (await pool.exec(method, [task]).timeout(options.timeoutMs)) as Result;
        return { ok: true, value, wallMs: performance.now() - started };
      } catch (error) {
        return { ok: false, reason: failureReason(error, options.timeoutMs), wallMs: performance.now() - started };
      }
    },
    async close(): Promise<void> {
      await pool.terminate();
    },
  };
}

/** One sentence for a grading that did not finish. */
export function failureReason(error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `grading took longer than ${Math.round(timeoutMs / 1000)} s and was stopped (see --timeout)`;
  }
  const died = /Worker terminated Unexpectedly[\s\S]*exitCode: `([^`]*)`[\s\S]*signalCode: `([^`]*)`/.exec(message);
  if (died) {
    const how = died[2] !== 'null' ? `signal ${died[2]}` : `exit code ${died[1]}`;
    return `the grading process ended unexpectedly (${how})`;
  }
  return `grading could not run: ${message.split('\n')[0].replace(/^grading could not run: /, '')}`;
}
