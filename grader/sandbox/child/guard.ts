/**
 * The module guard: what exercise code may load. Node's permission model already refuses reads
 * outside the workspace, writes, child processes and workers; this guard turns the common cases
 * into clear sentences and closes what the permission model leaves open in Node 20 (the network,
 * signals, the engine's own modules, and questions about files outside the workspace: module
 * resolution and realpath look at the file system without asking the permission model, so
 * `require.resolve('/etc/passwd')` would say whether the file exists).
 */
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import {
  call,
  createObject,
  ErrorConstructor,
  put,
  reflectApply,
  stringIncludes,
  stringIndexOf,
  stringSlice,
  stringStartsWith,
} from './captured';

const isBuiltin = nodeModule.isBuiltin;
const resolvePath = path.resolve;
const dirnameOf = path.dirname;
const pathSep = path.sep;
const isAbsolute = path.isAbsolute;
type Parent = { filename?: string } | undefined;
type AnyFunction = (...args: unknown[]) => unknown;
type ModuleInternals = Record<string, unknown> & {
  _load: (request: unknown, parent: Parent, isMain: boolean) => unknown;
};

/** Built-in modules exercises may not load, and why (null prototype: a patched Object.prototype cannot add entries). */
const DENIED_BUILTINS: Record<string, string> = Object.freeze(
  Object.assign(createObject(null), {
    child_process: 'start processes',
    cluster: 'start processes',
    worker_threads: 'start threads',
    net: 'use the network',
    tls: 'use the network',
    http: 'use the network',
    https: 'use the network',
    http2: 'use the network',
    dgram: 'use the network',
    dns: 'use the network',
    inspector: 'use the inspector',
    v8: 'change the JavaScript engine',
    vm: 'create other JavaScript contexts',
    module: 'change how modules load',
    repl: 'start a REPL',
    wasi: 'use WASI',
    trace_events: 'trace the process',
  }),
);

/** An error the grader recognises by its name and shows as "stopped by the sandbox". */
export function denied(message: string): Error {
  const error = new ErrorConstructor(message);
  put(error, 'name', 'SandboxDenied');
  return error;
}

/** Throws a clear error for a module an exercise may not load; lets everything else through. */
function checkRequest(workspace: string, request: unknown, parentFile: string | undefined): void {
  if (typeof request !== 'string') return;
  if (isBuiltin(request)) {
    const name = call(stringStartsWith, request, 'node:') ? (call(stringSlice, request, 5) as string) : request;
    const slash = call(stringIndexOf, name, '/') as number;
    const base = slash === -1 ? name : (call(stringSlice, name, 0, slash) as string);
    const what = DENIED_BUILTINS[base];
    if (what !== undefined) throw denied(`exercises may not ${what} (they import the module '${request}')`);
    return;
  }
  const isPath = call(stringStartsWith, request, '.') || call(stringStartsWith, request, '/');
  if (!isPath) {
    throw denied(`exercises may only import lib/ and other exercise folders, not the package '${request}'`);
  }
  const solutions = resolvePath(workspace, 'solutions');
  const target = resolvePath(parentFile === undefined ? workspace : dirnameOf(parentFile), request);
  if (call(stringIncludes, `/${request}/`, '/solutions/') || target === solutions || call(stringStartsWith, target, solutions + pathSep)) {
    throw denied(`exercises may not import solutions/ (they import '${request}')`);
  }
  const own = resolvePath(workspace, '.sandbox');
  if (target === own || call(stringStartsWith, target, own + pathSep)) {
    // Its modules export the references it captured; changing those would be changing the sandbox.
    throw denied(`exercises may not load the sandbox's own files (they import '${request}')`);
  }
  if (!call(stringStartsWith, target, workspace + pathSep)) {
    throw denied(`exercises may not import files outside the exercises folder and lib/ (they import '${request}')`);
  }
}

/** True when `target` (absolute) is the workspace or inside it. */
function insideWorkspace(workspace: string, target: string): boolean {
  return target === workspace || (call(stringStartsWith, target, workspace + pathSep) as boolean);
}

/**
 * Refuses a question about a path outside the workspace before the file system is asked. Only
 * absolute string paths can be checked without trusting the process's working folder, so
 * anything else (relative paths, Buffers, URLs) is refused too: exercises never need it.
 */
