/**
 * How values cross between the grader and the sandbox, fast and bounded. A value becomes a tree
 * of tagged plain arrays that JSON holds, and the numbers of every typed array go into one
 * shared Float64Array pool per message:
 *
 *   Float64Array → [0, offset, length]   other numeric typed array → [6, type, offset, length]
 *   array → [1, ...items]   plain object or class instance → [2, key, value, …]
 *   NaN, ±Infinity, -0 → [3, name]   undefined → [4]   number, string, boolean, null → themselves
 *
 * Every walk is bounded before it starts: the encoder counts parts (MAX_VALUE_NODES), depth,
 * JSON bytes and pool bytes as it goes, refuses an array whose length alone is past the budget
 * without touching its entries, and, for values from student code, refuses an array or object
 * that appears twice (a DAG of a few objects would otherwise be a tree of 2^60 parts; a cycle is
 * the same case). Typed arrays may appear several times (a cache holds the same vectors as the
 * result): each appearance is copied and counted. Getters are read once, as structured clone does.
 *
 * The grader's own (trusted) values may also fall back to v8.serialize for what the tree cannot
 * hold; the grader never decodes that fallback from the sandbox. Used in the sandbox process too,
 * so every intrinsic is captured when this module loads, before any student code.
 */
import util from 'node:util';
import { createObject, put, reflectApply, stringSlice } from './captured';
import { MAX_DEPTH, MAX_VALUE_NODES } from './limits';

/** An encoded value: a tree of plain JSON data. */
export type Encoded = unknown;

/** Why a value cannot be encoded; the grader words each for students (faults.ts). */
export type Refusal =
  | { refused: 'shared'; detail: string }
  | { refused: 'too-deep'; detail: string }
  | { refused: 'too-long'; detail: string }
  | { refused: 'too-many-parts'; detail: string }
  | { refused: 'too-large'; detail: string }
  | { refused: 'uncloneable'; detail: string };

const getPrototypeOf = Object.getPrototypeOf;
const objectKeys = Object.keys;
const isArray = Array.isArray;
const isInteger = Number.isInteger;
const ArrayConstructor = Array;
const SetConstructor = Set;
const MapConstructor = Map;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapClear = Map.prototype.clear;
const setHas = Set.prototype.has;
const setAdd = Set.prototype.add;
const setClear = Set.prototype.clear;
const StringOf = String;
const jsonStringify = JSON.stringify;
const hasOwn = Object.hasOwn;
// Each predicate captured on its own: util.types is an object a student can reach and patch.
const {
  isProxy,
  isPromise,
  isMap,
  isSet,
  isWeakMap,
  isWeakSet,
  isDate,
  isRegExp,
  isDataView,
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isNativeError,
  isTypedArray,
  isFloat64Array,
  isGeneratorObject,
  isMapIterator,
  isSetIterator,
  isModuleNamespaceObject,
  isExternal,
} = util.types;
const bufferToString = Buffer.prototype.toString;
const bufferFrom = Buffer.from;
const typedArrayPrototype = getPrototypeOf(Float64Array.prototype) as object;
const typedLength = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'length') as PropertyDescriptor).get as () => number;
const typedSet = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'set') as PropertyDescriptor).value as (
  source: ArrayLike<number>,
  offset: number,
) => void;
const typedSlice = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'slice') as PropertyDescriptor).value as (
  start?: number,
  end?: number,
) => Float64Array;
const typedSubarray = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'subarray') as PropertyDescriptor).value as (
  start?: number,
  end?: number,
) => Float64Array;
const toStringTag = (Object.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag) as PropertyDescriptor).get as () =>
  string | undefined;
const Float64ArrayConstructor = Float64Array;

/** Tags: the first entry of every container in the tree (numbers: short in JSON). */
const FLOATS = 0;
const ARRAY = 1;
const OBJECT = 2;
const SPECIAL = 3;
const UNDEFINED = 4;
/** v8.serialize bytes, base64, for a trusted value the tree cannot hold (only at the top of a tree). */
const FALLBACK = 5;
const TYPED = 6;
const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The numeric typed arrays other than Float64Array; their entries travel as float64, exactly. */
const TYPED_ARRAYS: Record<string, new (length: number) => ArrayLike<number>> = Object.assign(Object.create(null), {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
});

