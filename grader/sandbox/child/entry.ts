/**
 * The sandbox process: loads a submission's staged exercise modules and calls their functions on
 * the grader's request. Runs as plain JavaScript (transpiled when staging) under Node's
 * permission model, which already denies reads outside the workspace, writes, child processes
 * and workers. Requests come in on stdin and replies go out on descriptor 3, as frames.
 *
 * Every module of the sandbox's own captures what it relies on when it loads (see captured.ts),
 * and all of them load here, before any student module.
 */
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import v8 from 'node:v8';
import type { InvalidReason, RawOutcome, SandboxReply, SandboxRequest } from '../protocol';
import {
  ErrorConstructor, isArray, put, reflectApply, restoreTransportIntrinsics, StringOf, typedArrayByteLength,
} from './captured';
import { decode, Encoder, fallbackTree, type Encoded } from './codec';
import { patchedBuiltin, takeBuiltinsSnapshot } from './builtins-watch';
import { describeThrown, readField } from './describe';
import { decodeFrame, encodeFrame, FrameReader } from './framing';
import { installModuleGuard } from './guard';
import { beginOutput, captureText, endOutput, installOutputCapture } from './output';

const exitProcess = process.exit.bind(process);
const writeSync = fs.writeSync;
const serialize = v8.serialize;
const deserialize = v8.deserialize;
const { isPromise, isProxy, isDataView } = util.types;
const isArrayBufferView = ArrayBuffer.isView;
const dataViewByteLength = (Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength') as PropertyDescriptor).get as () => number;
const clock = performance.now.bind(performance);
const loadFile = require;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
/** The pipe the grader reads replies from (stdin brings the requests). */
const REPLY_FD = 3;

function viewByteLength(this: ArrayBufferView): number {
  return reflectApply(isDataView(this) ? dataViewByteLength : typedArrayByteLength, this, []);
}

// The workspace root: this file lives in <root>/.sandbox/.
installModuleGuard(path.dirname(__dirname));
installOutputCapture();

// Errors thrown by timers or promises between calls must not end the process unnoticed.
process.on('uncaughtException', (error) => captureText(`[uncaught outside a call] ${describeThrown(error).message}\n`));
process.on('unhandledRejection', (reason) => captureText(`[unhandled rejection] ${describeThrown(reason).message}\n`));
// The grader closed our stdin (it ended or closed the sandbox): nothing more will come.
const requests = process.stdin;
requests.on('end', () => exitProcess(0));
requests.on('error', () => exitProcess(0));

let slowestCallMs = 0;

function invalid(reason: InvalidReason, detail: string): RawOutcome {
  return { ok: false, kind: 'invalid-result', reason, detail };
}

/** One value, encoded into `encoder` (or as v8.serialize bytes, see fallbackTree); a string says why it cannot be taken. */
function encodeOnce(encoder: Encoder, value: unknown, maxBytes: number): { encoded: Encoded } | { refused: 'uncloneable' | 'too-large'; detail: string } {
  const start = encoder.mark();
  const tree = encoder.tryEncode(value);
  if (tree !== undefined) {
    const bytes = encoder.bytes - start.bytes;
    if (bytes <= maxBytes) return { encoded: tree };
    encoder.rollback(start);
    return { refused: 'too-large', detail: StringOf(bytes) };
  }
  let bytes: Uint8Array;
  try {
    bytes = serialize(value);
  } catch (error) {
    return { refused: 'uncloneable', detail: describeThrown(error).message };
  }
  const size = reflectApply(typedArrayByteLength, bytes, []) as number;
  return size <= maxBytes ? { encoded: fallbackTree(bytes as Buffer) } : { refused: 'too-large', detail: StringOf(size) };
}

/** Checks and encodes a returned value and the arguments after the call, each read once. */
function packResult(encoder: Encoder, result: unknown, args: unknown[], maxResultBytes: number): RawOutcome {
  if (isPromise(result)) return invalid('promise', '');
  if (isProxy(result)) return invalid('proxy', '');
  if (typeof result === 'function') return invalid('function', '');
  if (typeof result === 'symbol') return invalid('symbol', '');
  // A huge typed array is refused before copying it (which would cost seconds and memory).
  if (isArrayBufferView(result) && reflectApply(viewByteLength, result, []) > maxResultBytes) {
    return invalid('too-large', StringOf(reflectApply(viewByteLength, result, [])));
  }
  const start = encoder.mark();
  const value = encodeOnce(encoder, result, maxResultBytes);
  if ('refused' in value) return invalid(value.refused, value.detail);
  const argsAfter = encodeOnce(encoder, args, maxResultBytes);
  if ('refused' in argsAfter) {
    encoder.rollback(start);
    return invalid('args-uncloneable', argsAfter.refused === 'too-large' ? 'they grew too large' : argsAfter.detail);
  }
  return { ok: true, value: value.encoded, argsAfter: argsAfter.encoded };
}

/** The arguments the grader sent, as fresh values. */
function decodeArgs(tree: Encoded, floats: Float64Array): unknown[] {
  const value = decode(tree, floats, deserialize);
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
    return [{ ok: true, value: undefined, argsAfter: undefined }];
  } catch (error) {
    return [{ ok: false, kind: 'threw', thrown: describeThrown(error) }];
  }
}

