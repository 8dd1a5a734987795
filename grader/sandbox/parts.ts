/**
 * The paths of a call for parts (Runner.callManyParts), turned into the keys the runners read
 * (child/parts.ts reads them).
 */
import { pathKeys } from '../engine/tree';

/** The keys of each path (`hs[2]` is `hs`, `2`); a clear error for anything else. */
export function partsKeys(paths: unknown): string[][] {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) {
    throw new TypeError('callManyParts: argument paths must be a non-empty array of paths such as "h" or "hs[2]"');
  }
  return paths.map((p: string) => {
    try {
      return [...pathKeys(p, 'callManyParts')];
    } catch (error) {
      throw new TypeError(`callManyParts: argument paths holds a bad path (${(error as Error).message})`, { cause: error });
    }
  });
}
