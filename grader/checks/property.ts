/**
 * Runs one check as a fast-check property with fc.check, so the result is data: seed, path,
 * shrunk counterexample, runs. The cases fc.check would draw are first run side by side through
 * a batching runner (fc.sample with the same seed draws the same cases); only when one fails
 * does fc.check run them again, one by one, to shrink the failure.
 *
 * Shrinking looks for the smallest case that fails clearly (a hundred times the tolerance and at
 * least 1 % apart, `clearPair`): shrunk with the pass rule itself, fast-check stops where the
 * error barely exceeds the tolerance, and the values it shows look equal. Only when no case fails
 * clearly is the failure shrunk with the pass rule. When an exercise the check's exercise imports
 * failed already (`shrink: false`), the first failing case is shown as drawn, unshrunk.
 */
import fc from 'fast-check';
import type { CheckResult, CheckStatus } from '../model';
import { extremeValue, gridValue } from './arbitraries';
import { failureDetails } from './enrich';
import { CheckFailure, statusOfFault } from './failure';
import type { CheckKind } from './kinds';
import { checkId, functionOf } from './kinds';
import type { PairRun } from './pair-run';
import { describeShape } from './types';

type Case = [unknown, number];

/**
 * Shrink candidates tried per failing check (fc.limitShrink). Unbounded, a failure that survives
 * every smaller value (a dropped BPTT carry) had fast-check try thousands of cases, each with its
 * sandbox calls: 13 s for one check. Sizes shrink first, so the cases shown keep their shapes:
 * none changed on the synthetic class's 461 failing checks nor on the independent set's 137,
 * where 2 show less shrunk values (docs/class-grading.md).
 */
export const MAX_SHRINK_CANDIDATES = 100;

export interface PropertyOptions {
  /** This check's own seed (derived from the run's seed and the check id). */
  seed: number;
  numRuns: number;
  /** Shrink a failure (default); false stops at the first failing case fast-check draws. */
  shrink?: boolean;
  /** Replay this fast-check path instead of searching. */
  replayPath?: string;
  replayCommand(path: string): string;
}

/** A check's result, and whether it failed on a wrong answer (rather than a fault), which a diagnosis can explain. */
export interface PropertyOutcome {
  result: Omit<CheckResult, 'exercise'>;
  wrongAnswer: boolean;
}

/** 32-bit FNV-1a of the check id, mixed with the run's seed: each check gets its own stream. */
export function checkSeed(seed: number, id: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/**
 * The check's result. `sideBySide` is the same pair run through a batching runner. A failure
 * that is not a CheckFailure is a bug of the grader: it is thrown, never turned into points.
 */
export async function runProperty(
  pair: PairRun,
  sideBySide: PairRun,
  clearPair: PairRun,
  kind: CheckKind,
  maxScore: number,
  options: PropertyOptions,
): Promise<PropertyOutcome> {
  const { seed, numRuns, replayPath } = options;
  const id = checkId(kind, pair.spec);
  const base = { id, title: kind.title(pair.spec), fn: functionOf(kind, pair.spec), maxScore };
  // limitShrink leaves generation alone: the same seed draws the same cases, only shrinking stops sooner.
  const arbitrary = fc.limitShrink(
    fc.tuple(pair.spec.arbitrary(kind.extreme ? extremeValue : gridValue), fc.integer({ min: 0, max: 2 ** 30 })),
    MAX_SHRINK_CANDIDATES,
  );
  if (replayPath === undefined && (await passesSideBySide(sideBySide, kind, arbitrary, seed, numRuns))) {
    return {
      result: { ...base, status: 'passed', score: maxScore, message: '', property: { seed, numRuns, numShrinks: 0 } },
      wrongAnswer: false,
    };
  }
  const check = (p: PairRun) =>
    fc.check(
      fc.asyncProperty(arbitrary, async ([c, dirSeed]: Case) => {
        await kind.run(p, c, dirSeed);
      }),
      {
        seed,
        numRuns,
        ...(replayPath !== undefined ? { path: replayPath, endOnFailure: true } : options.shrink === false ? { endOnFailure: true } : {}),
      },
    );
  // A replay goes the same way: the case fails clearly, or it was shrunk with the pass rule.
  let details = await check(clearPair);
  if (!details.failed) details = await check(pair);
  const propertyData = {
    seed,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    path: details.counterexamplePath ?? undefined,
    ...(options.shrink === false && replayPath === undefined ? { shrunk: false as const } : {}),
  };
  if (!details.failed) {
    const message = replayPath !== undefined ? 'The replayed case passes now.' : '';
    return { result: { ...base, status: 'passed', score: maxScore, message, property: propertyData }, wrongAnswer: false };
  }
  const failure = details.errorInstance;
  if (!(failure instanceof CheckFailure)) {
    throw failure instanceof Error ? failure : new Error(`check ${id} failed without an error: ${String(failure)}`);
  }
  const [c] = details.counterexample![0] as Case;
  const status: CheckStatus = statusOfFault(failure.fault);
  return {
    result: {
      ...base,
      status,
      score: 0,
      message: failure.message,
      details: `${base.fn} failed on ${describeShape(pair.spec.shape(c))}.`,
      ...failureDetails(pair.spec, base.fn, c, failure),
      replay: options.replayCommand(details.counterexamplePath ?? ''),
      property: propertyData,
    },
    wrongAnswer: failure.fault === undefined,
  };
}

async function passesSideBySide(
  pair: PairRun,
  kind: CheckKind,
  arbitrary: fc.Arbitrary<Case>,
  seed: number,
  numRuns: number,
): Promise<boolean> {
  const cases = fc.sample(arbitrary, { seed, numRuns });
  const outcomes = await Promise.allSettled(cases.map(([c, dirSeed]) => kind.run(pair, c, dirSeed)));
  return outcomes.every((o) => o.status === 'fulfilled');
}
