/**
 * The module guard: what exercise code may load. Node's permission model already refuses reads
 * outside the workspace, writes, child processes and workers; this guard turns the common cases
 * into clear sentences and closes what the permission model leaves open in Node 20 (the network,
 * signals, the engine's own modules).
 */
import nodeModule from 'node:module';
import path from 'node:path';
import { call, createObject, ErrorConstructor, put, reflectApply, stringIncludes, stringIndexOf, stringSlice, stringStartsWith } from './captured';

const isBuiltin = nodeModule.isBuiltin;
const resolvePath = path.resolve;
const dirnameOf = path.dirname;
const pathSep = path.sep;
type ModuleInternals = { _load: (request: unknown, parent: { filename?: string } | undefined, isMain: boolean) => unknown };

/** Built-in modules exercises may not load, and why (null prototype: a patched Object.prototype cannot add entries). */
const DENIED_BUILTINS: Record<string, string> = Object.freeze(Object.assign(createObject(null), {
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
}));

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
    const name = call(stringStartsWith, request, 'node:') ? call(stringSlice, request, 5) as string : request;
    const slash = call(stringIndexOf, name, '/') as number;
    const base = slash === -1 ? name : call(stringSlice, name, 0, slash) as string;
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

/** Installs the guard on require, process.getBuiltinModule, process.kill and fetch. */
export function installModuleGuard(workspace: string): void {
  const moduleInternals = nodeModule as unknown as ModuleInternals;
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function guardedLoad(this: unknown, request, parent, isMain) {
    checkRequest(workspace, request, parent?.filename);
    return reflectApply(originalLoad, this, [request, parent, isMain]);
  };
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
  // No network from inside a call: fetch is the one built-in global that reaches it.
  delete (globalThis as Record<string, unknown>).fetch;
}
