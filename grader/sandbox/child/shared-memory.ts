/**
 * Finds the arrays of a returned value that share memory with something the caller holds
 * (CallOutcome.shared, grader/sandbox/types.ts): an argument of the call (`db` returned as `dz`
 * itself, or as `dz.subarray(0)`), or an array an earlier call of the same function returned (a
 * module-level buffer handed out on every call, so that an earlier answer changes under its
 * holder). Two arrays share memory when they are views of the same ArrayBuffer whose bytes
 * overlap (or the very same array).
 *
 * It sees the result's typed arrays while the encoder copies them (codec.ts), so every part of
 * the value is still read once and the walk has the encoder's bounds. The arguments' arrays are
 * taken before the call, from the fresh values the grader sent, so student code cannot change
 * what counts as an argument. Earlier answers are remembered by buffer in a WeakMap: nothing is
 * kept alive for it. Runs in the sandbox process (and in the grader, for the direct runner):
 * every intrinsic is captured when this module loads, before any student code, and its lists
 * are objects without a prototype (no setter a student adds is ever called; defineProperty on
 * arrays would cost microseconds per entry).
 */
import util from 'node:util';
import type { SharedMemory } from '../types';
import { createObject, isArray, put, reflectApply, stringSlice, typedArrayByteLength, typedArrayPrototype } from './captured';
import type { Encoder, TypedArrayVisitor } from './codec';
import { MAX_DEPTH, MAX_SHARED_ENTRIES, MAX_SHARED_PATH_CHARS, MAX_VALUE_NODES } from './limits';

const { isTypedArray } = util.types;
const objectKeys = Object.keys;
const typedBuffer = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'buffer') as PropertyDescriptor).get as () => ArrayBufferLike;
const typedByteOffset = (Object.getOwnPropertyDescriptor(typedArrayPrototype, 'byteOffset') as PropertyDescriptor).get as () => number;
const MapConstructor = Map;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const WeakMapConstructor = WeakMap;
const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;

/** A list as an object without a prototype: `items[0 … count − 1]`. */
interface List<T> {
  count: number;
  items: Record<number, T>;
}

function newList<T>(): List<T> {
  return { count: 0, items: createObject(null) as Record<number, T> };
}

function append<T>(list: List<T>, item: T): void {
  list.items[list.count++] = item;
}

/** Stretches of memory one buffer holds, remembered per earlier call: at most this many per buffer. */
const MAX_SPANS_PER_BUFFER = 8;

/** The bytes [start, end) of `buffer` that a typed array covers. */
interface Span {
  buffer: ArrayBufferLike;
  start: number;
  end: number;
}

function spanOf(view: ArrayBufferView): Span {
  const start = reflectApply(typedByteOffset, view, []) as number;
  return { buffer: reflectApply(typedBuffer, view, []), start, end: start + (reflectApply(typedArrayByteLength, view, []) as number) };
}

/** Whether two stretches of one buffer share a byte (two empty views at one place count as one array). */
function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return (aStart < bEnd && bStart < aEnd) || (aStart === bStart && aEnd === bEnd);
}

/** The stretches of one buffer earlier answers covered, each with the latest call that returned it. */
interface Returned {
  count: number;
  start: Record<number, number>;
  end: Record<number, number>;
  call: Record<number, number>;
}

/** What the earlier calls of one function returned. */
export interface FunctionMemory {
  /** Calls of the function answered so far. */
  calls: number;
  returned: WeakMap<ArrayBufferLike, Returned>;
}

/** The earlier answers of every function called in one process (the direct runner: one runner). */
export class SharedMemoryWatch {
  private readonly functions = new MapConstructor<string, FunctionMemory>();

  /** The memory of the function `key` (its file and name). */
  memoryOf(key: string): FunctionMemory {
    let memory = reflectApply(mapGet, this.functions, [key]) as FunctionMemory | undefined;
    if (memory === undefined) {
      memory = { calls: 0, returned: new WeakMapConstructor<ArrayBufferLike, Returned>() };
      reflectApply(mapSet, this.functions, [key, memory]);
    }
    return memory;
  }
}

/** The typed arrays of a call's arguments with their paths (`[3]`, `[0].W.data`), taken before the call. */
export interface ArgumentArrays {
  views: List<ArrayBufferView>;
  paths: List<string>;
  /** Their spans, read only when a result array has to be compared by memory. */
  spans: Record<number, Span> | undefined;
}

/** Walks the arguments as the grader sent them (plain arrays, objects and typed arrays), bounded like a value. */
export function argumentArrays(args: unknown[]): ArgumentArrays {
  const found: ArgumentArrays = { views: newList(), paths: newList(), spans: undefined };
  const budget = { nodes: 0 };
  for (let k = 0; k < args.length; k++) collectArrays(args[k], `[${k}]`, 1, budget, found);
  return found;
}

