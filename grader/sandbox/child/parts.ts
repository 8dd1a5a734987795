/**
 * The parts of a returned value that a call for parts wants (protocol.ts CallRequest.parts):
 * finite differences read a forward's answer at a few paths only, so only those parts are
 * copied back. Used by the sandbox's child and by the direct runner, so both read them the same way.
 */
import util from 'node:util';
import { put } from './captured';
import { readField } from './describe';

const { isProxy } = util.types;

/**
 * The parts of `value` at `paths` (keys read one after another), one list entry per path:
 * undefined where a path leads nowhere; 'proxy' when it passes through a Proxy (refused, as a
 * whole answer holding one is). A throwing getter reads as undefined.
 */
export function pickParts(value: unknown, paths: string[][]): unknown[] | 'proxy' {
  const parts: unknown[] = [];
  for (let k = 0; k < paths.length; k++) {
    let current = value;
    const keys = paths[k];
    for (let j = 0; j < keys.length && current !== undefined; j++) {
      if (typeof current !== 'object' || current === null) current = undefined;
      else if (isProxy(current)) return 'proxy';
      else current = readField(current, keys[j]);
    }
    put(parts, k, current);
  }
  return parts;
}
