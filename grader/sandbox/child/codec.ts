/**
 * How values cross between the grader and the sandbox, fast. Node's IPC serializer calls back
 * into JavaScript for every typed array, which made a call's many small Float64Arrays the main
 * cost of a round trip. Here a value becomes a tree of tagged plain arrays that V8 serializes
 * natively, and every Float64Array's numbers go into one shared pool:
 *
 *   Float64Array → ['f', offset, length]   array → ['a', ...items]   plain object → ['o', key, value, …]
 *   number, string, boolean, null, undefined, bigint → themselves
 *
 * Anything else (other typed arrays, class instances, Maps, cycles, Proxies, functions) makes the
 * encoder give up, and the caller falls back to v8.serialize (fallbackTree), which has
 * structured-clone semantics and refuses what cannot be cloned. Getters are read exactly once, as structured
 * clone does. Used in the sandbox process too, so every intrinsic is captured when this module
 * loads, before any student code.
 */
import util from 'node:util';
import { put, reflectApply } from './captured';

/** An encoded value: a tree of plain JSON data (see fallbackTree for values it cannot hold). */
export type Encoded = unknown;

/** The tree for a value the encoder gave up on: its v8.serialize bytes, carried as base64. */
export function fallbackTree(bytes: Buffer): Encoded {
  return [FALLBACK, reflectApply(bufferToString, bytes, ['base64'])];
}

const getPrototypeOf = Object.getPrototypeOf;
const objectKeys = Object.keys;
const isArray = Array.isArray;
const isInteger = Number.isInteger;
const ArrayConstructor = Array;
const ObjectPrototype = Object.prototype;
const Float64ArrayConstructor = Float64Array;
const { isFloat64Array, isArrayBufferView, isProxy } = util.types;
const bufferToString = Buffer.prototype.toString;
const bufferFrom = Buffer.from;
const typedArrayPrototype = getPrototypeOf(Float64Array.prototype) as object;
const typedLength = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'length') as PropertyDescriptor).get as () => number;
const typedSet = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'set') as PropertyDescriptor).value as (source: ArrayLike<number>, offset: number) => void;
const typedSlice = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'slice') as PropertyDescriptor).value as (start?: number, end?: number) => Float64Array;

/** Deeper than any exercise value; a cycle ends here too (and falls back to v8.serialize). */
const MAX_DEPTH = 64;
/** Plain arrays longer than this are left to v8.serialize (a sparse `new Array(2 ** 32 - 1)` is tiny there). */
const MAX_TREE_ARRAY = 1_000_000;

/** Tags: the first entry of every container in the tree (numbers: short in JSON). */
const FLOATS = 0;
const ARRAY = 1;
const OBJECT = 2;
const SPECIAL = 3;
const UNDEFINED = 4;
/** v8.serialize bytes, base64, for a value the tree cannot hold (only at the top of a tree). */
const FALLBACK = 5;
const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** Thrown inside the encoder when a value needs the v8.serialize fallback. */
const GIVE_UP = Symbol('give up');


export interface EncoderMark {
  floats: number;
  bytes: number;
}

export class Encoder {
  /** Float64Array entries so far, copied in as they are read; grows by doubling. */
  private floats = new Float64ArrayConstructor(0);
  /** The length of `floats`, kept here: a student may patch the typed-array length getter. */
  private capacity = 0;
  private floatCount = 0;
  /** Rough size of what was encoded so far, in bytes (8 per leaf and per float). */
  bytes = 0;

  /** The tree for `value`, or undefined when it needs the fallback (nothing of it stays in the pool then). */
  tryEncode(value: unknown): Encoded | undefined {
    const start = this.mark();
    try {
      return this.encode(value, 0);
    } catch (error) {
      this.rollback(start);
      if (error === GIVE_UP) return undefined;
      throw error;
    }
  }

  mark(): EncoderMark {
    return { floats: this.floatCount, bytes: this.bytes };
  }

  /** Forgets everything encoded after `mark` (a value that was refused after all, e.g. too large). */
  rollback(mark: EncoderMark): void {
    this.floatCount = mark.floats;
    this.bytes = mark.bytes;
  }

  /** All Float64Array entries of the encoded values, in one array. */
  pool(): Float64Array {
    return reflectApply(typedSlice, this.floats, [0, this.floatCount]);
  }

  private append(values: Float64Array, length: number): number {
    const offset = this.floatCount;
    if (offset + length > this.capacity) {
      // Typed arrays are costly to allocate (their memory lives outside the heap): start small, double.
      let capacity = this.capacity === 0 ? 64 : this.capacity * 2;
      while (capacity < offset + length) capacity *= 2;
      this.capacity = capacity;
      const grown = new Float64ArrayConstructor(capacity);
      reflectApply(typedSet, grown, [this.floats, 0]);
      this.floats = grown;
    }
    // Copied now, so later getters cannot change what was read.
    reflectApply(typedSet, this.floats, [values, offset]);
    this.floatCount += length;
    return offset;
  }

