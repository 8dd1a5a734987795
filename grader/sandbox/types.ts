/**
 * How the trusted grader talks to code under grading (DESIGN.md sections 2 and 5).
 *
 * A Runner calls one exported function of one exercise module and hands back raw values only.
 * Two implementations: the sandbox (a separate, locked-down process, for any submission) and the
 * direct runner (in-process, for the grader's own trusted reference trees, e.g. calibration).
 * Values cross as structured clones: Float64Array stays Float64Array; functions, Promises and
 * Proxies cannot cross and become faults.
 */

export type FaultKind =
  /** The stub still throws NotImplementedError. */
  | 'not-implemented'
  /** The call threw (an Error or anything else). */
  | 'threw'
  /** The call ran past its time limit; the function is not called again. */
  | 'timeout'
  /** The process running the code died (process.exit, stack/heap exhaustion, killed). */
  | 'crashed'
  /** The process went over the memory limit and was stopped. */
  | 'out-of-memory'
  /** The module could not be loaded: missing file, syntax error, throwing at load, forbidden import. */
  | 'load-error'
  /** The module loaded but does not export this function. */
  | 'missing-export'
  /** The value returned cannot be taken: a Promise, a Proxy, a function, too large. */
  | 'invalid-result'
  /** The code broke a rule without crashing: it patched a built-in object or prototype. */
  | 'forbidden';

export interface Fault {
  kind: FaultKind;
  /** One sentence a student understands, e.g. "forgetGate ran longer than 2 s: is there an endless loop?". */
  message: string;
  /** Submission-relative file and 1-based line the fault points at, when known. */
  file?: string;
  line?: number;
}

export type CallOutcome =
  | {
      ok: true;
      /** The returned value (a fresh structured clone). */
      value: unknown;
      /** The arguments as they were after the call, to detect changes made in place. */
      argsAfter: unknown[];
    }
  | { ok: false; fault: Fault };

export interface Runner {
  /**
   * Calls `exports[fn](...args)` of the exercise in `folder` (e.g. `03-forget-gate`).
   * Never rejects for anything the student's code does: that is a Fault.
   */
  call(folder: string, fn: string, args: unknown[]): Promise<CallOutcome>;
  /** Several independent calls of the same function in one round trip (e.g. finite differences). */
  callMany(folder: string, fn: string, argsList: unknown[][]): Promise<CallOutcome[]>;
  /**
   * Runs a trusted task inside the runner, next to the student's code: `exports[fn](studentModule,
   * ...args)` of the trusted module `taskModule` (an absolute path of a .ts file under grader/
   * that imports nothing but lib/ and files of its own folder), where studentModule is the
   * exercise module in `folder`. Used by the copy task to train the student's LSTM.
   */
  runTask(taskModule: string, fn: string, folder: string, args: unknown[], timeoutMs: number): Promise<CallOutcome>;
  /** What the student's code printed while running this exercise's functions (capped). */
  output(folder: string): string;
  /** Stops every process; safe to call twice. */
  close(): Promise<void>;
}
