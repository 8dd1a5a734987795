/**
 * The shared-memory report, in-process: paths as the encoder walks the result, memory compared by
 * buffer and byte range, earlier answers counted back, arguments taken before the call, and the
 * report's bounds (entries, path length).
 */
import { describe, expect, it } from 'vitest';
import { Encoder } from '../../../../grader/sandbox/child/codec';
import { MAX_SHARED_ENTRIES, MAX_SHARED_PATH_CHARS } from '../../../../grader/sandbox/child/limits';
import { argumentArrays, CallSharing, SharedMemoryWatch, type FunctionMemory } from '../../../../grader/sandbox/child/shared-memory';
import { cleanShared } from '../../../../grader/sandbox/outcomes';

/** Calls `fn(...args)` as a Runner does and returns its report, committed. */
function report(memory: FunctionMemory, fn: (...args: never[]) => unknown, args: unknown[], withArguments = true) {
  const sharing = new CallSharing(memory, argumentArrays(args), withArguments);
  const result = fn(...(args as never[]));
  const encoded = new Encoder({ allowShared: false, maxValueFloatBytes: 1e9 }).encode(result, sharing.visit);
  expect('tree' in encoded).toBe(true);
  sharing.commit();
  return sharing.found();
}

const v = (...values: number[]) => Float64Array.from(values);

describe('argumentArrays', () => {
  it('finds the typed arrays of the arguments with their paths, through arrays and objects', () => {
    const gate = { W: { rows: 1, cols: 2, data: v(1, 2) }, b: v(3) };
    const found = argumentArrays([gate, [v(4), { x: v(5) }], 7, null]);
    expect(found.paths.count).toBe(4);
    expect(Array.from({ length: found.paths.count }, (_, k) => found.paths.items[k])).toEqual([
      '[0].W.data',
      '[0].b',
      '[1][0]',
      '[1][1].x',
    ]);
    expect(found.views.items[0]).toBe(gate.W.data);
  });
});

describe('CallSharing', () => {
  it('names a result array that is an argument, or overlaps one, by both paths', () => {
    const memory = new SharedMemoryWatch().memoryOf('f');
    const dz = v(1, 2, 3, 4);
    const W = { rows: 2, cols: 2, data: v(5, 6, 7, 8) };
    const found = report(memory, (w: typeof W, z: Float64Array) => ({ grads: [{ dW: { data: w.data } }], db: z, tail: z.subarray(2) }), [
      W,
      dz,
    ]);
    expect(found).toEqual([
      { resultPath: 'grads[0].dW.data', same: true, with: { argument: '[0].data' } },
      { resultPath: 'db', same: true, with: { argument: '[1]' } },
      { resultPath: 'tail', same: false, with: { argument: '[1]' } },
    ]);
  });

  it('tells views of one buffer that do not overlap apart, and reports nothing for fresh arrays', () => {
    const memory = new SharedMemoryWatch().memoryOf('f');
    const buffer = new Float64Array(4);
    const [head, tail] = [buffer.subarray(0, 2), buffer.subarray(2)];
    expect(report(memory, (h: Float64Array) => ({ fresh: Float64Array.from(h), other: tail }), [head])).toBeUndefined();
    expect(report(memory, (h: Float64Array) => ({ overlap: buffer.subarray(1, 3), h: h.slice() }), [head])).toEqual([
      { resultPath: 'overlap', same: false, with: { argument: '[0]' } },
    ]);
  });

  it('reports sharing with an argument only for functions that must return new arrays', () => {
    const memory = new SharedMemoryWatch().memoryOf('forward');
    const x = v(1, 2);
    // A forward's cache that keeps its argument, called twice with the very same argument: nothing.
    expect(report(memory, (a: Float64Array) => ({ y: a.map((e) => 2 * e), cache: { x: a } }), [x], false)).toBeUndefined();
    expect(report(memory, (a: Float64Array) => ({ y: a.map((e) => 2 * e), cache: { x: a } }), [x], false)).toBeUndefined();
  });

  it('counts back to the latest earlier call that returned the same memory, per function', () => {
    const watch = new SharedMemoryWatch();
    const memory = watch.memoryOf('f');
    const kept = new Float64Array(3);
    const keeps = () => ({ out: kept });
    const fresh = () => ({ out: new Float64Array(3) });
    expect(report(memory, keeps, [])).toBeUndefined();
    expect(report(memory, fresh, [])).toBeUndefined();
    expect(report(memory, keeps, [])).toEqual([{ resultPath: 'out', same: true, with: { earlierCall: 2 } }]);
    expect(report(memory, () => [kept.subarray(1)], [])).toEqual([{ resultPath: '[0]', same: false, with: { earlierCall: 1 } }]);
    // Another function has a memory of its own.
    expect(report(watch.memoryOf('g'), keeps, [])).toBeUndefined();
    // An array the earlier call returned that this call got as an argument is the argument, not kept state.
    expect(report(memory, (a: Float64Array) => ({ cache: a }), [kept], false)).toBeUndefined();
  });

  it('takes the arguments before the call: an argument replaced inside the call is not one', () => {
    const memory = new SharedMemoryWatch().memoryOf('f');
    const args = [{ dz: v(1, 2) }];
    const sharing = new CallSharing(memory, argumentArrays(args), true);
    const swapped = v(3, 4);
    args[0].dz = swapped;
    new Encoder({ allowShared: false, maxValueFloatBytes: 1e9 }).encode({ db: swapped }, sharing.visit);
    expect(sharing.found()).toBeUndefined();
  });

  it(`keeps at most ${MAX_SHARED_ENTRIES} entries and cuts paths at ${MAX_SHARED_PATH_CHARS} characters`, () => {
    const memory = new SharedMemoryWatch().memoryOf('f');
    const dz = v(1);
    const many = report(memory, (z: Float64Array) => Array.from({ length: 40 }, () => z), [dz])!;
    expect(many).toHaveLength(MAX_SHARED_ENTRIES);
    const key = 'k'.repeat(500);
    const long = report(memory, (z: Float64Array) => ({ [key]: { [key]: z } }), [dz])!;
    expect(long[0].resultPath).toHaveLength(MAX_SHARED_PATH_CHARS);
    expect(long[0].resultPath.endsWith('…')).toBe(true);
  });
});

describe('cleanShared', () => {
  it('cleans the paths, which hold the student’s keys', () => {
    expect(cleanShared([{ resultPath: 'a\u001b[2Jb\u0007', same: true, with: { argument: '[0]' } }])).toEqual([
      { resultPath: 'ab␇', same: true, with: { argument: '[0]' } },
    ]);
  });
});
