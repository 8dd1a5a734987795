/**
 * The exercise 11 stub: the same exports as the reference with the same number of parameters, and
 * every one of them throws NotImplementedError naming itself, so the grader reports "not attempted".
 */
import { describe, expect, it } from 'vitest';
import * as stub from '../../../exercises/11-readout/readout';
import { isNotImplemented } from '../../../lib/not-implemented';
import * as solution from '../../../solutions/11-readout/readout';

const EXPORTS = ['denseForward', 'denseBackward', 'mseLoss', 'mseLossBackward', 'softmaxCrossEntropy', 'softmaxCrossEntropyBackward'];

describe('exercises/11-readout stub', () => {
  it('exports exactly the functions of DESIGN.md section 3, with the reference arity', () => {
    expect(Object.keys(stub).sort()).toEqual([...EXPORTS].sort());
    expect(Object.keys(solution).sort()).toEqual([...EXPORTS].sort());
    for (const name of EXPORTS) {
      expect((stub as Record<string, (...args: unknown[]) => unknown>)[name].length, name).toBe(
        (solution as Record<string, (...args: unknown[]) => unknown>)[name].length,
      );
    }
  });

  it('throws NotImplementedError naming each function', () => {
    for (const name of EXPORTS) {
      let thrown: unknown;
      try {
        (stub as Record<string, (...args: unknown[]) => unknown>)[name]();
      } catch (error) {
        thrown = error;
      }
      expect(isNotImplemented(thrown), name).toBe(true);
      expect((thrown as { functionName: string }).functionName).toBe(name);
    }
  });
});
