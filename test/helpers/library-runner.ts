/**
 * A Runner over in-memory functions (a reference library or a variant of it), for unit tests of
 * the check engine that must run in milliseconds: no process, no staging. Calls see structured
 * clones, as through the sandbox; a function can be replaced to simulate a student's bug or a fault.
 * Arrays of a result that share memory with an argument or an earlier answer are reported as the
 * Runners report them (CallOutcome.shared).
 */
import type { Library } from '../../grader/reference/library';
import { Encoder } from '../../grader/sandbox/child/codec';
import { pickParts } from '../../grader/sandbox/child/parts';
import { argumentArrays, CallSharing, SharedMemoryWatch } from '../../grader/sandbox/child/shared-memory';
import { mustReturnNewArrays } from '../../grader/sandbox/new-arrays';
import { partsKeys } from '../../grader/sandbox/parts';
import type { CallOutcome, Fault, Runner } from '../../grader/sandbox/types';

export type Behaviour = ((...args: any[]) => unknown) | Fault; // eslint-disable-line @typescript-eslint/no-explicit-any -- any exercise signature

export function libraryRunner(library: Library, overrides: Record<string, Behaviour> = {}): Runner & { calls: string[] } {
  const calls: string[] = [];
  const memory = new SharedMemoryWatch();
  const call = async (_folder: string, fn: string, args: unknown[]): Promise<CallOutcome> => {
    calls.push(fn);
    const behaviour = overrides[fn] ?? library[fn];
    if (typeof behaviour !== 'function') return { ok: false, fault: behaviour };
    const clone = structuredClone(args);
    const sharing = new CallSharing(memory.memoryOf(fn), argumentArrays(clone), mustReturnNewArrays(fn));
    try {
      const value = behaviour(...clone);
      new Encoder({ allowShared: false, maxValueFloatBytes: Number.MAX_SAFE_INTEGER }).encode(value, sharing.visit);
      sharing.commit();
      const shared = sharing.found();
      return { ok: true, value: structuredClone(value), argsAfter: clone, ...(shared ? { shared } : {}) };
    } catch (error) {
      return { ok: false, fault: { kind: 'threw', message: `${fn} threw ${(error as Error).message}` } };
    }
  };
  return {
    calls,
    call,
    callMany: (folder, fn, argsList) => Promise.all(argsList.map((args) => call(folder, fn, args))),
    // As the runners do: only the parts leave, nothing is kept or reported as shared.
    callManyParts: async (_folder, fn, argsList, paths) => {
      const keys = partsKeys(paths);
      return argsList.map((args): CallOutcome => {
        calls.push(fn);
        const behaviour = overrides[fn] ?? library[fn];
        if (typeof behaviour !== 'function') return { ok: false, fault: behaviour };
        try {
          const parts = pickParts(behaviour(...structuredClone(args)), keys);
          if (parts === 'proxy') return { ok: false, fault: { kind: 'invalid-result', message: `${fn} returned a Proxy` } };
          return { ok: true, value: structuredClone(parts), argsAfter: [] };
        } catch (error) {
          return { ok: false, fault: { kind: 'threw', message: `${fn} threw ${(error as Error).message}` } };
        }
      });
    },
    runTask: async () => {
      throw new Error('libraryRunner: runTask is not supported');
    },
    output: () => '',
    endExercise: async () => {},
    close: async () => {},
  };
}
