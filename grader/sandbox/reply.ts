/**
 * A reply frame from the sandbox, checked field by field before any of it is used. Code in the
 * sandbox can write frames of its own to the reply pipe, so a reply is accepted only if it has
 * exactly the fields the request calls for, each of the right type and size, and answers the
 * request in flight by its random id. Anything else (an unknown field, `argsAfter` on a load, a
 * string where a boolean belongs, more outcomes than calls) makes the whole reply garbage, and
 * the grader stops that process.
 */
import { MAX_SHARED_ENTRIES, MAX_SHARED_PATH_CHARS } from './child/limits';
import { INVALID_REASONS, type RawOutcome, type SandboxReply, type ThrownDescription } from './protocol';
import type { SharedMemory } from './types';

export interface ReplyExpectation {
  id: number;
  type: 'load' | 'call' | 'task';
  /** Calls in the request (1 for load and task). */
  calls: number;
  /** Output budget sent with the request: the reply's output may not be longer. */
  outputBudget: number;
  /** A call for parts of the values (CallRequest.parts): an answer carries its value only. */
  parts?: boolean;
}

/** Longest strings a well-behaved sandbox sends (its own caps plus the "… [cut]" mark). */
export const REPLY_TEXT_LIMITS = {
  thrownName: 120,
  thrownMessage: 2100,
  thrownStack: 4100,
  thrownField: 120,
  exportType: 20,
  invalidDetail: 300,
  builtinName: 200,
} as const;

const REPLY_FIELDS = ['id', 'type', 'outcomes', 'replyFull', 'output', 'outputCut', 'patchedBuiltin', 'probe'];
const PROGRESS_FIELDS = ['id', 'type', 'answered'];
const THROWN_REQUIRED = ['isError', 'name', 'message', 'stack'];
const THROWN_OPTIONAL = ['functionName', 'code'];

