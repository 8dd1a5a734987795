/**
 * Walking the values functions return: vectors, matrices, arrays of them and records of them.
 * The reference's output is the template: a student's output is read field by field where the
 * reference has a field, copied once into fresh Float64Arrays, and compared entry by entry.
 */
import type { PlainNumber, PlainValue } from '../model';
import { formatDistinct } from '../format';
import { withinTolerance, type Tolerance } from './finite-difference';

/** Reads `a.b[2].c` style paths. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of pathKeys(path, 'readPath')) current = field(current, key);
  return current;
}

/** Paths already split: the checks read the same few paths millions of times. */
const splitPaths = new Map<string, readonly string[]>();

/** The keys a path reads one after another: `hs[2].c` is `hs`, `2`, `c`; `` is none. */
export function pathKeys(path: string, fn = 'pathKeys'): readonly string[] {
  const known = splitPaths.get(path);
  if (known !== undefined) return known;
  const keys = splitPath(path, fn);
  if (splitPaths.size < 10_000) splitPaths.set(path, keys);
  return keys;
}

function splitPath(path: string, fn: string): readonly string[] {
  if (path === '') return [];
  const keys: string[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new Error(`${fn}: bad path segment ${JSON.stringify(part)} in ${JSON.stringify(path)}`);
    keys.push(match[1], ...(match[2].match(/\d+/g) ?? []));
  }
  return keys;
}

/**
 * A copy of the arrays and records of `value` that shares every Float64Array with it except
 * `own`, which is copied: a finite-difference point differs from its base in one array, and the
 * runners copy what they send (the sandbox's encoder sends a shared array once).
 */
export function copySharingArrays(value: unknown, own: Float64Array): unknown {
  if (value === own) return Float64Array.from(own);
  if (Array.isArray(value)) return value.map((item) => copySharingArrays(item, own));
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = copySharingArrays(item, own);
    return copy;
  }
  return value;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** Why a returned value does not have the shape it must have; undefined when it does. */
export type ShapeProblem = string | undefined;

/**
 * Copies `actual` into fresh arrays following the structure of `template` (the reference's
 * answer). Float64Array leaves accept any array-like of numbers of the same length when
 * `strictTypes` is false, so that a value check can still compare a number[]; with
 * `strictTypes` a leaf must be a Float64Array. Fields the template lacks are ignored.
 */
export function copyLike(
  template: unknown,
  actual: unknown,
  path: string,
  strictTypes: boolean,
): { value: unknown; problem: ShapeProblem } {
  const name = path === '' ? 'the result' : path;
  if (template instanceof Float64Array) {
    const isArrayLike = actual instanceof Float64Array || (!strictTypes && (Array.isArray(actual) || ArrayBuffer.isView(actual)));
    if (!isArrayLike) {
      return { value: undefined, problem: `${name} must be a Float64Array of length ${template.length}, got ${describeValue(actual)}` };
    }
    const arr = actual as ArrayLike<unknown>;
    if (arr.length !== template.length) {
      return { value: undefined, problem: `${name} must have length ${template.length}, got length ${arr.length}` };
    }
    const out = new Float64Array(arr.length);
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k];
      if (typeof v !== 'number') return { value: undefined, problem: `${name}[${k}] must be a number, got ${describeValue(v)}` };
      out[k] = v;
    }
    return { value: out, problem: undefined };
  }
  if (typeof template === 'number') {
    if (typeof actual !== 'number') return { value: undefined, problem: `${name} must be a number, got ${describeValue(actual)}` };
    return { value: actual, problem: undefined };
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(actual)) {
      return { value: undefined, problem: `${name} must be an array of length ${template.length}, got ${describeValue(actual)}` };
    }
    if (actual.length !== template.length) {
      return { value: undefined, problem: `${name} must have length ${template.length}, got length ${actual.length}` };
    }
    const out: unknown[] = [];
    for (let k = 0; k < template.length; k++) {
      const r = copyLike(template[k], actual[k], `${path}[${k}]`, strictTypes);
      if (r.problem) return r;
      out.push(r.value);
    }
    return { value: out, problem: undefined };
  }
  if (typeof template === 'object' && template !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || ArrayBuffer.isView(actual)) {
      return {
        value: undefined,
        problem: `${name} must be an object with ${Object.keys(template).join(', ')}, got ${describeValue(actual)}`,
      };
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(template)) {
      const r = copyLike(
        (template as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        path === '' ? key : `${path}.${key}`,
        strictTypes,
      );
      if (r.problem) return r;
      out[key] = r.value;
    }
    return { value: out, problem: undefined };
  }
  return { value: actual, problem: undefined };
}

