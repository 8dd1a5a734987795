/**
 * The sandbox process: loads a submission's staged exercise modules and calls their functions on
 * the grader's request. Runs as plain JavaScript under Node's permission model, which already
 * denies reads outside the workspace, writes, child processes and workers.
 *
 * Staging bundles this file and the modules it imports into one script whose modules live in a
 * closure (stage.ts): none of them is in require.cache, module.children or any object student
 * code can reach, so the watch and the output capture cannot be switched off from outside.
 * Every module captures what it relies on when it loads (captured.ts), before any student module.
 *
 * Requests are read with blocking reads in a loop that never returns to Node's event loop: the
 * student's code runs only inside a request. Timers, promise callbacks and I/O callbacks it
 * starts never run, so nothing of it runs between requests or after its last call. The libuv
 * thread pool is started (at the size the grader set in the environment) before any student
 * code, so student code cannot enlarge it. Replies go out on descriptor 3, as frames.
 */
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import v8 from 'node:v8';
import type { InvalidReason, RawOutcome, SandboxReply, SandboxRequest } from '../protocol';
import {
  createObject,
  ErrorConstructor,
  isArray,
  put,
  reflectApply,
  restoreTransportIntrinsics,
  StringOf,
  withTransportIntrinsics,
  typedArrayByteLength,
} from './captured';
import { decode, Encoder, jsonBytesOf, type Encoded, type EncoderMark } from './codec';
import { patchedBuiltin, takeBuiltinsSnapshot } from './builtins-watch';
import { describeThrown, readField } from './describe';
import { decodeFrame, encodeFrame, FrameReader } from './framing';
import { installModuleGuard } from './guard';
import { MAX_FRAME_JSON_BYTES, MAX_REQUEST_FLOAT_BYTES, maxPayloadBytes, replyReserveBytes } from './limits';
import { beginOutput, endOutput, installOutputCapture } from './output';
import { pickParts } from './parts';
import { runProbes } from './probe';
import { argumentArrays, CallSharing, SharedMemoryWatch } from './shared-memory';

const exitProcess = process.exit.bind(process);
const readSync = fs.readSync;
const writeSync = fs.writeSync;
const deserialize = v8.deserialize;
const { isPromise, isProxy, isDataView } = util.types;
const isArrayBufferView = ArrayBuffer.isView;
const dataViewByteLength = (Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength') as PropertyDescriptor).get as () => number;
const typedSubarray = (Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'subarray') as PropertyDescriptor)
  .value as (start: number, end?: number) => Uint8Array;
const Uint8ArrayConstructor = Uint8Array;
const Float64ArrayConstructor = Float64Array;
const clock = performance.now.bind(performance);
const loadFile = require;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const atomicsWait = Atomics.wait;
/** The pipe the grader reads replies from; requests come on descriptor 0. */
const REPLY_FD = 3;
const REQUEST_FD = 0;
const READ_CHUNK_BYTES = 64 * 1024;
/** Something to wait on: Atomics.wait on it is a sleep that runs no JavaScript. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function viewByteLength(this: ArrayBufferView): number {
  return reflectApply(isDataView(this) ? dataViewByteLength : typedArrayByteLength, this, []);
}

function sleepMs(ms: number): void {
  reflectApply(atomicsWait, Atomics, [sleepCell, 0, 0, ms]);
}

// Starts the libuv thread pool now, at UV_THREADPOOL_SIZE from the grader's environment: the
// pool reads that variable once, when it starts, so student code cannot enlarge it later.
fs.stat(__filename, () => undefined);
// The workspace root: this file lives in <root>/.sandbox/.
installModuleGuard(path.dirname(__dirname));
installOutputCapture();

/** What earlier calls of each function returned in this process, to find an array handed out twice. */
const sharedMemory = new SharedMemoryWatch();

function invalid(reason: InvalidReason, detail: string): RawOutcome {
  return { ok: false, kind: 'invalid-result', reason, detail };
}

/** The JSON of an outcome besides its value trees (`{"ok":true,"value":…,"argsAfter":…}`). */
const OUTCOME_JSON_BYTES = 64;

/** What a reply still has room for: JSON bytes and pool bytes, and whether any outcome is in yet. */
interface ReplyRoom {
  jsonLeft: number;
  floatBytesLeft: number;
  empty: boolean;
}

function replyRoom(request: Exclude<SandboxRequest, { type: 'load' }>): ReplyRoom {
  return {
    jsonLeft: MAX_FRAME_JSON_BYTES - replyReserveBytes(request.outputBudget),
    floatBytesLeft: request.maxResultBytes,
    empty: true,
  };
}

