/**
 * The value codec between grader and sandbox: what goes in comes out as structured clone would
 * copy it, and a tree from untrusted code that breaks the format is refused, never trusted.
 */
import fc from 'fast-check';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decode, Encoder, fallbackTree, GarbledValueError } from '../../grader/sandbox/child/codec';
import { decodeFrame, encodeFrame, FrameError, FrameReader } from '../../grader/sandbox/child/framing';

/** Encodes, carries through a frame (JSON and pool, as on the pipes) and decodes. */
function roundTrip(value: unknown): unknown {
  const encoder = new Encoder();
  const tree = encoder.tryEncode(value) ?? fallbackTree(v8.serialize(value));
  const frame = encodeFrame({ tree }, encoder.pool());
  const [payload] = new FrameReader(1e9).push(frame);
  const { message, floats } = decodeFrame(payload);
  return decode((message as { tree: unknown }).tree, floats, v8.deserialize);
}

const grid = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const number = fc.oneof(grid, fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e308));
const vector = fc.array(number, { maxLength: 6 }).map((values) => Float64Array.from(values));
const leaf = fc.oneof(number, vector, fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4 })),
})).node;

describe('sandbox value codec', () => {
  it('gives back what structured clone gives, for nested vectors, records and special numbers', () => {
    const details = fc.check(fc.property(value, (original) => {
      expect(roundTrip(original)).toStrictEqual(structuredClone(original));
    }), { numRuns: 300, seed: 1 });
    expect(details.failed, details.counterexample ? String(details.counterexample) : '').toBe(false);
  });

  it('keeps -0, NaN and Float64Array types exactly', () => {
    const back = roundTrip({ v: Float64Array.from([-0, NaN]), n: -0, m: NaN }) as { v: Float64Array; n: number; m: number };
    expect(back.v).toBeInstanceOf(Float64Array);
    expect(Object.is(back.v[0], -0)).toBe(true);
    expect(Object.is(back.n, -0)).toBe(true);
    expect(Number.isNaN(back.m)).toBe(true);
  });

  it('falls back to v8 serialization for other typed arrays, class instances, Maps and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    class Point {
      constructor(public x: number) {}
    }
    for (const unusual of [Int32Array.from([1, 2]), new Point(3), new Map([[1, 2]]), cyclic, new Date(0)]) {
      expect(new Encoder().tryEncode(unusual)).toBeUndefined();
      expect(roundTrip(unusual)).toEqual(structuredClone(unusual));
    }
  });

  it('reads a getter once and copies vectors when read', () => {
    let reads = 0;
    const vectorRead = Float64Array.from([1, 2]);
    const value = {
      get counted() {
        reads++;
        return vectorRead;
      },
      get later() {
        vectorRead[0] = 99; // changing the vector after it was read must not change the copy
        return 0;
      },
    };
    const back = roundTrip(value) as { counted: Float64Array };
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

  it('refuses trees that break the format (they come from untrusted code)', () => {
    const pool = new Float64Array(2);
    for (const bad of [[0, 1, 5], [0, -1, 1], [0, 0.5, 1], [9], [2, 'a'], [2, 3, 4], ['x'], [{}], [1, [0, 0, 3]]]) {
      expect(() => decode(bad, pool, v8.deserialize), JSON.stringify(bad)).toThrow(GarbledValueError);
    }
    let deep: unknown = 1;
    for (let k = 0; k < 200; k++) deep = [1, deep];
    expect(() => decode(deep, pool, v8.deserialize)).toThrow(GarbledValueError);
  });

  it('reads frames split across chunks and refuses frames that break the format', () => {
    const frame = encodeFrame({ hello: 'world' }, Float64Array.from([1.5, -0]));
    const reader = new FrameReader(1e6);
    const payloads = [...frame].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(payloads).toHaveLength(1);
    const { message, floats } = decodeFrame(payloads[0]);
    expect(message).toEqual({ hello: 'world' });
    expect(Array.from(floats)).toEqual([1.5, -0]);
    expect(() => new FrameReader(1e6).push(Buffer.from('garbage garbage'))).toThrow(FrameError);
    expect(() => new FrameReader(10).push(frame)).toThrow(/more than 10/);
    const broken = frame.slice();
    broken[broken.length - 1] = 0xff; // no longer valid UTF-8 JSON
    expect(() => decodeFrame(new FrameReader(1e6).push(broken)[0])).toThrow(FrameError);
  });

  it('accounts for size, so the sandbox can refuse a value before sending it', () => {
    const encoder = new Encoder();
    encoder.tryEncode(new Float64Array(1000));
    expect(encoder.bytes).toBeGreaterThanOrEqual(8000);
    const mark = encoder.mark();
    encoder.tryEncode(new Float64Array(5000));
    encoder.rollback(mark);
    expect(encoder.pool().length).toBe(1000);
  });
});
