/**
 * Groups the calls that many concurrently running cases make into one callMany per function (one
 * callManyParts per function and set of parts).
 * A property's cases are first run side by side through this runner (one round trip per level
 * of the call chain instead of one per call); only when a case fails does fast-check run the
 * property again, case by case, to shrink it.
 *
 * The calls of one callMany stay next to each other, in order, inside the merged request: a check
 * that calls a function twice in a row (does it keep state between calls?) must not have other
 * cases' calls run in between.
 */
import type { CallOutcome, Runner } from '../sandbox/types';

interface Bundle {
  folder: string;
  fn: string;
  argsList: unknown[][];
  /** Set for calls for parts (Runner.callManyParts): only calls wanting the same parts are merged. */
  paths: string[] | undefined;
  resolve(outcomes: CallOutcome[]): void;
  reject(error: unknown): void;
}

export function batchingRunner(inner: Runner): Runner {
  let pending: Bundle[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    const groups = new Map<string, Bundle[]>();
    for (const bundle of batch) {
      const key = `${bundle.folder}\u0000${bundle.fn}\u0000${JSON.stringify(bundle.paths ?? null)}`;
      groups.set(key, [...(groups.get(key) ?? []), bundle]);
    }
    for (const group of groups.values()) {
      const { folder, fn, paths } = group[0];
      const argsList = group.flatMap((b) => b.argsList);
      (paths === undefined ? inner.callMany(folder, fn, argsList) : inner.callManyParts(folder, fn, argsList, paths)).then(
        (outcomes) => {
          let offset = 0;
          for (const bundle of group) {
            bundle.resolve(outcomes.slice(offset, offset + bundle.argsList.length));
            offset += bundle.argsList.length;
          }
        },
        (error) => group.forEach((b) => b.reject(error)),
      );
    }
  };

  const queue = (folder: string, fn: string, argsList: unknown[][], paths?: string[]) =>
    new Promise<CallOutcome[]>((resolve, reject) => {
      pending.push({ folder, fn, argsList, paths, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // After every microtask: all cases waiting on the previous batch have queued their calls.
        setImmediate(flush);
      }
    });

  return {
    call: (folder, fn, args) => queue(folder, fn, [args]).then((outcomes) => outcomes[0]),
    callMany: (folder, fn, argsList) => queue(folder, fn, argsList),
    callManyParts: (folder, fn, argsList, paths) => queue(folder, fn, argsList, paths),
    runTask: (...args) => inner.runTask(...args),
    output: (folder) => inner.output(folder),
    endExercise: (folder) => inner.endExercise(folder),
    close: () => inner.close(),
  };
}
