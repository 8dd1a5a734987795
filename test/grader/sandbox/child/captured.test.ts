/**
 * What the sandbox's own code relies on, captured before any student module loads
 * (grader/sandbox/child/captured.ts): it keeps working while the built-ins are patched. Each patch
 * below is undone before any assertion runs, so the test runner never sees it.
 */
import { describe, expect, it } from 'vitest';
import { call, cap, detached, put, restoreTransportIntrinsics, withTransportIntrinsics } from '../../../../grader/sandbox/child/captured';

/** Runs `patched` with `key` of `target` replaced by `descriptor`, then puts the original back. */
function whilePatched<T>(target: object, key: PropertyKey, descriptor: PropertyDescriptor, patched: () => T): T {
  const original = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
  try {
    return patched();
  } finally {
    if (original) Object.defineProperty(target, key, original);
    else delete (target as Record<PropertyKey, unknown>)[key];
  }
}

describe('captured built-ins', () => {
  it('call works while Function.prototype.call is replaced', () => {
    const slice = String.prototype.slice;
    const [result, patchedResult] = whilePatched(Function.prototype, 'call', { value: () => 'hijacked', writable: true }, () => [
      call(slice, 'sandbox', 0, 4),
      slice.call('sandbox', 0, 4),
    ]);
    expect(result).toBe('sand');
    expect(patchedResult).toBe('hijacked');
  });

  it('put defines an own property: no setter on a prototype runs, and a `get` added to Object.prototype breaks nothing', () => {
    let setterRan = false;
    const target = Object.create({
      set x(_value: unknown) {
        setterRan = true;
      },
    }) as Record<string, unknown>;
    put(target, 'x', 1);
    expect(setterRan).toBe(false);
    expect(Object.getOwnPropertyDescriptor(target, 'x')).toEqual({ value: 1, writable: true, enumerable: true, configurable: true });

    const other: Record<string, unknown> = {};
    const outcome = whilePatched(Object.prototype, 'get', { value: () => 0, writable: true }, () => {
      put(other, 'y', 2);
      try {
        Object.defineProperty({}, 'z', { value: 3 });
        return 'a plain descriptor still worked';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(other.y).toBe(2);
    // What put avoids: with a `get` inherited, a plain descriptor object is invalid.
    expect(outcome).toBe('TypeError');
  });

  it('detached copies a descriptor into an object without a prototype', () => {
    const getter = () => 1;
    const copy = detached({ get: getter, enumerable: false });
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect({ ...copy }).toEqual({ get: getter, enumerable: false });
  });

  it("withTransportIntrinsics sends with Node's own intrinsics and leaves the student's patches as they were", () => {
    const apply = Function.prototype.apply;
    const hijacked = () => 'hijacked';
    const seen = whilePatched(Function.prototype, 'apply', { value: hijacked, writable: true }, () => {
      let during: unknown;
      withTransportIntrinsics(() => {
        during = Function.prototype.apply;
      });
      return { during, after: Function.prototype.apply };
    });
    expect(seen.during).toBe(apply);
    expect(seen.after).toBe(hijacked);
    expect(Function.prototype.apply).toBe(apply);
  });

  it('withTransportIntrinsics puts the patches back even when sending throws', () => {
    const hijacked = () => null;
    const after = whilePatched(Function.prototype, 'bind', { value: hijacked, writable: true }, () => {
      expect(() =>
        withTransportIntrinsics(() => {
          throw new Error('pipe closed');
        }),
      ).toThrow('pipe closed');
      return Function.prototype.bind;
    });
    expect(after).toBe(hijacked);
  });

  it("restoreTransportIntrinsics puts back what Node's own stream code calls, and nothing else", () => {
    const bind = Function.prototype.bind;
    const ownExp = Math.exp;
    const after = whilePatched(Function.prototype, 'bind', { value: () => null, writable: true }, () =>
      whilePatched(Math, 'exp', { value: () => 0, writable: true }, () => {
        restoreTransportIntrinsics();
        return { bind: Function.prototype.bind, exp: Math.exp };
      }),
    );
    expect(after.bind).toBe(bind);
    expect(after.exp).not.toBe(ownExp); // a student's other patches stay as they wrote them
    expect(Math.exp).toBe(ownExp);
  });

  it('cap keeps a short text and cuts a long one, marking the cut', () => {
    expect(cap('short', 10)).toBe('short');
    expect(cap('x'.repeat(11), 10)).toBe(`${'x'.repeat(10)}… [cut]`);
  });
});
