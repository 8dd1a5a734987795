/**
 * The watch on the built-ins (grader/sandbox/child/builtins-watch.ts, DESIGN.md section 5): after
 * the snapshot, the first built-in a student changed is named, and stays named once undone. Each
 * scenario gets a fresh copy of the module (its state is per process), and each patch is undone
 * before any assertion runs.
 */
import { describe, expect, it, vi } from 'vitest';
import * as watch from '../../../../grader/sandbox/child/builtins-watch';

type Watch = typeof watch;

async function freshWatch(): Promise<Watch> {
  vi.resetModules();
  const fresh = (await import('../../../../grader/sandbox/child/builtins-watch')) as Watch;
  fresh.takeBuiltinsSnapshot();
  return fresh;
}

/** What the watch says while `patch` is in force; `patch` returns the function that undoes it. */
function seenWhile(w: Watch, patch: () => () => void): string {
  const undo = patch();
  try {
    return w.patchedBuiltin();
  } finally {
    undo();
  }
}

describe('the built-ins watch', () => {
  it('says nothing before its snapshot, nor when nothing changed (Number.NaN equals itself)', () => {
    expect(watch.patchedBuiltin()).toBe('');
    watch.takeBuiltinsSnapshot();
    expect(watch.patchedBuiltin()).toBe('');
    expect(watch.patchedBuiltin()).toBe('');
  });

  it('names a replaced method, and keeps naming it after it is put back', async () => {
    const w = await freshWatch();
    const exp = Math.exp;
    const seen = seenWhile(w, () => {
      Math.exp = () => 0;
      return () => {
        Math.exp = exp;
      };
    });
    expect(seen).toBe('Math.exp');
    expect(Math.exp).toBe(exp);
    expect(w.patchedBuiltin()).toBe('Math.exp');
  });

  it('names a property added to a prototype, and one deleted', async () => {
    const added = seenWhile(await freshWatch(), () => {
      Object.defineProperty(Array.prototype, 'sneaky', { value: 1, configurable: true });
      return () => delete (Array.prototype as unknown as Record<string, unknown>).sneaky;
    });
    expect(added).toBe('Array.prototype.sneaky');
    const hypot = Object.getOwnPropertyDescriptor(Math, 'hypot') as PropertyDescriptor;
    const deleted = seenWhile(await freshWatch(), () => {
      delete (Math as unknown as Record<string, unknown>).hypot;
      return () => Object.defineProperty(Math, 'hypot', hypot);
    });
    expect(deleted).toBe('Math.hypot');
  });

  it('names a property swapped for another (the same number of keys), and a standard global that appears', async () => {
    const hypot = Object.getOwnPropertyDescriptor(Math, 'hypot') as PropertyDescriptor;
    const swapped = seenWhile(await freshWatch(), () => {
      delete (Math as unknown as Record<string, unknown>).hypot;
      Object.defineProperty(Math, 'hypot2', { value: hypot.value, configurable: true });
      return () => {
        delete (Math as unknown as Record<string, unknown>).hypot2;
        Object.defineProperty(Math, 'hypot', hypot);
      };
    });
    expect(swapped).toBe('Math.hypot2');
    const global = globalThis as Record<string, unknown>;
    const clone = Object.getOwnPropertyDescriptor(globalThis, 'structuredClone') as PropertyDescriptor;
    delete global.structuredClone;
    let appeared: string;
    try {
      appeared = seenWhile(await freshWatch(), () => {
        Object.defineProperty(globalThis, 'structuredClone', clone);
        return () => delete global.structuredClone;
      });
    } finally {
      Object.defineProperty(globalThis, 'structuredClone', clone);
    }
    expect(appeared).toBe('structuredClone');
  });

  it('watches the standard globals, not every global a module may add', async () => {
    const w = await freshWatch();
    const global = globalThis as Record<string, unknown>;
    const addedGlobal = seenWhile(w, () => {
      global.myHelper = 1;
      return () => delete global.myHelper;
    });
    expect(addedGlobal).toBe('');
    const math = global.Math;
    const replaced = seenWhile(w, () => {
      global.Math = { ...Math };
      return () => {
        global.Math = math;
      };
    });
    expect(replaced).toBe('Math');
  });
});
