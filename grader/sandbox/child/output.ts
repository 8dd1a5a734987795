/**
 * What exercise code prints: console methods and process.stdout/stderr.write are captured per
 * request and cut at the budget the grader gives (what is left of the folder's limit). Once the
 * budget is spent, formatting is skipped, so a flood of output costs almost nothing. Bytes
 * written around this capture (straight to descriptors 1 and 2) land in a file the grader
 * watches and count against the same limit (process.ts).
 */
import util from 'node:util';
import { call, put, reflectApply, stringSlice, StringOf } from './captured';

const stringCharCodeAt = String.prototype.charCodeAt;

const formatArgs = util.format;
const byteLength = Buffer.byteLength;
const { isUint8Array } = util.types;
const textDecoder = new TextDecoder();
const decodeUtf8 = TextDecoder.prototype.decode;

let text = '';
let bytesLeft = 0;
let cut = false;

/** Starts capturing for one request, with this many bytes allowed. */
export function beginOutput(budget: number): void {
  text = '';
  bytesLeft = budget;
  cut = false;
}

/** What was printed since beginOutput, and whether more was printed than allowed. */
export function endOutput(): { output: string; outputCut: boolean } {
  const result = { output: text, outputCut: cut };
  text = '';
  return result;
}

export function captureText(printed: string): void {
  if (bytesLeft <= 0) {
    cut = true;
    return;
  }
  const bytes = byteLength(printed);
  if (bytes > bytesLeft) {
    text += prefixWithin(printed, bytesLeft);
    bytesLeft = 0;
    cut = true;
    return;
  }
  text += printed;
  bytesLeft -= bytes;
}

/** The longest prefix of `printed` of at most `limit` UTF-8 bytes, never ending inside a surrogate pair. */
function prefixWithin(printed: string, limit: number): string {
  let count = printed.length < limit ? printed.length : limit;
  for (;;) {
    if (count > 0 && isHighSurrogate(call(stringCharCodeAt, printed, count - 1) as number)) count--;
    const over = byteLength(call(stringSlice, printed, 0, count) as string) - limit;
    if (over <= 0) return call(stringSlice, printed, 0, count) as string;
    // A character takes at most 3 bytes here (4 for a pair of 2): step back by at least a third of the excess.
    count -= over > 3 ? (over / 3) | 0 : 1;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function captureConsole(...args: unknown[]): void {
  if (bytesLeft <= 0) {
    cut = true;
    return;
  }
  captureText(`${reflectApply(formatArgs, undefined, args) as string}\n`);
}

function captureWrite(chunk: unknown): boolean {
  if (bytesLeft <= 0) {
    cut = true;
    return true;
  }
  captureText(
    typeof chunk === 'string' ? chunk : isUint8Array(chunk) ? (reflectApply(decodeUtf8, textDecoder, [chunk]) as string) : StringOf(chunk),
  );
  return true;
}

export function installOutputCapture(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml', 'table']) {
    put(console, method, captureConsole);
  }
  put(process.stdout, 'write', captureWrite);
  put(process.stderr, 'write', captureWrite);
}