/**
 * Takes `outcome` into the reply if there is room: true. The first outcome of a reply always
 * fits, as a too-large refusal if need be; a later one that does not fit is rolled back (false),
 * and the grader asks for the remaining calls again.
 */
function admit(room: ReplyRoom, encoder: Encoder, mark: EncoderMark, outcome: RawOutcome, outcomes: RawOutcome[]): boolean {
  const extraJson =
    OUTCOME_JSON_BYTES + (outcome.ok ? (outcome.shared === undefined ? 0 : jsonBytesOf(outcome.shared)) : jsonBytesOf(outcome));
  const json = encoder.jsonBytes - mark.jsonBytes + extraJson;
  const floatBytes = encoder.floatBytes - 8 * mark.floats;
  if (json <= room.jsonLeft && floatBytes <= room.floatBytesLeft) {
    room.jsonLeft -= json;
    room.floatBytesLeft -= floatBytes;
    room.empty = false;
    put(outcomes, outcomes.length, outcome);
    return true;
  }
  encoder.rollback(mark);
  if (!room.empty) return false;
  room.empty = false;
  put(outcomes, outcomes.length, invalid('too-large', StringOf(json > floatBytes ? json : floatBytes)));
  return true;
}

/**
 * Checks and encodes a returned value and the arguments after the call, each read once; `sharing`
 * (calls only) sees the value's arrays as they are copied.
 */
function packResult(encoder: Encoder, result: unknown, args: unknown[], maxResultBytes: number, sharing?: CallSharing): RawOutcome {
  const refused = refusedOutright(result, maxResultBytes);
  if (refused !== undefined) return refused;
  const start = encoder.mark();
  const value = encoder.encode(result, sharing?.visit);
  if ('refused' in value) return invalid(value.refused, value.detail);
  const argsAfter = encoder.encode(args);
  if ('refused' in argsAfter) {
    encoder.rollback(start);
    return invalid('args-uncloneable', argsAfter.refused === 'too-large' ? 'they grew too large' : argsAfter.detail || argsAfter.refused);
  }
  const tooLarge = refusedAsTooLarge(encoder, start, maxResultBytes);
  if (tooLarge !== undefined) return tooLarge;
  const shared = sharing?.found();
  return shared === undefined
    ? { ok: true, value: value.tree, argsAfter: argsAfter.tree }
    : { ok: true, value: value.tree, argsAfter: argsAfter.tree, shared };
}

/** A too-large refusal (and what was encoded since `start` forgotten) when the pool grew past `maxResultBytes` since then. */
function refusedAsTooLarge(encoder: Encoder, start: EncoderMark, maxResultBytes: number): RawOutcome | undefined {
  const floatBytes = encoder.floatBytes - 8 * start.floats;
  if (floatBytes <= maxResultBytes) return undefined;
  encoder.rollback(start);
  return invalid('too-large', StringOf(floatBytes));
}

/** A value refused before any of it is read; undefined when it may be copied. */
function refusedOutright(result: unknown, maxResultBytes: number): RawOutcome | undefined {
  if (isPromise(result)) return invalid('promise', '');
  if (isProxy(result)) return invalid('proxy', '');
  if (typeof result === 'function') return invalid('function', '');
  if (typeof result === 'symbol') return invalid('symbol', '');
  // A huge typed array is refused before copying it (which would cost seconds and memory).
  if (isArrayBufferView(result) && reflectApply(viewByteLength, result, []) > maxResultBytes) {
    return invalid('too-large', StringOf(reflectApply(viewByteLength, result, [])));
  }
  return undefined;
}

/**
 * The parts of a returned value at `paths` (child/parts.ts), encoded as one list: the answer to
 * a call for parts (CallRequest.parts).
 */
function packParts(encoder: Encoder, result: unknown, paths: string[][], maxResultBytes: number): RawOutcome {
  const refused = refusedOutright(result, maxResultBytes);
  if (refused !== undefined) return refused;
  const parts = pickParts(result, paths);
  if (parts === 'proxy') return invalid('proxy', '');
  const start = encoder.mark();
  const value = encoder.encode(parts);
  if ('refused' in value) return invalid(value.refused, value.detail);
  const tooLarge = refusedAsTooLarge(encoder, start, maxResultBytes);
  if (tooLarge !== undefined) return tooLarge;
  return { ok: true, value: value.tree };
}

/** The arguments the grader sent, as fresh values. */
function decodeArgs(tree: Encoded, floats: Float64Array): unknown[] {
  const value = decode(tree, floats, { fallback: deserialize });
  if (!isArray(value)) throw new ErrorConstructor('the grader sent arguments that are not a list');
  return value;
}

/** Loaded modules by file: require() resolves the path again on every call, which costs. */
const loadedModules = new Map<string, unknown>();

