/**
 * A Runner for TRUSTED trees only (the reference solutions, calibration, fast tests): it requires
 * the .ts modules in this very process (which must run under ts-node or vitest), with no time or
 * memory limit and no isolation. Faults are worded as the sandbox words them, and results and
 * arguments come back as structured clones, so code written against it behaves the same with
 * the sandbox.
 */
import { existsSync, readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { types } from 'node:util';
import { CODE_EXERCISES } from '../exercises';
import * as faults from './faults';
import type { CallOutcome, Fault, Runner } from './types';
import { transpileTypeScript } from './transpile';
import { checkReturnedValue } from './validate';

type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Extensions = Record<string, (module: CompilingModule, filename: string) => void>;

/**
 * Lets require() load .ts files where nothing else does (vitest transforms imports, not require):
 * the same transpilation the sandbox uses. Under ts-node its own hook is already there and stays.
 */
function ensureTypeScriptRequire(): void {
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
      return { exports: require(full) as Record<string, unknown> };
    } catch (error) {
      return { fault: faults.loadThrewFault(file, describe(error), { file }) };
    }
  };

  /** Calls target(...args); `reported` are the arguments whose state after the call is returned. */
  const invoke = (label: string, file: string, target: unknown, self: unknown, args: unknown[], reported = args): CallOutcome => {
    if (typeof target !== 'function') return { ok: false, fault: faults.missingExportFault(label, file, typeof target) };
    let result: unknown;
    try {
      result = Reflect.apply(target, self, args);
    } catch (error) {
      return { ok: false, fault: faults.thrownFault(label, describe(error), { file }) };
    }
    if (types.isPromise(result)) return { ok: false, fault: faults.invalidResultFault(label, 'promise', '', { file }) };
    if (typeof result === 'function') return { ok: false, fault: faults.invalidResultFault(label, 'function', '', { file }) };
    let value: unknown;
    let argsAfter: unknown[];
    try {
      value = structuredClone(result);
      argsAfter = structuredClone(reported);
    } catch (error) {
      return { ok: false, fault: faults.invalidResultFault(label, 'uncloneable', describe(error).message, { file }) };
    }
    const problem = checkReturnedValue(value);
    if (problem) return { ok: false, fault: faults.invalidResultFault(label, problem.reason, problem.detail, { file }) };
    return { ok: true, value, argsAfter };
  };

  const call = (folder: string, fn: string, args: unknown[]): CallOutcome => {
    const file = fileOf(folder, 'call');
    if (!Array.isArray(args)) throw new TypeError('call: argument args must be an array');
    const loaded = load(file);
    if ('fault' in loaded) return { ok: false, fault: loaded.fault };
    return invoke(fn, file, loaded.exports[fn], undefined, args);
  };

  return {
    async call(folder, fn, args) {
      return call(folder, fn, args);
    },
    async callMany(folder, fn, argsList) {
      if (!Array.isArray(argsList)) throw new TypeError('callMany: argument argsList must be an array of argument arrays');
      return argsList.map((args) => call(folder, fn, args));
    },
    async runTask(taskModule, fn, folder, args) {
      const file = fileOf(folder, 'runTask');
      const student = load(file);
      if ('fault' in student) return { ok: false, fault: student.fault };
      const task = require(path.resolve(taskModule)) as Record<string, unknown>;
      // The student's module (functions) is passed first but is not an argument to report back.
      return invoke(fn, file, task[fn], undefined, [student.exports, ...args], args);
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
