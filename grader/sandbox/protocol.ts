/**
 * Messages between the grader and the sandbox process (types only: the child entry imports them
 * with `import type`, so it stays free of grader code). Values travel encoded by child/codec.ts:
 * a tree of plain arrays plus one Float64Array pool per message; the sender knows their size
 * before sending, and the receiver rebuilds fresh values. The grader checks every reply field by
 * field (reply.ts): a reply with a field it does not expect is garbage.
 */
import type { Encoded } from './child/codec';
import type { SharedMemory } from './types';

interface RequestBase {
  /** A random number per request: a reply frame forged by student code cannot know it. */
  id: number;
  /** What is left of the folder's output limit, in bytes. */
  outputBudget: number;
  /** Inputs of the built-in probes (child/probe.ts) computed after the request. */
  probe: number[];
}

export interface LoadRequest extends RequestBase {
  type: 'load';
  /** Absolute path of a staged .js file. */
  file: string;
}

export interface CallRequest extends RequestBase {
  type: 'call';
  file: string;
  fn: string;
  /** The list of argument lists, encoded; typed-array entries live in `floats`. */
  argsList: Encoded;
  floats: Float64Array;
  /** A call that finishes but took longer than this counts as a timeout (the grader kills endless ones). */
  callTimeMs: number;
  /**
   * Between two calls, once this many ms passed since the request came or the last progress
   * frame, the child writes a SandboxProgress: the grader's watchdog then knows no call is stuck.
   */
  heartbeatMs: number;
  /**
   * null: each call answers its whole value and its arguments after the call. Otherwise each call
   * answers only the parts of its value at these paths (keys read one after another), as a list
   * in this order, with no arguments and no shared-memory report: finite differences read nothing else.
   */
  parts: string[][] | null;
  /** Largest value (and its arguments after the call) in bytes; also the pool budget of one reply. */
  maxResultBytes: number;
  /**
   * Whether the function's result must be new arrays (a backward pass): then the result's arrays
   * that share memory with an argument are reported. Sharing with an earlier answer always is.
   */
  newArrays: boolean;
}

export interface TaskRequest extends RequestBase {
  type: 'task';
  /** Staged trusted task module; it gets `{ [folder]: exports }` of these student files as first argument. */
  taskFile: string;
  students: [folder: string, file: string][];
  fn: string;
  /** The task's arguments after the student modules, encoded; typed-array entries live in `floats`. */
  args: Encoded;
  floats: Float64Array;
  maxResultBytes: number;
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
  /**
   * A load that went through carries nothing; a call carries its value and arguments after, and
   * (calls only, when there are any) the value's arrays that share memory (child/shared-memory.ts);
   * a call for parts (CallRequest.parts) carries only its value, the list of parts.
   */
  | { ok: true; value?: Encoded; argsAfter?: Encoded; shared?: SharedMemory[] }
  | { ok: false; kind: 'threw'; thrown: ThrownDescription }
  | { ok: false; kind: 'missing-export'; exportType: string }
  | { ok: false; kind: 'invalid-result'; reason: InvalidReason; detail: string }
  | { ok: false; kind: 'slow'; elapsedMs: number };

export const INVALID_REASONS = [
  'promise',
  'proxy',
  'function',
  'symbol',
  'uncloneable',
  'too-large',
  'args-uncloneable',
  'shared',
  'too-deep',
  'too-long',
  'too-many-parts',
] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export interface SandboxReply {
  id: number;
  type: 'reply';
  /** One per call answered (one for load and task requests). */
  outcomes: RawOutcome[];
  /**
   * True when the reply had no room for more values: the calls after the last outcome were not
   * answered and the grader sends them again.
   */
  replyFull: boolean;
  /** What the code printed through console and process.stdout/stderr during the request, cut at the budget. */
  output: string;
  /** True when more was printed than the budget allowed. */
  outputCut: boolean;
  /** The typed-array entries of every encoded value in `outcomes` and `probe`. */
  floats: Float64Array;
  /** The first built-in (e.g. "Math.exp") the sandbox's own watch saw changed so far; '' when none. */
  patchedBuiltin: string;
  /** The probes' answers (child/probe.ts), encoded; the grader compares them with its own. */
  probe: Encoded;
}

export interface SandboxReady {
  type: 'ready';
}

/** Sign of life in the middle of a batch of calls: `answered` calls have finished so far. */
export interface SandboxProgress {
  id: number;
  type: 'progress';
  answered: number;
}

export type SandboxMessage = SandboxReply | SandboxProgress | SandboxReady;
