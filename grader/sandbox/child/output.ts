/**
 * What exercise code prints: console methods and process.stdout/stderr.write are captured per
 * request and cut at the budget the grader gives (what is left of the folder's limit). Once the
 * budget is spent, formatting is skipped, so a flood of output costs almost nothing.
 */
import util from 'node:util';
import { call, put, reflectApply, stringSlice, StringOf } from './captured';

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
    text += call(stringSlice, printed, 0, bytesLeft) as string;
    bytesLeft = 0;
    cut = true;
    return;
  }
  text += printed;
  bytesLeft -= bytes;
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
  captureText(typeof chunk === 'string' ? chunk : isUint8Array(chunk) ? reflectApply(decodeUtf8, textDecoder, [chunk]) as string : StringOf(chunk));
  return true;
}

export function installOutputCapture(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml', 'table']) {
    put(console, method, captureConsole);
  }
  put(process.stdout, 'write', captureWrite);
  put(process.stderr, 'write', captureWrite);
}
