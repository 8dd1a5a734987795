/**
 * The value codec between grader and sandbox: what goes in comes out as structured clone would
 * copy it; every walk is bounded (parts, depth, bytes) and refuses shared containers and huge
 * arrays before walking them; a tree from untrusted code that breaks the format or a limit is
 * refused, never trusted.
 */
import fc from 'fast-check';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decode, Encoder, fallbackTree, GarbledValueError, type Refusal } from '../../../../grader/sandbox/child/codec';
import { decodeFrame, encodeFrame, FrameError, FrameReader } from '../../../../grader/sandbox/child/framing';
import { MAX_DEPTH, MAX_FRAME_JSON_BYTES, MAX_VALUE_NODES } from '../../../../grader/sandbox/child/limits';

const studentEncoder = () => new Encoder({ allowShared: false, maxValueFloatBytes: 50_000_000 });

/** Encodes as the sandbox does (student values), carries through a frame (JSON and pool, as on the pipes) and decodes. */
function roundTrip(value: unknown): unknown {
  const encoder = studentEncoder();
  const encoded = encoder.encode(value);
  if (!('tree' in encoded)) throw new Error(`refused: ${encoded.refused} ${encoded.detail}`);
  const frame = encodeFrame({ tree: encoded.tree }, encoder.pool());
  const [payload] = new FrameReader(1e9).push(frame);
  const { message, floats } = decodeFrame(payload);
  return decode((message as { tree: unknown }).tree, floats);
}

function refusal(value: unknown): Refusal | undefined {
  const encoded = studentEncoder().encode(value);
  return 'tree' in encoded ? undefined : encoded;
}