/** An upper bound of the JSON bytes of one tree node besides its strings (a number: 24 characters and a comma). */
const NODE_JSON_BYTES = 32;

/** Thrown inside the encoder to stop at the first refusal. */
class Refused {
  constructor(readonly refusal: Refusal) {}
}

export interface EncoderMark {
  floats: number;
  jsonBytes: number;
}

/**
 * Sees each typed array of a value as the encoder reads it (once: no second walk reads a getter
 * again), with the depth it sits at; `encoder.pathTo(depth)` names where (child/shared-memory.ts).
 */
export type TypedArrayVisitor = (view: ArrayBufferView, depth: number, encoder: Encoder) => void;

export interface EncoderOptions {
  /**
   * True for the grader's own values: an array or object that appears twice is copied each time,
   * except a Float64Array, whose numbers go into the pool once (finite-difference points share
   * all their arrays but one); the decoder still makes a fresh array for each place it appears.
   * False for values from student code: it is refused.
   */
  allowShared: boolean;
  /** The largest pool share of one value, in bytes (8 per typed-array entry). */
  maxValueFloatBytes: number;
}

/** What a value the tree cannot hold is, in words: "a Map", "a BigInt". */
function describeKind(value: unknown): string {
  const type = typeof value;
  if (type === 'bigint') return 'a BigInt';
  if (type === 'symbol') return 'a symbol';
  if (type === 'function') return 'a function';
  if (isProxy(value)) return 'a Proxy';
  if (isPromise(value)) return 'a Promise';
  if (isMap(value)) return 'a Map';
  if (isSet(value)) return 'a Set';
  if (isWeakMap(value) || isWeakSet(value)) return 'a WeakMap or WeakSet';
  if (isDate(value)) return 'a Date';
  if (isRegExp(value)) return 'a RegExp';
  if (isDataView(value)) return 'a DataView';
  if (isAnyArrayBuffer(value)) return 'an ArrayBuffer';
  if (isBoxedPrimitive(value)) return 'a boxed primitive';
  if (isNativeError(value)) return 'an Error';
  if (isTypedArray(value)) return `a ${StringOf(reflectApply(toStringTag, value, []))}`;
  if (isGeneratorObject(value) || isMapIterator(value) || isSetIterator(value)) return 'an iterator';
  if (isModuleNamespaceObject(value) || isExternal(value)) return 'a module or host object';
  return '';
}

export class Encoder {
  /** Typed-array entries so far, copied in as they are read; grows by doubling. */
  private floats = new Float64ArrayConstructor(0);
  /** The length of `floats`, kept here: a student may patch the typed-array length getter. */
  private capacity = 0;
  private floatCount = 0;
  /** An upper bound of the JSON bytes of everything encoded so far. */
  jsonBytes = 0;
  /** Per value: parts visited, and the containers seen (to refuse shared ones). */
  private nodes = 0;
  private valueFloatStart = 0;
  private readonly seen = new SetConstructor<object>();
  /** With allowShared: where each Float64Array's numbers already are in the pool. */
  private readonly pooled = new MapConstructor<object, number>();
  /** Sees the typed arrays of the value being encoded, if any. */
  private visitor: TypedArrayVisitor | undefined;
  /**
   * While a visitor looks: the key or index taken at each depth on the way to the current part.
   * An object without a prototype, so writing an entry calls no setter a student put on one.
   */
  private pathKeys: Record<number, string | number> | undefined;

  constructor(private readonly options: EncoderOptions) {}

  /** Pool bytes used so far. */
  get floatBytes(): number {
    return 8 * this.floatCount;
  }

