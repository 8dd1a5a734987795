/**
 * What was thrown, described without trusting it: a getter may throw, a Proxy may trap, a
 * message may be 10 MB. Only capped strings cross to the grader.
 */
import util from 'node:util';
import type { ThrownDescription } from '../protocol';
import { cap, jsonStringify, put, StringOf } from './captured';

const { isProxy, isNativeError } = util.types;
const MESSAGE_CAP = 2000;
/** Enough for the frames that locate the fault; the grader reads at most 200 lines of it. */
const STACK_CAP = 4000;

/** Reads a property that may be a throwing getter: undefined then. */
export function readField(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function safeText(value: unknown, limit: number): string {
  if (typeof value === 'string') return cap(value, limit);
  if (value === undefined) return '';
  try {
    return cap(StringOf(value), limit);
  } catch {
    return '';
  }
}

export function describeThrown(thrown: unknown): ThrownDescription {
  if (isNativeError(thrown) && !isProxy(thrown)) {
    const error = thrown as object;
    const functionName = readField(error, 'functionName');
    const code = readField(error, 'code');
    const description: ThrownDescription = {
      isError: true,
      name: safeText(readField(error, 'name'), 100) || 'Error',
      message: safeText(readField(error, 'message'), MESSAGE_CAP),
      stack: safeText(readField(error, 'stack'), STACK_CAP),
    };
    if (typeof functionName === 'string') put(description, 'functionName', cap(functionName, 100));
    if (typeof code === 'string') put(description, 'code', cap(code, 100));
    return description;
  }
  let rendering: string;
  if (thrown === null) rendering = 'null';
  // Cut again once quoted: escapes can make a string six times longer.
  else if (typeof thrown === 'string') rendering = cap(jsonStringify(cap(thrown, MESSAGE_CAP)) as string, MESSAGE_CAP);
  else if (typeof thrown === 'object') rendering = isProxy(thrown) ? 'a Proxy' : 'an object that is not an Error';
  else if (typeof thrown === 'function') rendering = 'a function';
  else if (typeof thrown === 'symbol') rendering = 'a symbol';
  else rendering = safeText(thrown, 200);
  return { isError: false, name: thrown === null ? 'null' : typeof thrown, message: rendering, stack: '' };
}
