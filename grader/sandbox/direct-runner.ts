/**
 * A Runner for TRUSTED trees only (the reference solutions, calibration, fast tests): it requires
 * the .ts modules in this very process (which must run under ts-node or vitest), with no time or
 * memory limit and no isolation. Faults are worded and cleaned as the sandbox words and cleans
 * them, and results and arguments are copied by the sandbox's own codec (same refusals, same
 * fresh arrays, the same report of arrays that share memory), so code written against it behaves
 * the same with the sandbox. Its calls get the grader's own arguments, not copies.
 */
import { existsSync, readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { types } from 'node:util';
import { CODE_EXERCISES } from '../course';
import { decode, Encoder, type TypedArrayVisitor } from './child/codec';
import { pickParts } from './child/parts';
import { argumentArrays, CallSharing, SharedMemoryWatch } from './child/shared-memory';
import * as faults from './faults';
import { mustReturnNewArrays } from './new-arrays';
import { cleanOutcome, cleanShared } from './outcomes';
import { partsKeys } from './parts';
import type { CallOutcome, Fault, Runner } from './types';
import { transpileTypeScript } from './transpile';

/** Same as the sandbox's default: the largest value (and its arguments after the call) copied. */
const MAX_RESULT_BYTES = 50_000_000;

/** A copy of `value` through the sandbox's codec, or why the sandbox would refuse it; `visitor` sees its typed arrays. */
function copyAsSandbox(value: unknown, visitor?: TypedArrayVisitor): { copy: unknown } | { refused: string; detail: string } {
  const encoder = new Encoder({ allowShared: false, maxValueFloatBytes: MAX_RESULT_BYTES });
  const encoded = encoder.encode(value, visitor);
  if (!('tree' in encoded)) return encoded;
  return { copy: decode(encoded.tree, encoder.pool()) };
}

type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Extensions = Record<string, (module: CompilingModule, filename: string) => void>;

/**
 * Lets require() load .ts files where nothing else does (vitest transforms imports, not require):
 * the same transpilation the sandbox uses. Under ts-node its own hook is already there and stays.
 */
export function ensureTypeScriptRequire(): void {
  const extensions = (nodeModule as unknown as { _extensions: Extensions })._extensions;
  if (extensions['.ts']) return;
  extensions['.ts'] = (module, filename) => {
    const transpiled = transpileTypeScript(readFileSync(filename, 'utf8'), filename);
    if (transpiled.syntaxError) {
      throw new SyntaxError(`${filename}: line ${transpiled.syntaxError.line}: ${transpiled.syntaxError.message}`);
    }
    module._compile(transpiled.js, filename);
  };
}

export function createDirectRunner(treeDir: string): Runner {
  if (typeof treeDir !== 'string' || treeDir === '') {
    throw new TypeError('createDirectRunner: argument treeDir must be a folder path');
  }
  const root = path.resolve(treeDir);
  if (!existsSync(root)) throw new Error(`createDirectRunner: argument treeDir: the folder ${root} does not exist`);
  ensureTypeScriptRequire();
  /** What earlier calls of each function returned, as the sandbox keeps it per process. */
  const sharedMemory = new SharedMemoryWatch();

  const fileOf = (folder: string, method: string): string => {
    const info = CODE_EXERCISES.find((e) => e.folder === folder);
    if (!info) {
      throw new RangeError(`${method}: argument folder must be an exercise folder such as 03-forget-gate, got ${JSON.stringify(folder)}`);
    }
    return info.file;
  };

  const load = (file: string): { exports: Record<string, unknown> } | { fault: Fault } => {
    const full = path.join(root, file);
    if (!existsSync(full)) return { fault: { kind: 'load-error', message: `${full} is missing.`, file } };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a trusted tree's module, chosen at run time
      return { exports: require(full) as Record<string, unknown> };
    } catch (error) {
      return { fault: faults.loadThrewFault(file, describe(error), { file }) };
    }
  };

  /**
   * Calls target(...args); `reported` are the arguments whose state after the call is returned.
   * `sharing` (calls, not tasks) reports the result's arrays that share memory, as the sandbox does.
   */
  const invoke = (
    label: string,
    file: string,
    target: unknown,
    self: unknown,
    args: unknown[],
    reported = args,
    sharing?: CallSharing,
    parts?: string[][],
  ): CallOutcome => {
    if (typeof target !== 'function') return { ok: false, fault: faults.missingExportFault(label, file, typeof target) };
    let result: unknown;
    try {
      result = Reflect.apply(target, self, args);
    } catch (error) {
      return { ok: false, fault: faults.thrownFault(label, describe(error), { file }) };
    }
    if (types.isPromise(result)) return { ok: false, fault: faults.invalidResultFault(label, 'promise', '', { file }) };
    if (types.isProxy(result)) return { ok: false, fault: faults.invalidResultFault(label, 'proxy', '', { file }) };
    if (typeof result === 'function') return { ok: false, fault: faults.invalidResultFault(label, 'function', '', { file }) };
    if (typeof result === 'symbol') return { ok: false, fault: faults.invalidResultFault(label, 'symbol', '', { file }) };
    if (parts !== undefined) {
      const picked = pickParts(result, parts);
      if (picked === 'proxy') return { ok: false, fault: faults.invalidResultFault(label, 'proxy', '', { file }) };
      const copy = copyAsSandbox(picked);
      if ('refused' in copy) return { ok: false, fault: faults.invalidResultFault(label, copy.refused, copy.detail, { file }) };
      return { ok: true, value: copy.copy, argsAfter: [] };
    }
    const value = copyAsSandbox(result, sharing?.visit);
    if ('refused' in value) return { ok: false, fault: faults.invalidResultFault(label, value.refused, value.detail, { file }) };
    const after = copyAsSandbox(reported);
    if ('refused' in after)
      return { ok: false, fault: faults.invalidResultFault(label, 'args-uncloneable', after.detail || after.refused, { file }) };
    const shared = sharing?.found();
    return shared === undefined
      ? { ok: true, value: value.copy, argsAfter: after.copy as unknown[] }
      : { ok: true, value: value.copy, argsAfter: after.copy as unknown[], shared: cleanShared(shared) };
  };

  const call = (folder: string, fn: string, args: unknown[]): CallOutcome => {
    const file = fileOf(folder, 'call');
    if (!Array.isArray(args)) throw new TypeError('call: argument args must be an array');
    const loaded = load(file);
    if ('fault' in loaded) return { ok: false, fault: loaded.fault };
    const sharing = new CallSharing(sharedMemory.memoryOf(`${file}\u0000${fn}`), argumentArrays(args), mustReturnNewArrays(fn));
    const outcome = invoke(fn, file, loaded.exports[fn], undefined, args, args, sharing);
    // Answered: later calls compare their arrays with this one's (the sandbox counts every answered call).
    sharing.commit();
    return outcome;
  };

  return {
    async call(folder, fn, args) {
      return cleanOutcome(call(folder, fn, args));
    },
    async callMany(folder, fn, argsList) {
      if (!Array.isArray(argsList)) throw new TypeError('callMany: argument argsList must be an array of argument arrays');
      return argsList.map((args) => cleanOutcome(call(folder, fn, args)));
    },
    async callManyParts(folder, fn, argsList, paths) {
      const file = fileOf(folder, 'callManyParts');
      if (!Array.isArray(argsList)) throw new TypeError('callManyParts: argument argsList must be an array of argument arrays');
      const keys = partsKeys(paths);
      const loaded = load(file);
      return argsList.map((args): CallOutcome => {
        if ('fault' in loaded) return cleanOutcome({ ok: false, fault: loaded.fault });
        // The arguments are copied, as the sandbox's decoder copies them: finite-difference points share arrays.
        const outcome = invoke(fn, file, loaded.exports[fn], undefined, structuredClone(args), [], undefined, keys);
        return cleanOutcome(outcome);
      });
    },
    async runTask(taskModule, fn, folders, args) {
      if (!Array.isArray(folders) || folders.length === 0 || new Set(folders).size !== folders.length) {
        throw new TypeError('runTask: argument folders must be a non-empty list of distinct exercise folders');
      }
      const files = folders.map((folder) => fileOf(folder, 'runTask'));
      const students = Object.create(null) as Record<string, unknown>;
      for (let k = 0; k < folders.length; k++) {
        const student = load(files[k]);
        if ('fault' in student) return cleanOutcome({ ok: false, fault: student.fault });
        students[folders[k]] = student.exports;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the trusted task module, chosen at run time
      const task = require(path.resolve(taskModule)) as Record<string, unknown>;
      // The student modules are passed first but are not an argument to report back.
      return cleanOutcome(invoke(fn, files[0], task[fn], undefined, [students, ...args], args));
    },
    async endExercise(folder) {
      // Nothing runs between calls here: there is no process to stop.
      fileOf(folder, 'endExercise');
    },
    output(folder) {
      fileOf(folder, 'output');
      return '';
    },
    async close() {},
  };
}

function describe(error: unknown): faults.Thrown {
  if (error instanceof Error) {
    const extra = error as Error & { functionName?: unknown; code?: unknown };
    return {
      isError: true,
      name: error.name,
      message: error.message,
      ...(typeof extra.functionName === 'string' ? { functionName: extra.functionName } : {}),
      ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
    };
  }
  return { isError: false, name: typeof error, message: typeof error === 'string' ? JSON.stringify(error) : String(error) };
}