  /**
   * The tree for `value`, or why it cannot be taken (then nothing of it stays in the pool).
   * `visitor` sees every typed array of the value as it is read.
   */
  encode(value: unknown, visitor?: TypedArrayVisitor): { tree: Encoded } | Refusal {
    const start = this.mark();
    this.nodes = 0;
    this.valueFloatStart = this.floatCount;
    reflectApply(setClear, this.seen, []);
    if (visitor !== undefined && this.pathKeys === undefined) this.pathKeys = createObject(null) as Record<number, string | number>;
    this.visitor = visitor;
    try {
      return { tree: this.encodeNode(value, 0) };
    } catch (error) {
      this.rollback(start);
      if (error instanceof Refused) return error.refusal;
      throw error;
    } finally {
      this.visitor = undefined;
      reflectApply(setClear, this.seen, []);
    }
  }

  /**
   * While a visitor looks: where the part at `depth` sits in the value (`grads.forget.dW.data`,
   * `dxs[2]`, `` for the value itself), at most `maxChars` characters (a longer path ends in `…`).
   */
  pathTo(depth: number, maxChars: number): string {
    const keys = this.pathKeys;
    if (keys === undefined) return '';
    let path = '';
    for (let k = 0; k < depth; k++) {
      const key = keys[k];
      path = typeof key === 'number' ? `${path}[${key}]` : k === 0 ? key : `${path}.${key}`;
      if (path.length > maxChars) return `${reflectApply(stringSlice, path, [0, maxChars - 1]) as string}…`;
    }
    return path;
  }

  mark(): EncoderMark {
    return { floats: this.floatCount, jsonBytes: this.jsonBytes };
  }

  /** Forgets everything encoded after `mark` (a value that was refused after all, e.g. too large). */
  rollback(mark: EncoderMark): void {
    this.floatCount = mark.floats;
    this.jsonBytes = mark.jsonBytes;
    // Some pooled offsets may now be past the end: forget them all (they are only a saving).
    reflectApply(mapClear, this.pooled, []);
  }

  /** All typed-array entries of the encoded values, in one array. */
  pool(): Float64Array {
    return reflectApply(typedSlice, this.floats, [0, this.floatCount]);
  }

  private append(values: ArrayLike<number>, length: number): number {
    const offset = this.floatCount;
    if (8 * (offset + length - this.valueFloatStart) > this.options.maxValueFloatBytes) {
      throw new Refused({ refused: 'too-large', detail: StringOf(8 * (offset + length - this.valueFloatStart)) });
    }
    if (offset + length > this.capacity) {
      // Typed arrays are costly to allocate (their memory lives outside the heap): start small, double.
      let capacity = this.capacity === 0 ? 64 : this.capacity * 2;
      while (capacity < offset + length) capacity *= 2;
      this.capacity = capacity;
      const grown = new Float64ArrayConstructor(capacity);
      reflectApply(typedSet, grown, [reflectApply(typedSubarray, this.floats, [0, offset]), 0]);
      this.floats = grown;
    }
    // Copied now, so later getters cannot change what was read.
    reflectApply(typedSet, this.floats, [values, offset]);
    this.floatCount += length;
    return offset;
  }

  private count(depth: number): void {
    this.nodes++;
    this.jsonBytes += NODE_JSON_BYTES;
    if (this.nodes > MAX_VALUE_NODES) throw new Refused({ refused: 'too-many-parts', detail: StringOf(MAX_VALUE_NODES) });
    if (depth > MAX_DEPTH) throw new Refused({ refused: 'too-deep', detail: StringOf(MAX_DEPTH) });
  }

