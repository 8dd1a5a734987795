/** Runs one check kind on one pair, in memory (milliseconds), for the kinds' unit tests. */
import fc from 'fast-check';
import { FULL_REFERENCE, variantLibrary } from '../../../../grader/answer-key';
import { extremeValue, gridValue } from '../../../../grader/checks/arbitraries';
import { CheckFailure } from '../../../../grader/checks/failure';
import type { CheckKind } from '../../../../grader/checks/kinds';
import { pairRun } from '../../../../grader/checks/pair-run';
import { loadConfig } from '../../../../grader/config';
import { CODE_EXERCISES, REFERENCE, type ExerciseId } from '../../../../grader/course';
import { liveAnswers } from '../../../../grader/mistakes/answers';
import { libraryRunner, type Behaviour } from '../../../helpers/library-runner';

const config = loadConfig();

/**
 * The failure (or undefined) of `kind` on the first `cases` cases of the pair whose forward is
 * `forward`, when the student's functions are the reference's with `overrides`. `clear`: with the
 * stricter idea of failing that shrinking uses first (a pass rule of its own, run-pair.ts).
 */
export async function runKind(
  kind: CheckKind,
  forward: string,
  overrides: Record<string, Behaviour> = {},
  cases = 20,
  clear = false,
): Promise<CheckFailure | undefined> {
  const exercise = CODE_EXERCISES.find((e) => e.pairs.some((p) => p.forward === forward))!;
  const spec = exercise.pairs.find((p) => p.forward === forward)!;
  const pair = pairRun({
    exercise: exercise as typeof exercise & { id: ExerciseId },
    spec,
    runner: libraryRunner(FULL_REFERENCE, overrides),
    tolerance: clear ? clearly(config.tolerance) : config.tolerance,
    ...(clear ? { passRule: config.tolerance } : {}),
    referenceForward: REFERENCE[forward],
    answers: liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary }),
  });
  if (kind.once) {
    try {
      await kind.run(pair, undefined, 0);
      return undefined;
    } catch (error) {
      if (error instanceof CheckFailure) return error;
      throw error;
    }
  }
  const samples = fc.sample(fc.tuple(spec.arbitrary(kind.extreme ? extremeValue : gridValue), fc.integer({ min: 0, max: 2 ** 30 })), {
    seed: 5,
    numRuns: cases,
  });
  for (const [c, dirSeed] of samples) {
    try {
      await kind.run(pair, c, dirSeed);
    } catch (error) {
      if (error instanceof CheckFailure) return error;
      throw error;
    }
  }
  return undefined;
}

/** A hundred times the tolerance (as run-pair.ts shrinks). */
function clearly(tolerance: typeof config.tolerance): typeof config.tolerance {
  const scale = (t: { atol: number; rtol: number }) => ({ atol: 100 * t.atol, rtol: Math.max(100 * t.rtol, 0.01) });
  return { forward: scale(tolerance.forward), gradient: scale(tolerance.gradient) };
}