function runCalls(request: Extract<SandboxRequest, { type: 'call' }>, encoder: Encoder): RawOutcome[] {
  const outcomes: RawOutcome[] = [];
  let target: ReturnType<typeof exportedFunction>;
  try {
    target = exportedFunction(request.file, request.fn);
  } catch (error) {
    return [{ ok: false, kind: 'threw', thrown: describeThrown(error) }];
  }
  if ('missing' in target) return [{ ok: false, kind: 'missing-export', exportType: target.missing }];
  const argsList = decodeArgs(request.argsList, request.floats);
  for (let k = 0; k < argsList.length; k++) {
    const args = argsList[k] as unknown[];
    const started = clock();
    let outcome: RawOutcome;
    try {
      const result = reflectApply(target.fn, undefined, args);
      outcome = packResult(encoder, result, args, request.maxResultBytes);
    } catch (error) {
      outcome = { ok: false, kind: 'threw', thrown: describeThrown(error) };
    }
    const elapsedMs = clock() - started;
    if (elapsedMs > slowestCallMs) slowestCallMs = elapsedMs;
    if (elapsedMs > request.callTimeMs) {
      // Too slow, though it finished: the grader treats it as a timeout and calls it no more.
      put(outcomes, outcomes.length, { ok: false, kind: 'slow', elapsedMs });
      break;
    }
    put(outcomes, outcomes.length, outcome);
  }
  return outcomes;
}

function runTask(request: Extract<SandboxRequest, { type: 'task' }>, encoder: Encoder): RawOutcome[] {
  try {
    const taskArgs = decodeArgs(request.args, request.floats);
    const studentModule = loadOnce(request.studentFile);
    const target = exportedFunction(request.taskFile, request.fn);
    if ('missing' in target) throw new ErrorConstructor(`the task module does not export a function ${request.fn}`);
    const args: unknown[] = [studentModule];
    for (let k = 0; k < taskArgs.length; k++) put(args, k + 1, taskArgs[k]);
    const result = reflectApply(target.fn, undefined, args);
    return [packResult(encoder, result, taskArgs, request.maxResultBytes)];
  } catch (error) {
    return [{ ok: false, kind: 'threw', thrown: describeThrown(error) }];
  }
}

function handle(request: SandboxRequest): void {
  beginOutput(request.outputBudget);
  slowestCallMs = 0;
  const encoder = new Encoder();
  let outcomes: RawOutcome[];
  try {
    outcomes = request.type === 'load' ? runLoad(request.file)
      : request.type === 'call' ? runCalls(request, encoder) : runTask(request, encoder);
  } catch (error) {
    outcomes = [{ ok: false, kind: 'threw', thrown: describeThrown(error) }];
  }
  let patched: string;
  try {
    patched = patchedBuiltin();
  } catch {
    patched = 'a built-in object';
  }
  const reply: Omit<SandboxReply, 'floats'> = { id: request.id, type: 'reply', outcomes, ...endOutput(), slowestCallMs, patchedBuiltin: patched };
  restoreTransportIntrinsics();
  sendToGrader(reply, encoder.pool());
}

function writeAll(bytes: Uint8Array): void {
  const length = reflectApply(typedArrayByteLength, bytes, []) as number;
  let written = 0;
  while (written < length) {
    try {
      written += writeSync(REPLY_FD, bytes, written, length - written);
    } catch (error) {
      // A full pipe on a non-blocking descriptor: wait for the grader to read.
      if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
    }
  }
}

function sendToGrader(message: object, floats: Float64Array): void {
  writeAll(encodeFrame(message, floats));
}

const reader = new FrameReader(0xffffffff);
requests.on('data', (chunk: Uint8Array) => {
  const payloads = reader.push(chunk);
  for (let k = 0; k < payloads.length; k++) {
    const { message, floats } = decodeFrame(payloads[k]);
    const request = message as SandboxRequest;
    if (request.type !== 'load') put(request, 'floats', floats);
    handle(request);
  }
});
takeBuiltinsSnapshot();
sendToGrader({ type: 'ready' }, new Float64Array(0));