  private encodeNode(value: unknown, depth: number): Encoded {
    this.count(depth);
    const type = typeof value;
    if (type === 'number') {
      // JSON cannot hold these, so they get a tag of their own.
      const number = value as number;
      if (number !== number || number === Infinity || number === -Infinity || (number === 0 && 1 / number < 0)) {
        return [SPECIAL, number !== number ? 'NaN' : number === Infinity ? 'Infinity' : number === -Infinity ? '-Infinity' : '-0'];
      }
      return number;
    }
    if (type === 'string') {
      // Escaped, a UTF-16 unit takes at most 6 bytes ("\u001b").
      this.jsonBytes += 6 * (value as string).length + 2;
      return value;
    }
    if (value === null || type === 'boolean') return value;
    if (value === undefined) return [UNDEFINED];
    if (type !== 'object' || isProxy(value)) {
      throw new Refused({ refused: 'uncloneable', detail: describeKind(value) });
    }
    if (isFloat64Array(value)) {
      if (this.visitor !== undefined) this.visitor(value as Float64Array, depth, this);
      const length = reflectApply(typedLength, value, []);
      if (!this.options.allowShared) return [FLOATS, this.append(value as Float64Array, length), length];
      // The grader's own values do not change while they are encoded: an array sent again points at its first copy.
      let offset = reflectApply(mapGet, this.pooled, [value]) as number | undefined;
      if (offset === undefined) {
        offset = this.append(value as Float64Array, length);
        reflectApply(mapSet, this.pooled, [value, offset]);
      }
      return [FLOATS, offset, length];
    }
    if (isTypedArray(value)) {
      const name = reflectApply(toStringTag, value, []) as string;
      if (TYPED_ARRAYS[name] === undefined) throw new Refused({ refused: 'uncloneable', detail: `a ${name}` });
      if (this.visitor !== undefined) this.visitor(value as ArrayBufferView, depth, this);
      const length = reflectApply(typedLength, value, []);
      return [TYPED, name, this.append(value as ArrayLike<number>, length), length];
    }
    const kind = describeKind(value);
    if (kind !== '') throw new Refused({ refused: 'uncloneable', detail: kind });
    if (!this.options.allowShared) {
      if (reflectApply(setHas, this.seen, [value])) {
        throw new Refused({ refused: 'shared', detail: isArray(value) ? 'an array' : 'an object' });
      }
      reflectApply(setAdd, this.seen, [value]);
    }
    if (isArray(value)) {
      const length = value.length;
      // Refused before reading any entry: a sparse `new Array(1e7)` costs nothing to make.
      if (length > MAX_VALUE_NODES - this.nodes) throw new Refused({ refused: 'too-long', detail: StringOf(length) });
      const out: unknown[] = new ArrayConstructor(length + 1);
      out[0] = ARRAY;
      const keys = this.visitor === undefined ? undefined : this.pathKeys;
      for (let k = 0; k < length; k++) {
        if (keys !== undefined) keys[depth] = k;
        out[k + 1] = this.encodeNode(value[k], depth + 1);
      }
      return out;
    }
    const keys = objectKeys(value as object);
    if (keys.length > MAX_VALUE_NODES - this.nodes) throw new Refused({ refused: 'too-many-parts', detail: StringOf(MAX_VALUE_NODES) });
    const out: unknown[] = new ArrayConstructor(2 * keys.length + 1);
    out[0] = OBJECT;
    const path = this.visitor === undefined ? undefined : this.pathKeys;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      this.jsonBytes += 6 * key.length + 3;
      out[2 * k + 1] = key;
      if (path !== undefined) path[depth] = key;
      out[2 * k + 2] = this.encodeNode((value as Record<string, unknown>)[key], depth + 1);
    }
    return out;
  }
}

/** The tree for a trusted value the encoder cannot hold: its v8.serialize bytes, carried as base64. */
export function fallbackTree(bytes: Buffer): Encoded {
  return [FALLBACK, reflectApply(bufferToString, bytes, ['base64'])];
}

/** Thrown by decode for a tree that does not follow the format (it came from untrusted code). */
export class GarbledValueError extends Error {
  constructor(what: string) {
    super(`the value could not be read back: ${what}`);
    this.name = 'GarbledValueError';
  }
}

export interface DecodeOptions {
  /** Turns v8.serialize bytes back into a value; only the sandbox, which decodes the grader's trusted values, gives one. */
  fallback?: (bytes: Uint8Array) => unknown;
  /** Applied to every string and object key (the grader cleans student text here). */
  mapString?: (text: string) => string;
}

/**
 * Rebuilds a value from its tree and the pool: fresh typed arrays, arrays and plain objects. The
 * walk is bounded like the encoder's (parts and depth), whatever the tree claims: a tree that
 * breaks the format or a limit throws GarbledValueError.
 */
