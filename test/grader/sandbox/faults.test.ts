/**
 * The sentences a student reads when their code cannot be graded normally: each names the
 * function, the file and line when known, says what happened in words, and carries the right kind.
 */
import { describe, expect, it } from 'vitest';
import * as faults from '../../../grader/sandbox/faults';
import { INVALID_REASONS } from '../../../grader/sandbox/protocol';

const where = { file: '03-forget-gate/forget-gate.ts', line: 12 };
const error = (name: string, message: string, extra: Partial<faults.Thrown> = {}): faults.Thrown => ({
  isError: true,
  name,
  message,
  ...extra,
});

describe('thrownFault', () => {
  it('tells a stub from a function that calls a stub', () => {
    expect(faults.thrownFault('forgetGate', error('NotImplementedError', 'x', { functionName: 'forgetGate' }), where)).toEqual({
      kind: 'not-implemented',
      message: 'forgetGate is not implemented yet: it still throws NotImplementedError (03-forget-gate/forget-gate.ts, line 12).',
      ...where,
    });
    expect(faults.thrownFault('lstmCell', error('NotImplementedError', 'x', { functionName: 'sigmoid' }), {}).message).toBe(
      'lstmCell calls sigmoid, which is not implemented yet.',
    );
  });

  it('names a stack overflow, a sandbox refusal and a throw of something that is not an Error', () => {
    expect(faults.thrownFault('f', error('RangeError', 'Maximum call stack size exceeded'), where)).toMatchObject({
      kind: 'crashed',
      message: 'f overflowed the call stack (03-forget-gate/forget-gate.ts, line 12): is there a recursion that never ends?',
    });
    expect(faults.thrownFault('f', error('SandboxDenied', 'exercises may not use the network.'), { file: 'a.ts' }).message).toBe(
      'f was stopped by the sandbox (a.ts): exercises may not use the network.',
    );
    expect(faults.thrownFault('f', error('Error', 'denied', { code: 'ERR_ACCESS_DENIED' }), {}).message).toBe(
      'f was stopped by the sandbox: exercises may not read files outside the exercises folder, write files, or start processes or threads.',
    );
    expect(faults.thrownFault('f', { isError: false, name: 'string', message: '"oops"' }, {})).toEqual({
      kind: 'threw',
      message: 'f threw "oops", which is not an Error: throw new Error("…") instead.',
    });
  });

  it('keeps the first line of any other message, cut at 300 characters, and ends it with one full stop', () => {
    expect(faults.thrownFault('f', error('TypeError', 'x is undefined.\n    at f (a.ts:3)'), { file: 'a.ts' }).message).toBe(
      'f threw TypeError: x is undefined (a.ts).',
    );
    const long = faults.thrownFault('f', error('Error', 'y'.repeat(1000)), {}).message;
    expect(long).toBe(`f threw Error: ${'y'.repeat(300)}….`);
  });
});

describe('faults while loading a module', () => {
  it('say which file failed, and through which file it was imported', () => {
    expect(faults.loadThrewFault('a.ts', error('Error', 'bad top level'), { file: 'a.ts', line: 3 })).toEqual({
      kind: 'load-error',
      message: 'a.ts could not be loaded: threw Error: bad top level while loading (line 3).',
      file: 'a.ts',
      line: 3,
    });
    expect(faults.loadThrewFault('a.ts', { isError: false, name: 'number', message: '42' }, {}, 'b.ts').message).toBe(
      'b.ts could not be loaded because it imports a.ts, which threw 42 (not an Error) while loading.',
    );
    expect(faults.loadThrewFault('a.ts', error('RangeError', 'Maximum call stack size exceeded'), {}).kind).toBe('crashed');
    expect(faults.loadThrewFault('a.ts', error('SandboxDenied', 'exercises may not start processes'), {}, 'b.ts').message).toBe(
      'b.ts could not be loaded because it imports a.ts, which was stopped by the sandbox: exercises may not start processes.',
    );
    expect(faults.loadTimeoutFault('a.ts', 1500, 'b.ts')).toEqual({
      kind: 'timeout',
      message: 'b.ts imports a.ts, which ran longer than 1.5 s while being loaded: is there an endless loop at the top level?',
      file: 'a.ts',
    });
    expect(faults.loadCrashedFault('a.ts', 'ended the process (exit code 3)').message).toBe(
      'a.ts ended the process (exit code 3) while being loaded: exercise files must not call process.exit or process.abort.',
    );
    expect(faults.loadCrashedFault('a.ts', 'used too much, so its process was stopped').message).toBe(
      'a.ts used too much, so its process was stopped while being loaded.',
    );
    expect(faults.loadOutOfMemoryFault('a.ts', 512)).toMatchObject({
      kind: 'out-of-memory',
      message: 'a.ts used more than 512 MB of memory while being loaded and was stopped.',
    });
    const broken = faults.brokenImportFault('b.ts', { kind: 'load-error', message: 'a.ts has a syntax error.', file: 'a.ts' });
    expect(broken).toEqual({
      kind: 'load-error',
      message: 'b.ts imports a file that cannot be loaded: a.ts has a syntax error.',
      file: 'a.ts',
    });
  });
});