  private encode(value: unknown, depth: number): Encoded {
    this.bytes += 8;
    const type = typeof value;
    if (type === 'number') {
      // JSON cannot hold these, so they get a tag of their own.
      const number = value as number;
      if (number !== number || number === Infinity || number === -Infinity || (number === 0 && 1 / number < 0)) {
        return [SPECIAL, number !== number ? 'NaN' : number === Infinity ? 'Infinity' : number === -Infinity ? '-Infinity' : '-0'];
      }
      return number;
    }
    if (value === null || type === 'string' || type === 'boolean') return value;
    if (value === undefined) return [UNDEFINED];
    if (type !== 'object' || depth > MAX_DEPTH || isProxy(value)) throw GIVE_UP;
    if (isFloat64Array(value)) {
      const length = reflectApply(typedLength, value, []);
      this.bytes += 8 * length;
      return [FLOATS, this.append(value, length), length];
    }
    if (isArrayBufferView(value)) throw GIVE_UP;
    if (isArray(value)) {
      const length = value.length;
      if (length > MAX_TREE_ARRAY) throw GIVE_UP;
      const out: unknown[] = new ArrayConstructor(length + 1);
      out[0] = ARRAY;
      for (let k = 0; k < length; k++) out[k + 1] = this.encode(value[k], depth + 1);
      return out;
    }
    const prototype = getPrototypeOf(value);
    if (prototype !== ObjectPrototype && prototype !== null) throw GIVE_UP;
    const keys = objectKeys(value as object);
    const out: unknown[] = new ArrayConstructor(2 * keys.length + 1);
    out[0] = OBJECT;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      out[2 * k + 1] = key;
      out[2 * k + 2] = this.encode((value as Record<string, unknown>)[key], depth + 1);
    }
    return out;
  }
}

/** Thrown by decode for a tree that does not follow the format (it came from untrusted code). */
export class GarbledValueError extends Error {
  constructor(what: string) {
    super(`the value could not be read back: ${what}`);
    this.name = 'GarbledValueError';
  }
}

/**
 * Rebuilds a value from its tree and the pool: fresh Float64Arrays, arrays and plain objects.
 * `fallback` turns v8.serialize bytes back into a value (v8.deserialize).
 */
export function decode(tree: Encoded, pool: Float64Array, fallback: (bytes: Uint8Array) => unknown, depth = 0): unknown {
  if (tree === null || typeof tree !== 'object') return tree;
  if (!isArray(tree) || depth > MAX_DEPTH + 1) throw new GarbledValueError('unexpected node');
  const tag = tree[0];
  if (tag === FALLBACK && depth === 0 && typeof tree[1] === 'string') return fallback(bufferFrom(tree[1], 'base64'));
  if (tag === FLOATS) {
    const offset = tree[1];
    const length = tree[2];
    if (!isInteger(offset) || !isInteger(length) || offset < 0 || length < 0 || offset + length > reflectApply(typedLength, pool, [])) {
      throw new GarbledValueError('a Float64Array outside the pool');
    }
    return reflectApply(typedSlice, pool, [offset, offset + length]);
  }
  if (tag === ARRAY) {
    const out: unknown[] = new ArrayConstructor(tree.length - 1);
    for (let k = 1; k < tree.length; k++) out[k - 1] = decode(tree[k], pool, fallback, depth + 1);
    return out;
  }
  if (tag === OBJECT) {
    if (tree.length % 2 !== 1) throw new GarbledValueError('an object with a key and no value');
    const out: Record<string, unknown> = {};
    for (let k = 1; k < tree.length; k += 2) {
      const key = tree[k];
      if (typeof key !== 'string') throw new GarbledValueError('an object key that is not a string');
      // defineProperty only for "__proto__", which an assignment would turn into a prototype change.
      if (key === '__proto__') put(out, key, decode(tree[k + 1], pool, fallback, depth + 1));
      else out[key] = decode(tree[k + 1], pool, fallback, depth + 1);
    }
    return out;
  }
  if (tag === SPECIAL && typeof tree[1] === 'string' && tree[1] in SPECIAL_NUMBERS) return SPECIAL_NUMBERS[tree[1]];
  if (tag === UNDEFINED) return undefined;
  throw new GarbledValueError(`unknown tag ${typeof tag === 'number' ? tag : typeof tag}`);
}
