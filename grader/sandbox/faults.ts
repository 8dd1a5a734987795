/**
 * The sentences students read when their code cannot be graded normally. One place, so the
 * sandbox and the direct runner word every fault the same way. Each names the function and,
 * when known, the file and line.
 */
import type { Fault } from './types';

/** Where a fault points: submission-relative file and 1-based line. */
export interface Location {
  file?: string;
  line?: number;
}

/** What was thrown, as the child process (or the direct runner) describes it. */
export interface Thrown {
  isError: boolean;
  name: string;
  message: string;
  functionName?: string;
  code?: string;
}

function at(where: Location): string {
  if (where.file === undefined) return '';
  return where.line === undefined ? ` (${where.file})` : ` (${where.file}, line ${where.line})`;
}

function fault(kind: Fault['kind'], message: string, where: Location): Fault {
  const result: Fault = { kind, message };
  if (where.file !== undefined) result.file = where.file;
  if (where.line !== undefined) result.line = where.line;
  return result;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function isStackOverflow(thrown: Thrown): boolean {
  return thrown.isError && thrown.name === 'RangeError' && thrown.message.includes('Maximum call stack size exceeded');
}

/** A call that threw: not implemented, stack overflow, denied by the sandbox, or any other throw. */
export function thrownFault(fn: string, thrown: Thrown, where: Location): Fault {
  if (thrown.name === 'NotImplementedError') {
    const other = thrown.functionName;
    return fault(
      'not-implemented',
      other === undefined || other === fn
        ? `${fn} is not implemented yet: it still throws NotImplementedError${at(where)}.`
        : `${fn} calls ${other}, which is not implemented yet${at(where)}.`,
      where,
    );
  }
  if (isStackOverflow(thrown)) {
    return fault('crashed', `${fn} overflowed the call stack${at(where)}: is there a recursion that never ends?`, where);
  }
  if (thrown.name === 'SandboxDenied' || thrown.code === 'ERR_ACCESS_DENIED') {
    return fault('threw', `${fn} was stopped by the sandbox${at(where)}: ${deniedReason(thrown)}.`, where);
  }
  if (!thrown.isError) {
    return fault('threw', `${fn} threw ${thrown.message}, which is not an Error${at(where)}: throw new Error("…") instead.`, where);
  }
  return fault('threw', `${fn} threw ${thrown.name}: ${oneLine(thrown.message).replace(/[.!?]$/, '')}${at(where)}.`, where);
}

/** A module that could not be loaded because it (or a file it imports) threw at load. */
export function loadThrewFault(file: string, thrown: Thrown, where: Location, via?: string): Fault {
  const prefix = via === undefined ? `${file} could not be loaded` : `${via} could not be loaded because it imports ${file}, which`;
  const place = where.line !== undefined ? ` (line ${where.line})` : '';
  if (isStackOverflow(thrown)) {
    return fault('crashed', `${prefix}${via ? '' : ':'} overflowed the call stack while loading${place}.`, where);
  }
  if (thrown.name === 'SandboxDenied' || thrown.code === 'ERR_ACCESS_DENIED') {
    return fault(
      'load-error',
      `${prefix}${via ? ' was' : ':'} ${via ? 'stopped by the sandbox: ' : ''}${deniedReason(thrown)}${place}.`,
      where,
    );
  }
  const what = thrown.isError ? `${thrown.name}: ${oneLine(thrown.message).replace(/[.!?]$/, '')}` : `${thrown.message} (not an Error)`;
  return fault('load-error', `${prefix}${via ? '' : ':'} threw ${what} while loading${place}.`, where);
}

export function loadTimeoutFault(file: string, limitMs: number, via?: string): Fault {
  const subject = via === undefined ? file : `${via} imports ${file}, which`;
  return fault('timeout', `${subject} ran longer than ${seconds(limitMs)} while being loaded: is there an endless loop at the top level?`, {
    file,
  });
}

export function loadCrashedFault(file: string, how: string, via?: string): Fault {
  const subject = via === undefined ? file : `${via} imports ${file}, which`;
  const hint = how.endsWith('was stopped') ? '.' : ': exercise files must not call process.exit or process.abort.';
  return fault('crashed', `${subject} ${how} while being loaded${hint}`, { file });
}

/** What a process did when it wrote something else than its reply to the grader's pipe. */
export const GARBLED_PIPE =
  "wrote garbage to the grader's pipe (bytes that are not its reply: a forged, malformed or oversized frame), so its process was stopped";

export function loadOutOfMemoryFault(file: string, limitMb: number, via?: string): Fault {
  const subject = via === undefined ? file : `${via} imports ${file}, which`;
  return fault('out-of-memory', `${subject} used more than ${limitMb} MB of memory while being loaded and was stopped.`, { file });
}

/** A dependency that cannot be loaded at all (syntax error, missing): the fault of the file that imports it. */
export function brokenImportFault(via: string, dependency: Fault): Fault {
  return { ...dependency, message: `${via} imports a file that cannot be loaded: ${dependency.message}` };
}

export function missingExportFault(fn: string, file: string, exportType: string): Fault {
  return fault(
    'missing-export',
    exportType === 'undefined'
      ? `${file} does not export a function ${fn}: write "export function ${fn}(…)".`
      : `${file} exports ${fn} as a ${exportType}, not a function.`,
    { file },
  );
}

const INVALID_SENTENCES: Record<string, (fn: string, detail: string) => string> = {
  promise: (fn) => `${fn} returned a Promise: the functions must be synchronous (no async, no await).`,
  proxy: (fn) => `${fn} returned a Proxy, which the grader does not accept: return a plain Float64Array or object.`,
  function: (fn) => `${fn} returned a function instead of a value: did you forget to call it?`,
  symbol: (fn) => `${fn} returned a symbol instead of a value.`,
  uncloneable: (fn, detail) =>
    `${fn} returned something the grader cannot copy (${detail.replace(/\.$/, '')}): return only numbers, Float64Arrays, arrays and plain objects.`,
  'too-large': (fn, detail) => `${fn} returned ${(Number(detail) / 1e6).toFixed(1)} MB of data, more than the grader accepts.`,
  'args-uncloneable': (fn, detail) =>
    `${fn} changed its arguments into something the grader cannot copy (${detail.replace(/\.$/, '')}): arguments must stay unchanged.`,
  'too-long': (fn, detail) => `${fn} returned an array of length ${detail}, far more than any exercise needs.`,
  'too-deep': (fn, detail) =>
    `${fn} returned a value nested more than ${detail || 'a few dozen'} levels deep, too deep for the grader to read.`,
  'too-many-parts': (fn, detail) =>
    `${fn} returned a value of more than ${detail} numbers, strings, arrays and objects, far more than any exercise needs.`,
  shared: (fn, detail) =>
    `${fn} returned a value in which ${detail || 'an array or object'} appears more than once (or inside itself): return fresh arrays and objects.`,
};

export function invalidResultFault(fn: string, reason: string, detail: string, where: Location): Fault {
  // The reason comes from the sandbox: only our own sentences are looked up (no "__proto__").
  const sentence = (Object.hasOwn(INVALID_SENTENCES, reason) ? INVALID_SENTENCES[reason] : INVALID_SENTENCES.uncloneable)(fn, detail);
  return fault('invalid-result', where.file ? sentence.replace(/^(\S+) /, `$1${at(where)} `) : sentence, where);
}

export function timeoutFault(fn: string, limitMs: number, where: Location): Fault {
  return fault(
    'timeout',
    `${fn}${at(where)} ran longer than ${seconds(limitMs)}: is there an endless loop? It is not called again.`,
    where,
  );
}

export function crashedFault(fn: string, how: string, where: Location): Fault {
  // A sentence that already says why the process was stopped needs no hint about process.exit.
  const hint = how.endsWith('was stopped') ? '' : ': exercise code must not call process.exit or process.abort';
  return fault('crashed', `${fn}${at(where)} ${how}${hint}. It is not called again.`, where);
}

export function outOfMemoryFault(fn: string, limitMb: number, where: Location): Fault {
  return fault('out-of-memory', `${fn}${at(where)} used more than ${limitMb} MB of memory and was stopped. It is not called again.`, where);
}

/** The process limits a sentence may name. */
export interface ProcessLimits {
  cpuLimitSeconds: number;
}

/** How a process ended, in words: "ended the process (exit code 3)". */
export function describeExit(code: number | null, signal: string | null, limits?: ProcessLimits): string {
  if (signal === 'SIGABRT') return 'aborted the process';
  if (signal === 'SIGXCPU' && limits) return `used up its CPU-time limit of ${limits.cpuLimitSeconds} s, so its process was stopped`;
  if (signal !== null) return `ended the process (signal ${signal})`;
  return `ended the process (exit code ${code ?? 'unknown'})`;
}

function deniedReason(thrown: Thrown): string {
  if (thrown.name === 'SandboxDenied') return thrown.message.replace(/\.$/, '');
  return 'exercises may not read files outside the exercises folder, write files, or start processes or threads';
}

function oneLine(text: string): string {
  const first = text.split('\n')[0];
  return first.length > 300 ? `${first.slice(0, 300)}…` : first;
}

/** DESIGN.md section 5: patching a built-in costs the exercise its points, with this sentence. */
export function patchedBuiltinFault(fn: string, builtin: string, where: Location): Fault {
  return {
    kind: 'forbidden',
    message:
      `${fn} (${where.file}) changed the built-in ${builtin}: exercises may not patch built-in objects or prototypes ` +
      '(Math, Number, Object, Array, Float64Array, …), so its points are withheld. It is not called again.',
    file: where.file,
  };
}
