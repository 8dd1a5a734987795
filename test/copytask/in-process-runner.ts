/**
 * A tiny in-process Runner for the copy-task tests: it loads a tree's lstm-sequence module and the
 * trusted task module with dynamic import (which vitest transforms, unlike a bare require of .ts),
 * and answers like the sandbox: faults for a stub or a throw, structured clones for values.
 * Only runTask is needed by the copy task; the other calls refuse.
 */
import { join, resolve } from 'node:path';
import { isNotImplemented } from '../../lib/not-implemented';
import { CODE_EXERCISES } from '../../grader/exercises';
import type { CallOutcome, Runner } from '../../grader/sandbox/types';

export function inProcessRunner(treeDir: string): Runner {
  const refuse = (): never => {
    throw new Error('inProcessRunner: only runTask is supported');
  };
  return {
    call: async () => refuse(),
    callMany: async () => refuse(),
    async runTask(taskModule, fn, folder, args, timeoutMs): Promise<CallOutcome> {
      const info = CODE_EXERCISES.find((e) => e.folder === folder);
      if (!info) throw new RangeError(`inProcessRunner.runTask: argument folder must be an exercise folder, got ${folder}`);
      const student = await import(join(resolve(treeDir), info.file));
      const task = (await import(taskModule)) as Record<string, (...a: unknown[]) => unknown>;
      const started = performance.now();
      try {
        const value = task[fn](student, ...args);
        if (performance.now() - started > timeoutMs) {
          return { ok: false, fault: { kind: 'timeout', message: `${fn} ran longer than ${timeoutMs} ms` } };
        }
        return { ok: true, value: structuredClone(value), argsAfter: structuredClone(args) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, fault: { kind: isNotImplemented(error) ? 'not-implemented' : 'threw', message } };
      }
    },
    output: () => '',
    close: async () => {},
  };
}