describe('faults of a call', () => {
  it('a missing export, a timeout, a crash, running out of memory, a patched built-in', () => {
    expect(faults.missingExportFault('sigmoid', 'a.ts', 'undefined')).toEqual({
      kind: 'missing-export',
      message: 'a.ts does not export a function sigmoid: write "export function sigmoid(…)".',
      file: 'a.ts',
    });
    expect(faults.missingExportFault('sigmoid', 'a.ts', 'number').message).toBe('a.ts exports sigmoid as a number, not a function.');
    expect(faults.timeoutFault('f', 2000, where).message).toBe(
      'f (03-forget-gate/forget-gate.ts, line 12) ran longer than 2 s: is there an endless loop? It is not called again.',
    );
    expect(faults.crashedFault('f', 'aborted the process', {}).message).toBe(
      'f aborted the process: exercise code must not call process.exit or process.abort. It is not called again.',
    );
    // A sentence that already says the process was stopped gets no hint about process.exit.
    expect(faults.crashedFault('f', faults.GARBLED_PIPE, {}).message).toBe(`f ${faults.GARBLED_PIPE}. It is not called again.`);
    expect(faults.outOfMemoryFault('f', 256, {})).toEqual({
      kind: 'out-of-memory',
      message: 'f used more than 256 MB of memory and was stopped. It is not called again.',
    });
    expect(faults.patchedBuiltinFault('f', 'Math.exp', { file: 'a.ts' })).toMatchObject({ kind: 'forbidden', file: 'a.ts' });
    expect(faults.patchedBuiltinFault('f', 'Math.exp', { file: 'a.ts' }).message).toMatch(
      /^f \(a\.ts\) changed the built-in Math\.exp: .* its points are withheld\./,
    );
  });

  it('has a sentence of its own for every reason a result is refused, and never looks up an inherited one', () => {
    const sentences = INVALID_REASONS.map((reason) => faults.invalidResultFault('f', reason, '7', {}).message);
    expect(new Set(sentences).size).toBe(INVALID_REASONS.length);
    for (const sentence of sentences) expect(sentence).toMatch(/^f /);
    expect(faults.invalidResultFault('f', 'too-large', '12500000', {}).message).toBe(
      'f returned 12.5 MB of data, more than the grader accepts.',
    );
    expect(faults.invalidResultFault('f', 'promise', '', { file: 'a.ts' })).toEqual({
      kind: 'invalid-result',
      message: 'f (a.ts) returned a Promise: the functions must be synchronous (no async, no await).',
      file: 'a.ts',
    });
    const uncloneable = faults.invalidResultFault('f', 'uncloneable', 'a Map', {}).message;
    expect(faults.invalidResultFault('f', '__proto__', 'a Map', {}).message).toBe(uncloneable);
    expect(faults.invalidResultFault('f', 'toString', 'a Map', {}).message).toBe(uncloneable);
  });
});

describe('describeExit', () => {
  it('puts how a process ended into words', () => {
    expect(faults.describeExit(3, null)).toBe('ended the process (exit code 3)');
    expect(faults.describeExit(null, null)).toBe('ended the process (exit code unknown)');
    expect(faults.describeExit(null, 'SIGABRT')).toBe('aborted the process');
    expect(faults.describeExit(null, 'SIGXCPU', { cpuLimitSeconds: 30 })).toBe(
      'used up its CPU-time limit of 30 s, so its process was stopped',
    );
    expect(faults.describeExit(null, 'SIGXCPU')).toBe('ended the process (signal SIGXCPU)');
    expect(faults.describeExit(null, 'SIGKILL')).toBe('ended the process (signal SIGKILL)');
  });

  it('isStackOverflow recognises only a real RangeError of a full stack', () => {
    expect(faults.isStackOverflow(error('RangeError', 'Maximum call stack size exceeded'))).toBe(true);
    expect(faults.isStackOverflow({ isError: false, name: 'string', message: 'Maximum call stack size exceeded' })).toBe(false);
    expect(faults.isStackOverflow(error('RangeError', 'Invalid array length'))).toBe(false);
  });
});
