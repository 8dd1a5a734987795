/**
 * The probe before a pair's checks: one call of each function on a small case. A stub, a module
 * that cannot load or a missing export blocks the function's checks; a function that merely
 * throws or answers wrongly blocks nothing (its checks say what is wrong).
 */
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE } from '../../../grader/answer-key';
import { pairRun } from '../../../grader/checks/pair-run';
import { probePair } from '../../../grader/checks/probe';
import { loadConfig } from '../../../grader/config';
import { REFERENCE, type ExerciseId } from '../../../grader/course';
import { pairOf } from '../../../grader/mistakes/answers';
import type { Fault } from '../../../grader/sandbox/types';
import { libraryRunner, type Behaviour } from '../../helpers/library-runner';

const config = loadConfig();

function pairFor(forward: string, overrides: Record<string, Behaviour> = {}) {
  const { exercise, spec } = pairOf(forward);
  const runner = libraryRunner(FULL_REFERENCE, overrides);
  const pair = pairRun({
    exercise: exercise as typeof exercise & { id: ExerciseId },
    spec,
    runner,
    tolerance: config.tolerance,
    referenceForward: REFERENCE[forward],
  });
  return { pair, runner };
}

const stub: Fault = { kind: 'not-implemented', message: 'forgetGate is not implemented yet' };

describe('probePair', () => {
  it('blocks nothing for a working pair, after one call of each function', async () => {
    const { pair, runner } = pairFor('forgetGate');
    expect(await probePair(pair, 1)).toEqual(new Map());
    expect(runner.calls).toEqual(['forgetGate', 'forgetGateBackward']);
  });

  it("blocks a stub forward with its fault, and still probes the backward on the reference's forward answer", async () => {
    const { pair, runner } = pairFor('forgetGate', { forgetGate: stub });
    expect(await probePair(pair, 1)).toEqual(new Map([['forgetGate', stub]]));
    expect(runner.calls).toEqual(['forgetGate', 'forgetGateBackward']);
  });

  it('blocks a missing backward export and a module that cannot load', async () => {
    const missing: Fault = { kind: 'missing-export', message: 'cellStateBackward is not exported' };
    const unloadable: Fault = { kind: 'load-error', message: 'cell-state.ts has a syntax error at line 3' };
    expect(await probePair(pairFor('cellState', { cellStateBackward: missing }).pair, 2)).toEqual(
      new Map([['cellStateBackward', missing]]),
    );
    expect(await probePair(pairFor('cellState', { cellState: unloadable, cellStateBackward: unloadable }).pair, 2)).toEqual(
      new Map([
        ['cellState', unloadable],
        ['cellStateBackward', unloadable],
      ]),
    );
  });

  it('blocks nothing for a function that throws, runs too long or answers wrongly', async () => {
    const timeout: Fault = { kind: 'timeout', message: 'tanh ran longer than 2 s' };
    const { pair } = pairFor('tanh', {
      tanh: timeout,
      tanhBackward: () => {
        throw new Error('index out of range');
      },
    });
    expect(await probePair(pair, 3)).toEqual(new Map());
    expect(await probePair(pairFor('sigmoid', { sigmoid: (z: Float64Array) => z }).pair, 3)).toEqual(new Map());
  });
});
