/**
 * Transpiles student files in a worker thread, so that no source file can stop staging: a stack
 * overflow inside TypeScript, a file that takes minutes (TypeScript is quadratic on some inputs)
 * or one that exhausts memory becomes "this file could not be compiled" for that file alone. The
 * worker has its own heap and stack limits; a file that runs past its time limit gets the worker
 * terminated, and the next file gets a fresh one. The worker starts on the first compile, or
 * earlier through start(), so that loading TypeScript there overlaps the grader's other work.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleScript } from './bundle';
import type { CompileReply, CompileRequest } from './compile-worker';
import type { TranspiledFile } from './transpile';
import { transpileTrusted } from './trusted-transpile';

export interface CompilerLimits {
  /** Time for one file once the worker is ready (TypeScript loaded). */
  perFileMs: number;
  /** Time for all files of a submission; later files are not compiled. */
  totalMs: number;
  /** Time for the worker to load TypeScript. */
  startMs: number;
}

export const DEFAULT_COMPILER_LIMITS: CompilerLimits = { perFileMs: 10_000, totalMs: 60_000, startMs: 30_000 };

/** The worker's heap and stack: far above what any exercise file needs. */
const WORKER_RESOURCES = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

export type CompileResult =
  | { ok: true; file: TranspiledFile }
  /** Why the file could not be compiled, as the end of a sentence: "… could not be compiled: <reason>". */
  | { ok: false; reason: string };

let workerScript: string | undefined;

/** The worker's code: transpile.ts and compile-worker.ts in one script, with TypeScript found from here. */
function compileWorkerScript(): string {
  if (workerScript === undefined) {
    const modules = ['transpile', 'compile-worker'].map((name) => ({
      name,
      js: transpileTrusted(readFileSync(path.join(__dirname, `${name}.ts`), 'utf8'), `${name}.ts`),
    }));
    const typescriptPath = require.resolve('typescript');
    workerScript = `const baseRequire = require;
(function (require) {
${bundleScript(modules, 'compile-worker')}
})((request) => baseRequire(request === 'typescript' ? ${JSON.stringify(typescriptPath)} : request));
`;
  }
  return workerScript;
}

interface RunningWorker {
  worker: Worker;
  ready: Promise<boolean>;
  /** Settles the file in progress when the worker answers or dies. */
  settle?: (result: CompileResult) => void;
}

export class IsolatedCompiler {
  private current: RunningWorker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly deadline: number;
  private closed = false;

  constructor(private readonly limits: CompilerLimits = DEFAULT_COMPILER_LIMITS) {
    this.deadline = Date.now() + limits.totalMs;
  }

  /** Starts the worker now (loading TypeScript takes a third of a second), if it is not running. */
  start(): void {
    if (!this.closed) this.current ??= this.startWorker();
  }

  /** Compiles one file; files are compiled one after another. */
  compile(source: string, fileName: string): Promise<CompileResult> {
    const run = this.queue.then(() => this.compileNow(source, fileName));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker; later calls of compile are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.current;
    this.current = undefined;
    if (running) await running.worker.terminate();
  }

  private startWorker(): RunningWorker {
    const worker = new Worker(compileWorkerScript(), { eval: true, resourceLimits: WORKER_RESOURCES, stdout: true, stderr: true });
    const running: RunningWorker = { worker, ready: Promise.resolve(false) };
    running.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.limits.startMs);
      worker.once('message', (message) => {
        clearTimeout(timer);
        resolve(message === 'ready');
        worker.on('message', (reply: CompileReply) =>
          running.settle?.(reply.ok ? { ok: true, file: reply.file } : { ok: false, reason: failureReason(reply.reason, reply.detail) }),
        );
      });
      // Out of memory shows as an error event, then an exit; either ends the file in progress.
      worker.on('error', (error) => {
        clearTimeout(timer);
        resolve(false);
        const code = (error as { code?: unknown }).code;
        running.settle?.({
          ok: false,
          reason: code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'compiling it took more memory than allowed' : 'the compiler failed on it',
        });
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve(false);
        running.settle?.({ ok: false, reason: 'the compiler failed on it' });
      });
    });
    return running;
  }

  private async compileNow(source: string, fileName: string): Promise<CompileResult> {
    if (this.closed) throw new Error('IsolatedCompiler.compile: the compiler is closed');
    const left = this.deadline - Date.now();
    if (left <= 0)
      return {
        ok: false,
        reason: `compiling the submission took longer than ${this.limits.totalMs / 1000} s, so this file was not compiled`,
      };
    const running = this.current ?? (this.current = this.startWorker());
    if (!(await running.ready)) {
      this.retire(running);
      return { ok: false, reason: 'the compiler could not be started' };
    }
    const limitMs = Math.min(this.limits.perFileMs, left);
    const result = await new Promise<CompileResult>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, reason: `compiling it took longer than ${limitMs / 1000} s` }), limitMs);
      running.settle = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const request: CompileRequest = { id: this.nextId++, source, fileName };
      running.worker.postMessage(request);
    });
    running.settle = undefined;
    // After any failure the worker may be busy or in a bad state: the next file gets a fresh one.
    if (!result.ok) this.retire(running);
    return result;
  }

  private retire(running: RunningWorker): void {
    if (this.current === running) this.current = undefined;
    running.settle = undefined;
    void running.worker.terminate();
  }
}

function failureReason(reason: 'stack-overflow' | 'error', detail: string): string {
  return reason === 'stack-overflow'
    ? 'it is nested too deeply for the TypeScript compiler (its stack overflowed)'
    : `the TypeScript compiler failed on it (${detail})`;
}