const grid = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const number = fc.oneof(grid, fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e308));
const vector = fc.array(number, { maxLength: 6 }).map((values) => Float64Array.from(values));
const leaf = fc.oneof(number, vector, fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('sandbox value codec', () => {
  it('gives back what structured clone gives, for nested vectors, records and special numbers', () => {
    const details = fc.check(
      fc.property(value, (original) => {
        expect(roundTrip(original)).toStrictEqual(structuredClone(original));
      }),
      { numRuns: 300, seed: 1 },
    );
    expect(details.failed, details.counterexample ? String(details.counterexample) : '').toBe(false);
  });

  it('keeps -0, NaN and the type of every numeric typed array exactly', () => {
    const back = roundTrip({ v: Float64Array.from([-0, NaN]), n: -0, m: NaN }) as { v: Float64Array; n: number; m: number };
    expect(back.v).toBeInstanceOf(Float64Array);
    expect(Object.is(back.v[0], -0)).toBe(true);
    expect(Object.is(back.n, -0)).toBe(true);
    expect(Number.isNaN(back.m)).toBe(true);
    for (const typed of [
      Int8Array.from([-3]),
      Uint8Array.from([250]),
      Uint8ClampedArray.from([7]),
      Int16Array.from([-300]),
      Uint16Array.from([60000]),
      Int32Array.from([-(2 ** 31)]),
      Uint32Array.from([2 ** 32 - 1]),
      Float32Array.from([0.1]),
    ]) {
      const copy = roundTrip(typed);
      expect(copy).toBeInstanceOf(typed.constructor);
      expect(copy).toEqual(typed);
    }
  });

  it('copies class instances as plain objects, as structured clone does', () => {
    class Point {
      constructor(public x: number) {}
    }
    expect(roundTrip(new Point(3))).toStrictEqual({ x: 3 });
  });

  it('refuses what the grader cannot take, saying what it is', () => {
    expect(refusal(new Map([[1, 2]]))).toEqual({ refused: 'uncloneable', detail: 'a Map' });
    expect(refusal([1n])).toEqual({ refused: 'uncloneable', detail: 'a BigInt' });
    expect(refusal({ f: () => 1 })).toEqual({ refused: 'uncloneable', detail: 'a function' });
    expect(refusal(new BigInt64Array(1))).toEqual({ refused: 'uncloneable', detail: 'a BigInt64Array' });
    expect(refusal([new Proxy({}, {})])).toEqual({ refused: 'uncloneable', detail: 'a Proxy' });
  });

  it('refuses a shared array or object at its second appearance, before walking a tiny DAG as a tree', () => {
    let reads = 0;
    const leafObject = {
      get x() {
        reads++;
        return 1;
      },
    };
    let dag: unknown = [leafObject];
    // 2^60 paths if walked as a tree.
    for (let level = 0; level < 60; level++) dag = [dag, dag];
    expect(refusal(dag)).toEqual({ refused: 'shared', detail: 'an array' });
    expect(reads).toBe(1);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(refusal(cyclic)).toEqual({ refused: 'shared', detail: 'an object' });
  });

  it('copies a typed array that appears several times each time (a cache holds the result vectors), within the byte budget', () => {
    const h = Float64Array.from([1, 2]);
    expect(roundTrip({ h, cache: { h } })).toEqual({ h, cache: { h } });
    const big = new Float64Array(1_000_000);
    const encoder = new Encoder({ allowShared: false, maxValueFloatBytes: 20_000_000 });
    expect(encoder.encode([big, big, big])).toEqual({ refused: 'too-large', detail: String(24_000_000) });
    expect(encoder.pool().length).toBe(0);
  });

  it('refuses a huge sparse array by its length alone, without reading an entry', () => {
    let reads = 0;
    const sparse = new Array(10_000_000);
    Object.defineProperty(sparse, 0, { get: () => ++reads, enumerable: true });
    expect(refusal([sparse, sparse, sparse])).toEqual({ refused: 'too-long', detail: '10000000' });
    expect(reads).toBe(0);
  });

  it('counts parts and depth: past MAX_VALUE_NODES or MAX_DEPTH a value is refused', () => {
    const many = Array.from({ length: 1000 }, () => new Array(1000).fill(0));
    expect(refusal(many)).toEqual({ refused: 'too-many-parts', detail: String(MAX_VALUE_NODES) });
    let deep: unknown = 1;
    for (let k = 0; k < MAX_DEPTH + 5; k++) deep = [deep];
    expect(refusal(deep)).toEqual({ refused: 'too-deep', detail: String(MAX_DEPTH) });
  });

  it("copies shared parts of the grader's own values each time, and falls back to v8 serialization for what the tree cannot hold", () => {
    const encoder = new Encoder({ allowShared: true, maxValueFloatBytes: 1e9 });
    const params = { W: Float64Array.from([1]) };
    const encoded = encoder.encode([[params], [params]]);
    expect('tree' in encoded && decode(encoded.tree, encoder.pool())).toEqual([[params], [params]]);
    const map = new Map([[1, 2]]);
    expect(decode(fallbackTree(v8.serialize(map)), new Float64Array(0), { fallback: v8.deserialize })).toEqual(map);
  });

  it("pools a Float64Array of the grader's own values once, and decodes a fresh array for each place it appears", () => {
    const encoder = new Encoder({ allowShared: true, maxValueFloatBytes: 1e9 });
    const W = Float64Array.from([1, 2, 3]);
    const points = [
      [W, Float64Array.from([4])],
      [W, Float64Array.from([5])],
    ];
    const encoded = encoder.encode(points);
    expect(encoder.pool()).toEqual(Float64Array.from([1, 2, 3, 4, 5]));
    const back = decode((encoded as { tree: unknown }).tree, encoder.pool()) as Float64Array[][];
    expect(back).toEqual(points);
    expect(back[0][0]).not.toBe(back[1][0]);
    back[0][0][0] = 99;
    expect(back[1][0][0]).toBe(1);
    // Values from student code are copied each time: their arrays are counted, never pooled once.
    const student = new Encoder({ allowShared: false, maxValueFloatBytes: 1e9 });
    student.encode({ h: W, cache: { h: W } });
    expect(student.pool()).toEqual(Float64Array.from([1, 2, 3, 1, 2, 3]));
  });

  it('reads a getter once and copies vectors when read', () => {
    let reads = 0;
    const vectorRead = Float64Array.from([1, 2]);
    const getters = {
      get counted() {
        reads++;
        return vectorRead;
      },
      get later() {
        vectorRead[0] = 99; // changing the vector after it was read must not change the copy
        return 0;
      },
    };
    const back = roundTrip(getters) as { counted: Float64Array };
    expect(reads).toBe(1);
    expect(Array.from(back.counted)).toEqual([1, 2]);
  });

  it('keeps a "__proto__" key a plain key', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const back = roundTrip(original) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses trees that break the format or a limit (they come from untrusted code)', () => {
    const pool = new Float64Array(2);
    const bad = [
      [0, 1, 5],
      [0, -1, 1],
      [0, 0.5, 1],
      [0, 0],
      [9],
      [2, 'a'],
      [2, 3, 4],
      ['x'],
      [{}],
      [1, [0, 0, 3]],
      [6, 'Map', 0, 1],
      [6, '__proto__', 0, 1],
      [3, 'toString'],
      [4, 1],
      { a: 1 },
    ];
    for (const tree of bad) expect(() => decode(tree, pool), JSON.stringify(tree)).toThrow(GarbledValueError);
    // The grader never decodes v8.serialize bytes from the sandbox.
    expect(() => decode(fallbackTree(v8.serialize([1])), pool)).toThrow(GarbledValueError);
    let deep: unknown = 1;
    for (let k = 0; k < 200; k++) deep = [1, deep];
    expect(() => decode(deep, pool)).toThrow(/nested deeper than allowed/);
    expect(() => decode([1, ...new Array(MAX_VALUE_NODES + 1).fill(0)], pool)).toThrow(/more parts than allowed/);
  });

  it('cleans strings and keys with the given mapping', () => {
    const tree = [2, 'k\u0007', 'v\u001b[2J'];
    // eslint-disable-next-line no-control-regex -- the control characters are the point
    expect(decode(tree, new Float64Array(0), { mapString: (text) => text.replace(/[\u0000-\u001f]/g, '?') })).toEqual({ 'k?': 'v?[2J' });
  });

  it('reads frames split across chunks and refuses frames that break the format or a size limit', () => {
    const frame = encodeFrame({ hello: 'world' }, Float64Array.from([1.5, -0]));
    const reader = new FrameReader(1e6);
    const payloads = [...frame].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(payloads).toHaveLength(1);
    const { message, floats } = decodeFrame(payloads[0]);
    expect(message).toEqual({ hello: 'world' });
    expect(Array.from(floats)).toEqual([1.5, -0]);
    expect(() => new FrameReader(1e6).push(Buffer.from('garbage garbage'))).toThrow(FrameError);
    // Refused from the header alone: not one byte of the announced payload is waited for.
    const header = Buffer.from([0x4c, 0x53, 0x54, 0x4d, 0x20, 0, 0, 0]);
    expect(() => new FrameReader(64 * 1024 * 1024).push(header)).toThrow(/a frame of 536870912 bytes, more than/);
    const broken = frame.slice();
    broken[broken.length - 1] = 0xff; // no longer valid UTF-8 JSON
    expect(() => decodeFrame(new FrameReader(1e6).push(broken)[0])).toThrow(FrameError);
    const hugeJson = encodeFrame({ text: 'x'.repeat(MAX_FRAME_JSON_BYTES) }, new Float64Array(0));
    expect(() => decodeFrame(new FrameReader(1e9).push(hugeJson)[0])).toThrow(/bytes of JSON, more than/);
  });

  it('accounts for JSON and pool bytes, so the sandbox can refuse a value or split a reply before sending', () => {
    const encoder = studentEncoder();
    encoder.encode(new Float64Array(1000));
    expect(encoder.floatBytes).toBe(8000);
    const mark = encoder.mark();
    encoder.encode(['a'.repeat(100), 1, 2]);
    expect(encoder.jsonBytes - mark.jsonBytes).toBeGreaterThanOrEqual(JSON.stringify(['a'.repeat(100), 1, 2]).length);
    encoder.encode(new Float64Array(5000));
    encoder.rollback(mark);
    expect(encoder.pool().length).toBe(1000);
  });
});
