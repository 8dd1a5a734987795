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

/**
 * A typed array of a returned value that shares memory with something the caller holds, so that
 * changing one changes the other. Found while the value is copied (the copy itself is fresh).
 */
export interface SharedMemory {
  /** Where the array sits in the returned value: `db`, `grads.forget.dW.data`, `dxs[2]`, `` for the value itself. */
  resultPath: string;
  /** True when it is the very same array object; false when it is another view of the same memory (`dz.subarray(0)`). */
  same: boolean;
  /**
   * What it shares memory with: an argument of this call, by its path in the argument list
   * (`[3]`, `[0].W.data`); or an array that an earlier call of the same function returned,
   * counted back (1: the call just before) among the calls this Runner made of it in the same
   * process (the sandbox: since the folder's process started; the direct runner: since it was created).
   */
  with: { argument: string } | { earlierCall: number };
}

export type CallOutcome =
  | {
      ok: true;
      /** The returned value (a fresh structured clone). */
      value: unknown;
      /** The arguments as they were after the call, to detect changes made in place. */
      argsAfter: unknown[];
      /**
       * The value's typed arrays that share memory with an argument or with an earlier answer;
       * absent when there are none. Reported, at most MAX_SHARED_ENTRIES of them (child/shared-memory.ts):
       * - with an argument: only for the functions whose result must be new arrays, the backward
       *   passes (DESIGN.md section 3); a forward's cache may keep its arguments by reference;
       * - with an earlier call: for every function, except arrays that share memory with an
       *   argument of this call (a cache that keeps its input is not an array kept between calls).
       */
      shared?: SharedMemory[];
    }
  | { ok: false; fault: Fault };

export interface Runner {
  /**
   * Calls `exports[fn](...args)` of the exercise in `folder` (e.g. `03-forget-gate`).
   * Never rejects for anything the student's code does: that is a Fault.
   */
  call(folder: string, fn: string, args: unknown[]): Promise<CallOutcome>;
  /** Several independent calls of the same function in one round trip. */
  callMany(folder: string, fn: string, argsList: unknown[][]): Promise<CallOutcome[]>;
  /**
   * Like callMany, for answers read at a few places only (finite differences of a forward): each
   * answer's `value` is the list of its parts at `paths` (`h`, `hs[2]`, `` for the whole value;
   * undefined where a path leads nowhere), `argsAfter` is empty and nothing is reported as
   * shared. Copying back only these parts, not an LSTM's caches nor the arguments, makes such a
   * call several times cheaper. These calls do not count as earlier calls for SharedMemory.
   * The argument lists may share arrays (finite-difference points differ in one array): each call
   * gets copies of its own.
   */
  callManyParts(folder: string, fn: string, argsList: unknown[][], paths: string[]): Promise<CallOutcome[]>;
  /**
   * Runs a trusted task inside the runner, next to the student's code: `exports[fn](students,
   * ...args)` of the trusted module `taskModule` (an absolute path of a .ts file under grader/
   * that imports nothing but lib/ and files of its own folder), where `students` is
   * `{ [folder]: module }`, the exercise module of each of `folders` (e.g. `['09-lstm-sequence',
   * '11-readout']`). Used by the copy task and the sequence tasks to train the student's code.
   */
  runTask(taskModule: string, fn: string, folders: string[], args: unknown[], timeoutMs: number): Promise<CallOutcome>;
  /**
   * Called by the orchestrator when the checks of the exercise in `folder` are done: stops every
   * process that runs code of that folder (its own and any task's that uses it), so nothing of
   * it runs while other exercises are graded. A later call for the folder starts afresh;
   * remembered faults and the captured output stay.
   */
  endExercise(folder: string): Promise<void>;
  /** What the student's code printed while running this exercise's functions (capped, cleaned of control characters). */
  output(folder: string): string;
  /** Stops every process; safe to call twice. */
  close(): Promise<void>;
}
