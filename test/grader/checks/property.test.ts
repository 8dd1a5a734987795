/**
 * One check as a fast-check property: each check's own seed; full points for the reference; on a
 * wrong function a failed result with the shrunk case, a replay command and a message whose actual
 * and expected values print differently; a fault is told apart from a wrong answer; and a failure
 * that is not a CheckFailure is the grader's own bug, thrown rather than scored.
 */
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../../grader/answer-key';
import { batchingRunner } from '../../../grader/checks/batching-runner';
import type { CheckKind } from '../../../grader/checks/kinds';
import { backwardGradient } from '../../../grader/checks/kinds/backward-gradient';
import { forward } from '../../../grader/checks/kinds/forward';
import { pairRun } from '../../../grader/checks/pair-run';
import { checkSeed, MAX_SHRINK_CANDIDATES, runProperty } from '../../../grader/checks/property';
import { loadConfig } from '../../../grader/config';
import { REFERENCE, type ExerciseId } from '../../../grader/course';
import { pairOf } from '../../../grader/mistakes/answers';
import type { Fault } from '../../../grader/sandbox/types';
import { libraryRunner, type Behaviour } from '../../helpers/library-runner';

const config = loadConfig();
const clearly = {
  forward: { atol: 100 * config.tolerance.forward.atol, rtol: 0.01 },
  gradient: { atol: 100 * config.tolerance.gradient.atol, rtol: 0.01 },
};
const replayCommand = (path: string) => `npm run grade -- --only activations --seed 42 --replay sigmoid.forward@${path}`;

/** The three pairs runProperty takes, as run-pair.ts builds them, over the reference with `overrides`. */
function pairs(fn: string, overrides: Record<string, Behaviour> = {}) {
  const { exercise, spec } = pairOf(fn);
  const runner = libraryRunner(FULL_REFERENCE, overrides);
  const options = {
    exercise: exercise as typeof exercise & { id: ExerciseId },
    spec,
    tolerance: config.tolerance,
    referenceForward: REFERENCE[spec.forward],
  };
  return [
    pairRun({ ...options, runner }),
    pairRun({ ...options, runner: batchingRunner(runner) }),
    pairRun({ ...options, runner, tolerance: clearly, passRule: config.tolerance }),
  ] as const;
}

const sigmoid = (z: Float64Array) => z.map((v) => 1 / (1 + Math.exp(-v)));
/** σ off by 3e-7 relative: over the forward tolerance (1e-7 relative), yet equal to six digits. */
const slightlyOff = (z: Float64Array) => sigmoid(z).map((s) => s * (1 + 3e-7));