export class GarbledReplyError extends Error {
  constructor(what: string) {
    super(`a garbled reply: ${what}`);
    this.name = 'GarbledReplyError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `record` has exactly the `required` keys plus any of `optional`. */
function hasExactly(record: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(record);
  return required.every((key) => Object.hasOwn(record, key)) && keys.every((key) => required.includes(key) || optional.includes(key));
}

function isText(value: unknown, limit: number): value is string {
  return typeof value === 'string' && value.length <= limit;
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkThrown(thrown: unknown): thrown is ThrownDescription {
  if (!isRecord(thrown) || !hasExactly(thrown, THROWN_REQUIRED, THROWN_OPTIONAL)) return false;
  const limits = REPLY_TEXT_LIMITS;
  return (
    typeof thrown.isError === 'boolean' &&
    isText(thrown.name, limits.thrownName) &&
    isText(thrown.message, limits.thrownMessage) &&
    isText(thrown.stack, limits.thrownStack) &&
    (thrown.functionName === undefined || isText(thrown.functionName, limits.thrownField)) &&
    (thrown.code === undefined || isText(thrown.code, limits.thrownField))
  );
}

/** A call's shared-memory report: 1 to MAX_SHARED_ENTRIES entries, each exactly `{ resultPath, same, with }`. */
function checkShared(shared: unknown): shared is SharedMemory[] {
  if (!Array.isArray(shared) || shared.length === 0 || shared.length > MAX_SHARED_ENTRIES) return false;
  return shared.every((entry: unknown) => {
    if (!isRecord(entry) || !hasExactly(entry, ['resultPath', 'same', 'with'])) return false;
    if (!isText(entry.resultPath, MAX_SHARED_PATH_CHARS) || typeof entry.same !== 'boolean' || !isRecord(entry.with)) return false;
    const other = entry.with;
    if (hasExactly(other, ['argument'])) return isText(other.argument, MAX_SHARED_PATH_CHARS) && other.argument !== '';
    return hasExactly(other, ['earlierCall']) && Number.isSafeInteger(other.earlierCall) && (other.earlierCall as number) >= 1;
  });
}

function checkOutcome(outcome: unknown, type: ReplyExpectation['type'], parts: boolean): outcome is RawOutcome {
  if (!isRecord(outcome)) return false;
  if (outcome.ok === true) {
    if (type === 'load') return hasExactly(outcome, ['ok']);
    if (type === 'task') return hasExactly(outcome, ['ok', 'value', 'argsAfter']);
    if (parts) return hasExactly(outcome, ['ok', 'value']);
    return hasExactly(outcome, ['ok', 'value', 'argsAfter'], ['shared']) && (outcome.shared === undefined || checkShared(outcome.shared));
  }
  if (outcome.ok !== false) return false;
  switch (outcome.kind) {
    case 'threw':
      return hasExactly(outcome, ['ok', 'kind', 'thrown']) && checkThrown(outcome.thrown);
    case 'missing-export':
      return (
        type === 'call' && hasExactly(outcome, ['ok', 'kind', 'exportType']) && isText(outcome.exportType, REPLY_TEXT_LIMITS.exportType)
      );
    case 'invalid-result':
      return (
        type !== 'load' &&
        hasExactly(outcome, ['ok', 'kind', 'reason', 'detail']) &&
        (INVALID_REASONS as readonly unknown[]).includes(outcome.reason) &&
        isText(outcome.detail, REPLY_TEXT_LIMITS.invalidDetail)
      );
    case 'slow':
      return type === 'call' && hasExactly(outcome, ['ok', 'kind', 'elapsedMs']) && isDuration(outcome.elapsedMs);
    default:
      return false;
  }
}

/** The reply to the request described by `expected`; GarbledReplyError for anything else. */
export function readReply(message: unknown, floats: Float64Array, expected: ReplyExpectation): SandboxReply {
  if (!isRecord(message) || !hasExactly(message, REPLY_FIELDS)) throw new GarbledReplyError('unexpected or missing fields');
  if (message.type !== 'reply' || message.id !== expected.id) throw new GarbledReplyError('not the reply to the request in flight');
  const outcomes = message.outcomes;
  if (!Array.isArray(outcomes) || outcomes.length === 0 || outcomes.length > expected.calls) {
    throw new GarbledReplyError('a wrong number of outcomes');
  }
  for (let k = 0; k < outcomes.length; k++) {
    if (!checkOutcome(outcomes[k], expected.type, expected.parts === true)) throw new GarbledReplyError(`outcome ${k} is malformed`);
    // A slow call ends its batch: nothing may follow it.
    if ((outcomes[k] as RawOutcome).ok === false && (outcomes[k] as { kind: string }).kind === 'slow' && k !== outcomes.length - 1) {
      throw new GarbledReplyError('an outcome after a slow call');
    }
  }
  if (typeof message.replyFull !== 'boolean' || (message.replyFull && outcomes.length >= expected.calls)) {
    throw new GarbledReplyError('a wrong replyFull');
  }
  if (!isText(message.output, expected.outputBudget) || typeof message.outputCut !== 'boolean') {
    throw new GarbledReplyError('output past its budget');
  }
  if (!isText(message.patchedBuiltin, REPLY_TEXT_LIMITS.builtinName)) throw new GarbledReplyError('a malformed watch field');
  return {
    id: expected.id,
    type: 'reply',
    outcomes: outcomes as RawOutcome[],
    replyFull: message.replyFull,
    output: message.output as string,
    outputCut: message.outputCut,
    floats,
    patchedBuiltin: message.patchedBuiltin as string,
    probe: message.probe,
  };
}

/** True for a frame that claims to be a progress frame (readProgress then checks it). */
export function isProgressMessage(message: unknown): boolean {
  return isRecord(message) && message.type === 'progress';
}

/**
 * The calls answered so far, from a progress frame in the middle of a batch of calls; it must
 * answer the request in flight, carry no numbers, and count more calls than `answeredBefore`
 * but fewer than the batch holds. GarbledReplyError for anything else.
 */
export function readProgress(message: unknown, floats: Float64Array, expected: ReplyExpectation, answeredBefore: number): number {
  if (!isRecord(message) || !hasExactly(message, PROGRESS_FIELDS) || floats.length !== 0) {
    throw new GarbledReplyError('a progress frame with unexpected or missing fields');
  }
  if (message.type !== 'progress' || message.id !== expected.id || expected.type !== 'call') {
    throw new GarbledReplyError('a progress frame not about the batch of calls in flight');
  }
  const answered = message.answered;
  if (!Number.isInteger(answered) || (answered as number) <= answeredBefore || (answered as number) >= expected.calls) {
    throw new GarbledReplyError('a progress frame with a wrong count of calls');
  }
  return answered as number;
}

/** The first message of a sandbox process: exactly `{ type: 'ready' }`. */
export function isReadyMessage(message: unknown): boolean {
  return isRecord(message) && hasExactly(message, ['type']) && message.type === 'ready';
}