/** The first non-finite entry of a tree, as a path, or undefined. */
export function firstNonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path || 'the result'} = ${value}`;
  if (value instanceof Float64Array) {
    for (let k = 0; k < value.length; k++) if (!Number.isFinite(value[k])) return `${path}[${k}] = ${value[k]}`;
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const bad = firstNonFinite(value[k], `${path}[${k}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const bad = firstNonFinite(v, path === '' ? key : `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

export interface Difference {
  path: string;
  expected: number;
  actual: number;
}

/** Every entry where two trees of the same structure differ beyond the tolerance. */
export function differences(expected: unknown, actual: unknown, tol: Tolerance, path = '', out: Difference[] = []): Difference[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!closeOrBothNaN(expected, actual, tol)) out.push({ path, expected, actual });
  } else if (expected instanceof Float64Array && actual instanceof Float64Array) {
    for (let k = 0; k < expected.length; k++) {
      if (!closeOrBothNaN(expected[k], actual[k], tol)) out.push({ path: `${path}[${k}]`, expected: expected[k], actual: actual[k] });
    }
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    expected.forEach((e, k) => differences(e, actual[k], tol, `${path}[${k}]`, out));
  } else if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    for (const key of Object.keys(expected)) {
      differences(
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        tol,
        path === '' ? key : `${path}.${key}`,
        out,
      );
    }
  }
  return out;
}

function closeOrBothNaN(a: number, b: number, tol: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return withinTolerance(a, b, tol);
}

/** Bit-for-bit equality (NaN equals NaN, 0 differs from −0 is ignored), for "unchanged" and "same twice". */
export function identical(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length || a.constructor !== b.constructor) return false;
    for (let k = 0; k < x.length; k++) if (!identical(x[k], y[k])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, k) => identical(v, b[k]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => identical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** The first path where two trees are not identical, for messages. */
export function firstChange(before: unknown, after: unknown, path = ''): string | undefined {
  if (identical(before, after)) return undefined;
  if (ArrayBuffer.isView(before) && ArrayBuffer.isView(after)) {
    const x = before as unknown as ArrayLike<number>;
    const y = after as unknown as ArrayLike<number>;
    for (let k = 0; k < Math.min(x.length, y.length); k++)
      if (!identical(x[k], y[k])) return `${path}[${k}] (${describeChange(x[k], y[k])})`;
    return path;
  }
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null) {
    for (const key of Object.keys(before)) {
      const p = Array.isArray(before) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      const change = firstChange((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], p);
      if (change) return change;
    }
  }
  return path || 'the value';
}

/** "0.003 → 0.000243618": digits enough for the two to read differently (-0 is written as such). */
function describeChange(before: number, after: number): string {
  const [a, b] = formatDistinct(before, after);
  const signed = (value: number, text: string) => (Object.is(value, -0) ? '-0' : text);
  return `${signed(before, a)} → ${signed(after, b)}`;
}

/** `value` as JSON can hold it (model.ts PlainNumber); `Number(plain)` reads it back. */
export function plainNumber(value: number): PlainNumber {
  return Number.isFinite(value) ? value : (String(value) as PlainNumber);
}

/** JSON-friendly copy for counterexamples: typed arrays become arrays, numbers are kept (NaN → "NaN"). */
export function toPlain(value: unknown, depth = 0): PlainValue {
  if (depth > 8) return '…';
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => toPlain(v, depth + 1));
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, PlainValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v, depth + 1);
    return out;
  }
  return String(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}