describe('checkSeed', () => {
  it("is the 32-bit FNV-1a hash of the check id started from the run's seed: the same on every run and machine", () => {
    expect(checkSeed(0, '')).toBe(0x811c9dc5);
    expect(checkSeed(42, 'forgetGate.forward')).toBe(1922490042);
    expect(checkSeed(42, 'forgetGateBackward.backward-gradient')).toBe(3415825106);
  });

  it("differs between checks and between runs' seeds", () => {
    const ids = ['sigmoid.forward', 'sigmoid.forward-extreme', 'sigmoidBackward.backward-gradient', 'tanh.forward'];
    const seeds = ids.map((id) => checkSeed(42, id));
    expect(new Set(seeds).size).toBe(ids.length);
    expect(checkSeed(43, 'forgetGate.forward')).not.toBe(checkSeed(42, 'forgetGate.forward'));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});

describe('runProperty', () => {
  const options = { seed: checkSeed(42, 'sigmoid.forward'), numRuns: config.numRuns, replayCommand };

  it('gives the reference full points, with the run data and no message', async () => {
    const outcome = await runProperty(...pairs('sigmoid'), forward, 3, options);
    expect(outcome).toEqual({
      result: {
        id: 'sigmoid.forward',
        title: 'sigmoid matches the reference',
        fn: 'sigmoid',
        maxScore: 3,
        status: 'passed',
        score: 3,
        message: '',
        property: { seed: options.seed, numRuns: config.numRuns, numShrinks: 0 },
      },
      wrongAnswer: false,
    });
  });

  it('fails a wrong function with the shrunk case, a replay command and values that print differently', async () => {
    const { result, wrongAnswer } = await runProperty(...pairs('sigmoid', { sigmoid: slightlyOff }), forward, 3, options);
    expect(wrongAnswer).toBe(true);
    expect(result.status).toBe('failed');
    expect(result.score).toBe(0);
    expect(result.replay).toBe(replayCommand(result.property!.path!));
    expect(result.property!.path).toMatch(/^\d+(:\d+)*$/);
    // Shrunk to the smallest case, σ(0) = 0.5, where the two values agree to six digits.
    expect(result.details).toBe('sigmoid failed on length 1.');
    expect(result.counterexample).toEqual({ inputs: { z: [0] }, expected: [0.5], actual: [0.5 * (1 + 3e-7)], differing: ['[0]'] });
    expect(result.message).toBe(
      'sigmoid gives 0.5000001 at s[0] where the reference gives 0.5 (difference 1.5e-7, 3.0e-7 relative; allowed 1e-9 + 1e-7·|value|).',
    );
    const printed =
      /^sigmoid gives (\S+) at s\[\d\] where the reference gives (\S+) \(difference .*; allowed 1e-9 \+ 1e-7·\|value\|\)\.$/.exec(
        result.message,
      );
    expect(printed, result.message).not.toBeNull();
    expect(printed![1]).not.toBe(printed![2]);
    const { inputs, expected, actual } = result.counterexample!;
    expect(Object.keys(inputs)).toEqual(['z']);
    expect(expected).toEqual(Array.from(sigmoid(Float64Array.from(inputs.z as number[]))));
    expect(actual).toEqual(Array.from(slightlyOff(Float64Array.from(inputs.z as number[]))));
    expect(actual).not.toEqual(expected);
  });

  it('replays the failing case from its path, and says when the replayed case passes now', async () => {
    const failed = await runProperty(...pairs('sigmoid', { sigmoid: slightlyOff }), forward, 3, options);
    const path = failed.result.property!.path!;
    const replayed = await runProperty(...pairs('sigmoid', { sigmoid: slightlyOff }), forward, 3, { ...options, replayPath: path });
    expect(replayed.result.status).toBe('failed');
    expect(replayed.result.counterexample).toEqual(failed.result.counterexample);
    const fixed = await runProperty(...pairs('sigmoid'), forward, 3, { ...options, replayPath: path });
    expect(fixed.result.status).toBe('passed');
    expect(fixed.result.message).toBe('The replayed case passes now.');
  });

  it('tells a fault from a wrong answer: a throwing function fails, a timeout is an error, neither is a wrong answer', async () => {
    const threw = await runProperty(
      ...pairs('sigmoid', {
        sigmoid: () => {
          throw new Error('boom');
        },
      }),
      forward,
      3,
      options,
    );
    expect(threw.wrongAnswer).toBe(false);
    expect(threw.result.status).toBe('failed');
    expect(threw.result.message).toBe('sigmoid threw boom');
    const timeout: Fault = { kind: 'timeout', message: 'sigmoid ran longer than 2 s: is there an endless loop?' };
    const slow = await runProperty(...pairs('sigmoid', { sigmoid: timeout }), forward, 3, options);
    expect(slow.wrongAnswer).toBe(false);
    expect(slow.result).toMatchObject({ status: 'error', score: 0, message: timeout.message });
  });

  it('stops shrinking after MAX_SHRINK_CANDIDATES cases, with the shape already at its smallest', async () => {
    // A dropped BPTT carry fails for almost every smaller value: unbounded, fast-check tried thousands of cases.
    const { lstmBackward } = variantLibrary('bptt-drops-dh-carry');
    const [pair, sideBySide, clearPair] = pairs('lstmForward', { lstmBackward });
    const seed = checkSeed(42, 'lstmBackward.backward-gradient');
    const { result } = await runProperty(pair, sideBySide, clearPair, backwardGradient, 8, { ...options, seed });
    expect(result.status).toBe('failed');
    const backwardCalls = (pair.runner as ReturnType<typeof libraryRunner>).calls.filter((fn) => fn === 'lstmBackward').length;
    // All cases side by side, fc.check's cases up to the first failure, at most the cap of smaller
    // cases, and the shown case again for its details (unbounded: over a thousand).
    expect(backwardCalls).toBeLessThanOrEqual(2 * config.numRuns + MAX_SHRINK_CANDIDATES + 2);
    expect(result.property!.numShrinks).toBeGreaterThan(0);
    // The shape unbounded shrinking reaches too (after 1,059 shrinks and 6,743 calls of lstmBackward).
    expect(result.details).toBe('lstmBackward failed on H=1, D=1, T=3.');
  });

  it('with shrinking off, shows the first failing case as drawn and says it is not shrunk', async () => {
    const { lstmBackward } = variantLibrary('bptt-drops-dh-carry');
    const seed = checkSeed(42, 'lstmBackward.backward-gradient');
    const run = (shrink: boolean) =>
      runProperty(...pairs('lstmForward', { lstmBackward }), backwardGradient, 8, { ...options, seed, shrink });
    const [shrunk, asFound] = await Promise.all([run(true), run(false)]);
    expect(asFound.result.status).toBe('failed');
    expect(asFound.result.property).toMatchObject({ numShrinks: 0, shrunk: false });
    // The path of an unshrunk failure is the index of the case that failed: it replays as it is.
    expect(asFound.result.property!.path).toMatch(/^\d+$/);
    expect(shrunk.result.property!.shrunk).toBeUndefined();
    expect(shrunk.result.property!.numShrinks).toBeGreaterThan(0);
    // Same verdict and the same mistake to explain; only the case shown differs.
    expect(asFound.result.score).toBe(shrunk.result.score);
    expect(asFound.wrongAnswer).toBe(shrunk.wrongAnswer);
  });

  it("throws the grader's own errors instead of turning them into points", async () => {
    const broken: CheckKind = { ...forward, kind: 'broken', run: async () => Promise.reject(new TypeError('grader bug')) };
    await expect(runProperty(...pairs('sigmoid'), broken, 1, options)).rejects.toThrow(/^grader bug$/);
  });
});
