/**
 * Groups the calls that many concurrently running cases make into one callMany per function.
 * A property's cases are first run side by side through this runner (one round trip per level
 * of the call chain instead of one per call); only when a case fails does fast-check run the
 * property again, case by case, to shrink it.
 */
import type { CallOutcome, Runner } from '../sandbox/types';

interface Pending {
  folder: string;
  fn: string;
  args: unknown[];
  resolve(outcome: CallOutcome): void;
  reject(error: unknown): void;
}

export function batchingRunner(inner: Runner): Runner {
  let pending: Pending[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    const groups = new Map<string, Pending[]>();
    for (const p of batch) {
      const key = `${p.folder}\u0000${p.fn}`;
      const group = groups.get(key) ?? [];
      group.push(p);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      inner.callMany(group[0].folder, group[0].fn, group.map((p) => p.args)).then(
        (outcomes) => group.forEach((p, k) => p.resolve(outcomes[k])),
        (error) => group.forEach((p) => p.reject(error)),
      );
    }
  };

  const call = (folder: string, fn: string, args: unknown[]) =>
    new Promise<CallOutcome>((resolve, reject) => {
      pending.push({ folder, fn, args, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // After every microtask: all cases waiting on the previous batch have queued their calls.
        setImmediate(flush);
      }
    });

  return {
    call,
    callMany: (folder, fn, argsList) => Promise.all(argsList.map((args) => call(folder, fn, args))),
    runTask: (...args) => inner.runTask(...args),
    output: (folder) => inner.output(folder),
    close: () => inner.close(),
  };
}