function collectArrays(value: unknown, path: string, depth: number, budget: { nodes: number }, found: ArgumentArrays): void {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || ++budget.nodes > MAX_VALUE_NODES) return;
  if (isTypedArray(value)) {
    append(found.views, value);
    append(
      found.paths,
      path.length > MAX_SHARED_PATH_CHARS ? `${reflectApply(stringSlice, path, [0, MAX_SHARED_PATH_CHARS - 1]) as string}…` : path,
    );
    return;
  }
  if (isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const entry: unknown = value[k];
      if (typeof entry === 'object' && entry !== null) collectArrays(entry, `${path}[${k}]`, depth + 1, budget, found);
    }
    return;
  }
  const keys = objectKeys(value);
  for (let k = 0; k < keys.length; k++) {
    const entry = (value as Record<string, unknown>)[keys[k]];
    if (typeof entry === 'object' && entry !== null) collectArrays(entry, `${path}.${keys[k]}`, depth + 1, budget, found);
  }
}

/** The argument array that `view` is, or shares memory with: its index (-1 when none), and whether it is the same object. */
function argumentOf(args: ArgumentArrays, view: ArrayBufferView, span: Span): { index: number; same: boolean } {
  const { count, items } = args.views;
  for (let k = 0; k < count; k++) if (items[k] === view) return { index: k, same: true };
  if (args.spans === undefined) {
    const spans = createObject(null) as Record<number, Span>;
    for (let k = 0; k < count; k++) spans[k] = spanOf(items[k]);
    args.spans = spans;
  }
  for (let k = 0; k < count; k++) {
    const other = args.spans[k];
    if (other.buffer === span.buffer && overlaps(span.start, span.end, other.start, other.end)) return { index: k, same: false };
  }
  return { index: -1, same: false };
}

/**
 * One call's report: build it before the call, hand `visit` to the encoder that copies the
 * result, read `found()`, and `commit()` once the answer is handed back (so that later calls
 * compare with it).
 */
export class CallSharing {
  private readonly entries = newList<SharedMemory>();
  /** The result's arrays, remembered at commit. */
  private readonly spans = newList<Span>();

  /**
   * @param withArguments whether sharing with an argument counts (the function must return new
   *   arrays: a backward); sharing with an earlier answer always counts.
   */
  constructor(
    private readonly memory: FunctionMemory,
    private readonly args: ArgumentArrays,
    private readonly withArguments: boolean,
  ) {}

  readonly visit: TypedArrayVisitor = (view: ArrayBufferView, depth: number, encoder: Encoder): void => {
    const span = spanOf(view);
    append(this.spans, span);
    if (this.entries.count >= MAX_SHARED_ENTRIES) return;
    const argument = this.withArguments ? argumentOf(this.args, view, span) : undefined;
    if (argument !== undefined && argument.index >= 0) {
      const with_ = { argument: this.args.paths.items[argument.index] };
      append(this.entries, { resultPath: encoder.pathTo(depth, MAX_SHARED_PATH_CHARS), same: argument.same, with: with_ });
      return;
    }
    const earlier = reflectApply(weakMapGet, this.memory.returned, [span.buffer]) as Returned | undefined;
    if (earlier === undefined) return;
    let latest = 0;
    let same = false;
    for (let k = 0; k < earlier.count; k++) {
      if (earlier.call[k] > latest && overlaps(span.start, span.end, earlier.start[k], earlier.end[k])) {
        latest = earlier.call[k];
        same = span.start === earlier.start[k] && span.end === earlier.end[k];
      }
    }
    if (latest === 0) return;
    // A cache that keeps its input holds an argument, not an array kept between calls.
    if ((argument ?? argumentOf(this.args, view, span)).index >= 0) return;
    const with_ = { earlierCall: this.memory.calls + 1 - latest };
    append(this.entries, { resultPath: encoder.pathTo(depth, MAX_SHARED_PATH_CHARS), same, with: with_ });
  };

  /** What the result shares, at most MAX_SHARED_ENTRIES, as a fresh array; undefined when nothing. */
  found(): SharedMemory[] | undefined {
    const { count, items } = this.entries;
    if (count === 0) return undefined;
    // Defined, not assigned: no setter is called (rare: only when something is shared).
    const list: SharedMemory[] = [];
    for (let k = 0; k < count; k++) put(list, k, items[k]);
    return list;
  }

  /** Counts the call and remembers the memory its answer covers. */
  commit(): void {
    const call = ++this.memory.calls;
    const { count, items } = this.spans;
    for (let k = 0; k < count; k++) {
      const { buffer, start, end } = items[k];
      let known = reflectApply(weakMapGet, this.memory.returned, [buffer]) as Returned | undefined;
      if (known === undefined) {
        known = { count: 0, start: createObject(null), end: createObject(null), call: createObject(null) } as Returned;
        reflectApply(weakMapSet, this.memory.returned, [buffer, known]);
      }
      // The same stretch again: its latest call. Otherwise a new entry, or the oldest one replaced.
      let slot = -1;
      let oldest = 0;
      for (let j = 0; j < known.count; j++) {
        if (known.start[j] === start && known.end[j] === end) {
          slot = j;
          break;
        }
        if (known.call[j] < known.call[oldest]) oldest = j;
      }
      if (slot < 0) slot = known.count < MAX_SPANS_PER_BUFFER ? known.count++ : oldest;
      known.start[slot] = start;
      known.end[slot] = end;
      known.call[slot] = call;
    }
  }
}
