/**
 * Messages between the grader and the sandbox process (types only: the child entry imports them
 * with `import type`, so it stays free of grader code). Values travel encoded by child/codec.ts:
 * a tree of plain arrays plus one Float64Array pool per message; the sender knows their size
 * before sending, and the receiver rebuilds fresh values.
 */
import type { Encoded } from './child/codec';

export interface LoadRequest {
  id: number;
  type: 'load';
  /** Absolute path of a staged .js file. */
  file: string;
  outputBudget: number;
}

export interface CallRequest {
  id: number;
  type: 'call';
  file: string;
  fn: string;
  /** The list of argument lists, encoded; Float64Array entries live in `floats`. */
  argsList: Encoded;
  floats: Float64Array;
  /** A call that finishes but took longer than this counts as a timeout (the grader kills endless ones). */
  callTimeMs: number;
  maxResultBytes: number;
  outputBudget: number;
}

export interface TaskRequest {
  id: number;
  type: 'task';
  /** Staged trusted task module and the student module it gets as first argument. */
  taskFile: string;
  studentFile: string;
  fn: string;
  /** The task's arguments after the student module, encoded; Float64Array entries live in `floats`. */
  args: Encoded;
  floats: Float64Array;
  maxResultBytes: number;
  outputBudget: number;
}

export type SandboxRequest = LoadRequest | CallRequest | TaskRequest;

/** What was thrown, described safely in the child (hostile values never cross). */
export interface ThrownDescription {
  /** True for a real Error object. */
  isError: boolean;
  /** Error name (`TypeError`, `NotImplementedError`) or the typeof of a non-Error. */
  name: string;
  /** Capped message, or a short rendering of a non-Error value (`42`, `"oops"`). */
  message: string;
  /** Capped raw stack with workspace paths; mapped to the student's files by the grader. */
  stack: string;
  /** NotImplementedError.functionName, when present. */
  functionName?: string;
  /** Node error code, e.g. ERR_ACCESS_DENIED. */
  code?: string;
}

export type RawOutcome =
  | { ok: true; value: Encoded; argsAfter: Encoded }
  | { ok: false; kind: 'threw'; thrown: ThrownDescription }
  | { ok: false; kind: 'missing-export'; exportType: string }
  | { ok: false; kind: 'invalid-result'; reason: InvalidReason; detail: string }
  | { ok: false; kind: 'slow'; elapsedMs: number };

export type InvalidReason = 'promise' | 'proxy' | 'function' | 'symbol' | 'uncloneable' | 'too-large' | 'args-uncloneable';

export interface SandboxReply {
  id: number;
  type: 'reply';
  /** One per call (one for load and task requests; for load, value is empty on success). */
  outcomes: RawOutcome[];
  /** What the code printed during the request, cut at the budget. */
  output: string;
  /** True when more was printed than the budget allowed. */
  outputCut: boolean;
  /** The Float64Array entries of every encoded value in `outcomes`. */
  floats: Float64Array;
  /** The longest single call of the request, in ms (0 for loads). */
  slowestCallMs: number;
  /** The first built-in (e.g. "Math.exp") the student's code changed so far; '' when none. */
  patchedBuiltin?: string;
}

export interface SandboxReady {
  type: 'ready';
}

export type SandboxMessage = SandboxReply | SandboxReady;