export function decode(tree: Encoded, pool: Float64Array, options: DecodeOptions = {}): unknown {
  const budget = { nodes: 0 };
  if (isArray(tree) && tree[0] === FALLBACK) {
    if (options.fallback === undefined || typeof tree[1] !== 'string' || tree.length !== 2)
      throw new GarbledValueError('an unexpected fallback');
    return options.fallback(bufferFrom(tree[1], 'base64'));
  }
  return decodeNode(tree, pool, options, budget, 0);
}

function poolSlice(pool: Float64Array, offset: unknown, length: unknown): Float64Array {
  if (
    !isInteger(offset) ||
    !isInteger(length) ||
    (offset as number) < 0 ||
    (length as number) < 0 ||
    (offset as number) + (length as number) > reflectApply(typedLength, pool, [])
  ) {
    throw new GarbledValueError('a typed array outside the pool');
  }
  return reflectApply(typedSlice, pool, [offset, (offset as number) + (length as number)]);
}

function decodeNode(tree: Encoded, pool: Float64Array, options: DecodeOptions, budget: { nodes: number }, depth: number): unknown {
  if (++budget.nodes > MAX_VALUE_NODES) throw new GarbledValueError('more parts than allowed');
  if (depth > MAX_DEPTH) throw new GarbledValueError('nested deeper than allowed');
  if (typeof tree === 'string') return options.mapString ? options.mapString(tree) : tree;
  if (tree === null || typeof tree !== 'object') {
    if (typeof tree === 'number' || typeof tree === 'boolean' || tree === null) return tree;
    throw new GarbledValueError('unexpected leaf');
  }
  if (!isArray(tree)) throw new GarbledValueError('unexpected node');
  const tag = tree[0];
  if (tag === FLOATS) {
    if (tree.length !== 3) throw new GarbledValueError('a malformed Float64Array');
    return poolSlice(pool, tree[1], tree[2]);
  }
  if (tag === TYPED) {
    const Constructor = typeof tree[1] === 'string' ? TYPED_ARRAYS[tree[1]] : undefined;
    if (tree.length !== 4 || Constructor === undefined) throw new GarbledValueError('a malformed typed array');
    const entries = poolSlice(pool, tree[2], tree[3]);
    const out = new Constructor(tree[3] as number);
    reflectApply(typedSet, out, [entries, 0]);
    return out;
  }
  if (tag === ARRAY) {
    if (tree.length - 1 > MAX_VALUE_NODES - budget.nodes) throw new GarbledValueError('more parts than allowed');
    const out: unknown[] = new ArrayConstructor(tree.length - 1);
    for (let k = 1; k < tree.length; k++) out[k - 1] = decodeNode(tree[k], pool, options, budget, depth + 1);
    return out;
  }
  if (tag === OBJECT) {
    if (tree.length % 2 !== 1) throw new GarbledValueError('an object with a key and no value');
    const out: Record<string, unknown> = {};
    for (let k = 1; k < tree.length; k += 2) {
      const rawKey = tree[k];
      if (typeof rawKey !== 'string') throw new GarbledValueError('an object key that is not a string');
      const key = options.mapString ? options.mapString(rawKey) : rawKey;
      const entry = decodeNode(tree[k + 1], pool, options, budget, depth + 1);
      // defineProperty only for "__proto__", which an assignment would turn into a prototype change.
      if (key === '__proto__') put(out, key, entry);
      else out[key] = entry;
    }
    return out;
  }
  if (tag === SPECIAL && tree.length === 2 && typeof tree[1] === 'string' && hasOwn(SPECIAL_NUMBERS, tree[1]))
    return SPECIAL_NUMBERS[tree[1]];
  if (tag === UNDEFINED && tree.length === 1) return undefined;
  throw new GarbledValueError(`unknown tag ${typeof tag === 'number' ? tag : typeof tag}`);
}

/** The JSON length of a description, as an upper bound of its UTF-8 bytes (3 per UTF-16 unit). */
export function jsonBytesOf(value: unknown): number {
  return 3 * (jsonStringify(value) as string).length;
}
