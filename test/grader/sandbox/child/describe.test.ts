/**
 * What was thrown, described without trusting it (grader/sandbox/child/describe.ts): getters that
 * throw, Proxies and huge messages give capped strings, never an exception or the value itself.
 */
import { describe, expect, it } from 'vitest';
import { describeThrown, readField } from '../../../../grader/sandbox/child/describe';

describe('describeThrown', () => {
  it('an Error: its name, message and stack, and functionName and code when they are strings', () => {
    const error = Object.assign(new TypeError('x is undefined'), { functionName: 'sigmoid', code: 'E_X' });
    expect(describeThrown(error)).toEqual({
      isError: true,
      name: 'TypeError',
      message: 'x is undefined',
      stack: error.stack,
      functionName: 'sigmoid',
      code: 'E_X',
    });
    const numbers = Object.assign(new Error('m'), { functionName: 3, code: {} });
    expect(describeThrown(numbers)).not.toHaveProperty('functionName');
    expect(describeThrown(numbers)).not.toHaveProperty('code');
  });

  it('an Error whose fields are hostile: throwing getters, a message that is an object, a name set to nothing', () => {
    const error = new Error('hidden');
    // The stack first: replacing V8's lazy stack formats it, which would read the message.
    Object.defineProperty(error, 'stack', {
      get() {
        throw new Error('gotcha');
      },
    });
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('gotcha');
      },
    });
    error.name = '';
    expect(describeThrown(error)).toEqual({ isError: true, name: 'Error', message: '', stack: '' });
    const odd = new Error();
    (odd as { message: unknown }).message = {
      toString() {
        throw new Error('gotcha');
      },
    };
    expect(describeThrown(odd).message).toBe('');
  });

  it('caps a long message and stack, marking the cut', () => {
    const error = new Error('m'.repeat(50_000));
    const described = describeThrown(error);
    expect(described.message).toBe(`${'m'.repeat(2000)}… [cut]`);
    expect(described.stack.length).toBeLessThanOrEqual(4000 + '… [cut]'.length);
  });

  it('anything else that is thrown: rendered briefly, never trusted', () => {
    expect(describeThrown('oops')).toEqual({ isError: false, name: 'string', message: '"oops"', stack: '' });
    expect(describeThrown(42)).toEqual({ isError: false, name: 'number', message: '42', stack: '' });
    expect(describeThrown(null)).toEqual({ isError: false, name: 'null', message: 'null', stack: '' });
    expect(describeThrown(undefined)).toEqual({ isError: false, name: 'undefined', message: '', stack: '' });
    expect(describeThrown({ message: 'looks like one' }).message).toBe('an object that is not an Error');
    expect(describeThrown(new Proxy(new Error('p'), {})).message).toBe('a Proxy');
    expect(describeThrown(() => 1).message).toBe('a function');
    expect(describeThrown(Symbol('s')).message).toBe('a symbol');
    // A long string is cut before and after quoting: escapes can make it six times longer.
    const quoted = describeThrown('\u0001'.repeat(10_000)).message;
    expect(quoted.length).toBeLessThanOrEqual(2000 + '… [cut]'.length);
    expect(quoted.endsWith('… [cut]')).toBe(true);
  });
});

describe('readField', () => {
  it('reads a field, and gives undefined when its getter throws', () => {
    expect(readField({ a: 1 }, 'a')).toBe(1);
    const hostile = Object.defineProperty({}, 'a', {
      get() {
        throw new Error('gotcha');
      },
    });
    expect(readField(hostile, 'a')).toBeUndefined();
  });
});