function loadOnce(file: string): unknown {
  let exports = reflectApply(mapGet, loadedModules, [file]);
  if (exports === undefined) {
    exports = loadFile(file);
    reflectApply(mapSet, loadedModules, [file, exports]);
  }
  return exports;
}

function exportedFunction(file: string, fn: string): { fn: (...a: unknown[]) => unknown } | { missing: string } {
  const exports = loadOnce(file) as Record<string, unknown>;
  const candidate = readField(exports, fn);
  if (typeof candidate !== 'function') return { missing: candidate === undefined ? 'undefined' : typeof candidate };
  return { fn: candidate as (...a: unknown[]) => unknown };
}

// ---- requests ---------------------------------------------------------------------------------
function runLoad(file: string): RawOutcome[] {
  try {
    loadFile(file);
    return [{ ok: true }];
  } catch (error) {
    return [{ ok: false, kind: 'threw', thrown: describeThrown(error) }];
  }
}

/** The outcomes answered, and whether the reply ran out of room before the last call. */
type Answer = { outcomes: RawOutcome[]; full: boolean };

function runCalls(request: Extract<SandboxRequest, { type: 'call' }>, encoder: Encoder): Answer {
  const outcomes: RawOutcome[] = [];
  let target: ReturnType<typeof exportedFunction>;
  try {
    target = exportedFunction(request.file, request.fn);
  } catch (error) {
    return { outcomes: [{ ok: false, kind: 'threw', thrown: describeThrown(error) }], full: false };
  }
  if ('missing' in target) return { outcomes: [{ ok: false, kind: 'missing-export', exportType: target.missing }], full: false };
  const argsList = decodeArgs(request.argsList, request.floats);
  const room = replyRoom(request);
  const memory = sharedMemory.memoryOf(`${request.file}\u0000${request.fn}`);
  let lastSign = clock();
  for (let k = 0; k < argsList.length; k++) {
    const args = argsList[k] as unknown[];
    const mark = encoder.mark();
    // The arguments' arrays, taken before the student's code can change anything (not for parts: no report).
    const sharing = request.parts === null ? new CallSharing(memory, argumentArrays(args), request.newArrays) : undefined;
    const started = clock();
    let outcome: RawOutcome;
    try {
      const result = reflectApply(target.fn, undefined, args);
      outcome =
        sharing === undefined
          ? packParts(encoder, result, request.parts as string[][], request.maxResultBytes)
          : packResult(encoder, result, args, request.maxResultBytes, sharing);
    } catch (error) {
      encoder.rollback(mark);
      outcome = { ok: false, kind: 'threw', thrown: describeThrown(error) };
    }
    const ended = clock();
    const elapsedMs = ended - started;
    if (elapsedMs > request.callTimeMs) {
      // Too slow, though it finished: the grader treats it as a timeout and calls it no more.
      encoder.rollback(mark);
      put(outcomes, outcomes.length, { ok: false, kind: 'slow', elapsedMs });
      break;
    }
    if (!admit(room, encoder, mark, outcome, outcomes)) return { outcomes, full: true };
    // Answered: later calls compare their arrays with this one's.
    sharing?.commit();
    if (k < argsList.length - 1 && ended - lastSign >= request.heartbeatMs) {
      sendProgress(request.id, outcomes.length);
      lastSign = clock();
    }
  }
  return { outcomes, full: false };
}

/** Tells the grader's watchdog that `answered` calls of request `id` have finished (protocol.ts SandboxProgress). */
function sendProgress(id: number, answered: number): void {
  withTransportIntrinsics(() => writeAll(encodeFrame({ id, type: 'progress', answered }, new Float64ArrayConstructor(0))));
}

function runTask(request: Extract<SandboxRequest, { type: 'task' }>, encoder: Encoder): Answer {
  try {
    const taskArgs = decodeArgs(request.args, request.floats);
    // The student modules by folder, e.g. { '09-lstm-sequence': exports }; no prototype to look names up on.
    const students = createObject(null) as Record<string, unknown>;
    for (let k = 0; k < request.students.length; k++) {
      const [folder, file] = request.students[k];
      put(students, folder, loadOnce(file));
    }
    const target = exportedFunction(request.taskFile, request.fn);
    if ('missing' in target) throw new ErrorConstructor(`the task module does not export a function ${request.fn}`);
    const args: unknown[] = [students];
    for (let k = 0; k < taskArgs.length; k++) put(args, k + 1, taskArgs[k]);
    const result = reflectApply(target.fn, undefined, args);
    const outcomes: RawOutcome[] = [];
    admit(replyRoom(request), encoder, encoder.mark(), packResult(encoder, result, taskArgs, request.maxResultBytes), outcomes);
    return { outcomes, full: false };
  } catch (error) {
    return { outcomes: [{ ok: false, kind: 'threw', thrown: describeThrown(error) }], full: false };
  }
}