function checkLookup(workspace: string, candidate: unknown): void {
  if (typeof candidate !== 'string' || !isAbsolute(candidate) || !insideWorkspace(workspace, resolvePath(candidate))) {
    throw denied(
      `exercises may not look up files outside the exercises folder (they asked about '${typeof candidate === 'string' ? candidate : typeof candidate}')`,
    );
  }
}

/** Replaces `target[key]` (a function) by one that checks its first argument first. */
function guardFirstArgument(target: Record<string, unknown>, key: string, check: (first: unknown, rest: unknown[]) => void): void {
  const original = target[key];
  if (typeof original !== 'function') return;
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    check(args[0], args);
    return reflectApply(original as AnyFunction, this, args);
  };
  // realpathSync.native and realpath.native hang off the function itself.
  const native = (original as unknown as Record<string, unknown>).native;
  if (typeof native === 'function') {
    put(guarded, 'native', function (this: unknown, ...args: unknown[]): unknown {
      check(args[0], args);
      return reflectApply(native as AnyFunction, this, args);
    });
  }
  put(target, key, guarded);
}

/** Module resolution and realpath answer only about the workspace. */
function guardLookups(workspace: string, moduleInternals: ModuleInternals): void {
  guardFirstArgument(moduleInternals, '_resolveFilename', (request, args) => {
    const parent = args[1] as Parent;
    // require() already checked its request (guardedLoad); this also covers require.resolve.
    if (typeof request === 'string' && (call(stringStartsWith, request, '.') || isAbsolute(request))) {
      const target = resolvePath(parent?.filename === undefined ? workspace : dirnameOf(parent.filename), request);
      if (!insideWorkspace(workspace, target)) {
        throw denied(`exercises may not look up files outside the exercises folder (they asked about '${request}')`);
      }
    } else {
      checkRequest(workspace, request, parent?.filename);
    }
    const options = args[3] as { paths?: unknown } | undefined;
    // require.resolve(request, { paths }) looks in other folders.
    if (options !== null && typeof options === 'object' && options.paths !== undefined) {
      throw denied(`exercises may not look up files outside the exercises folder (require.resolve with paths, for '${String(request)}')`);
    }
  });
  guardFirstArgument(moduleInternals, '_findPath', (request, args) => {
    const paths = args[1];
    if (typeof request !== 'string') return checkLookup(workspace, request);
    if (isAbsolute(request)) return checkLookup(workspace, request);
    // A relative request is looked up in each folder of `paths`: '../../etc/passwd' climbs out of them.
    if (!Array.isArray(paths)) return checkLookup(workspace, paths);
    for (let k = 0; k < paths.length; k++) {
      checkLookup(workspace, paths[k]);
      checkLookup(workspace, resolvePath(paths[k] as string, request));
    }
  });
  for (const key of ['_stat', '_readPackage']) guardFirstArgument(moduleInternals, key, (first) => checkLookup(workspace, first));
  const fsInternals = fs as unknown as Record<string, unknown>;
  for (const key of ['realpathSync', 'realpath']) guardFirstArgument(fsInternals, key, (first) => checkLookup(workspace, first));
  guardFirstArgument(fs.promises as unknown as Record<string, unknown>, 'realpath', (first) => checkLookup(workspace, first));
}

/** Installs the guard on require, module resolution, realpath, process.getBuiltinModule, process.kill and fetch. */
export function installModuleGuard(workspace: string): void {
  const moduleInternals = nodeModule as unknown as ModuleInternals;
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function guardedLoad(this: unknown, request, parent, isMain) {
    checkRequest(workspace, request, parent?.filename);
    return reflectApply(originalLoad, this, [request, parent, isMain]);
  };
  guardLookups(workspace, moduleInternals);
  const originalGetBuiltin = (process as unknown as Record<string, unknown>).getBuiltinModule as ((id: string) => unknown) | undefined;
  if (typeof originalGetBuiltin === 'function') {
    put(process, 'getBuiltinModule', (id: string) => {
      checkRequest(workspace, id, undefined);
      return reflectApply(originalGetBuiltin, process, [id]);
    });
  }
  const refuseSignals = (): never => {
    throw denied('exercises may not send signals to processes');
  };
  put(process, 'kill', refuseSignals);
  put(process, '_kill', refuseSignals);
  // Relative paths would then resolve against another folder than the one the checks above assume.
  put(process, 'chdir', (): never => {
    throw denied('exercises may not change the working folder');
  });
  // No network from inside a call: fetch is the one built-in global that reaches it.
  delete (globalThis as Record<string, unknown>).fetch;
}
