import { afterEach, describe, expect, it } from 'vitest';
import { Arena, defaultKernel } from '../../../../grader/copytask/kernels/arena';

describe('Arena', () => {
  const saved = process.env.LSTM_LAB_KERNEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LSTM_LAB_KERNEL;
    else process.env.LSTM_LAB_KERNEL = saved;
  });

  for (const kernel of ['typescript', 'webassembly'] as const) {
    it(`${kernel}: hands out zeroed, even, non-overlapping regions and keeps them through growth`, () => {
      const arena = new Arena(kernel);
      const small = arena.alloc(3);
      arena.heap.set([1, 2, 3], small);
      const before = arena.heap.length;
      const big = arena.alloc(before); // past the current end: the heap grows
      expect(arena.heap.length).toBeGreaterThanOrEqual(big + before);
      expect(small % 2).toBe(0);
      expect(big % 2).toBe(0);
      expect(big).toBeGreaterThanOrEqual(small + 3);
      expect(Array.from(arena.view(small, 3))).toEqual([1, 2, 3]);
      expect(arena.view(big, before).every((v) => v === 0)).toBe(true);
      expect(arena.kernel).toBe(kernel);
    });
  }

  it('rejects a bad size or kernel name, naming the argument', () => {
    expect(() => new Arena('typescript').alloc(-1)).toThrow('Arena.alloc: argument doubles must be a whole number ≥ 0, got -1');
    expect(() => new Arena('fortran' as never)).toThrow("Arena: argument kernel must be 'webassembly' or 'typescript', got fortran");
  });

  it('LSTM_LAB_KERNEL chooses the default kernel; anything else is an error', () => {
    process.env.LSTM_LAB_KERNEL = 'typescript';
    expect(defaultKernel()).toBe('typescript');
    expect(new Arena().kernel).toBe('typescript');
    process.env.LSTM_LAB_KERNEL = 'webassembly';
    expect(defaultKernel()).toBe('webassembly');
    process.env.LSTM_LAB_KERNEL = 'gpu';
    expect(() => defaultKernel()).toThrow(
      "defaultKernel: environment variable LSTM_LAB_KERNEL must be 'typescript' or 'webassembly', got gpu",
    );
  });
});