/** The probes' answers through the current globals, encoded; null when they cannot even be taken. */
function probeAnswers(encoder: Encoder, inputs: number[]): Encoded {
  try {
    const encoded = encoder.encode(runProbes(inputs));
    return 'tree' in encoded ? encoded.tree : null;
  } catch {
    return null;
  }
}

function handle(request: SandboxRequest): void {
  beginOutput(request.outputBudget);
  const encoder = new Encoder({ allowShared: false, maxValueFloatBytes: request.type === 'load' ? 0 : request.maxResultBytes });
  let answer: Answer;
  try {
    answer =
      request.type === 'load'
        ? { outcomes: runLoad(request.file), full: false }
        : request.type === 'call'
          ? runCalls(request, encoder)
          : runTask(request, encoder);
  } catch (error) {
    answer = { outcomes: [{ ok: false, kind: 'threw', thrown: describeThrown(error) }], full: false };
  }
  // After the student's code and before the transport intrinsics are put back, so every patch shows.
  const probe = probeAnswers(encoder, request.probe);
  let patched: string;
  try {
    patched = patchedBuiltin();
  } catch {
    patched = 'a built-in object';
  }
  const reply: Omit<SandboxReply, 'floats'> = {
    id: request.id,
    type: 'reply',
    outcomes: answer.outcomes,
    replyFull: answer.full,
    ...endOutput(),
    patchedBuiltin: patched,
    probe,
  };
  restoreTransportIntrinsics();
  const pool = encoder.pool();
  let frame = encodeFrame(reply, pool);
  // A frame is 8 header bytes, 8 bytes of lengths, the pool, then the JSON.
  const poolBytes = reflectApply(typedArrayByteLength, pool, []) as number;
  const jsonBytes = (reflectApply(typedArrayByteLength, frame, []) as number) - 16 - poolBytes;
  if (jsonBytes > MAX_FRAME_JSON_BYTES || poolBytes > (request.type === 'load' ? 0 : request.maxResultBytes)) {
    // The estimates are upper bounds, so this should not happen; if it does, the grader still gets a reply it accepts.
    const refused: RawOutcome[] = [];
    for (let k = 0; k < answer.outcomes.length; k++) put(refused, k, invalid('too-large', 'the reply'));
    frame = encodeFrame({ ...reply, outcomes: refused, output: '', probe: null }, new Float64Array(0));
  }
  writeAll(frame);
}

function writeAll(bytes: Uint8Array): void {
  const length = reflectApply(typedArrayByteLength, bytes, []) as number;
  let written = 0;
  while (written < length) {
    try {
      written += writeSync(REPLY_FD, bytes, written, length - written);
    } catch (error) {
      // A full pipe made non-blocking: wait for the grader to read. Anything else: no way to reply.
      if ((error as { code?: unknown }).code !== 'EAGAIN') exitProcess(70);
      sleepMs(1);
    }
  }
}

/** Reads what the grader sent into `chunk`; 0 once the grader closed the pipe. */
function readRequests(chunk: Uint8Array): number {
  for (;;) {
    try {
      return readSync(REQUEST_FD, chunk, 0, READ_CHUNK_BYTES, null);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // Student code that touched process.stdin made the pipe non-blocking: poll it, sleeping in between.
      if (code === 'EAGAIN') {
        sleepMs(1);
        continue;
      }
      // The pipe is gone (the grader ended, or student code closed it): nothing more will come.
      return 0;
    }
  }
}

/** Answers requests until the grader closes the pipe. Never returns to the event loop. */
function serve(): never {
  const reader = new FrameReader(maxPayloadBytes(MAX_REQUEST_FLOAT_BYTES));
  let chunk = new Uint8ArrayConstructor(READ_CHUNK_BYTES);
  for (;;) {
    const count = readRequests(chunk);
    if (count === 0) exitProcess(0);
    const payloads = reader.push(reflectApply(typedSubarray, chunk, [0, count]));
    // The reader may keep part of this chunk for the next frame: then the next read needs a new one.
    if (reader.pending > 0) chunk = new Uint8ArrayConstructor(READ_CHUNK_BYTES);
    for (let k = 0; k < payloads.length; k++) {
      const { message, floats } = decodeFrame(payloads[k]);
      const request = message as SandboxRequest;
      if (request.type !== 'load') put(request, 'floats', floats);
      handle(request);
    }
  }
}

takeBuiltinsSnapshot();
writeAll(encodeFrame({ type: 'ready' }, new Float64Array(0)));
serve();
