/**
 * The reference solutions get full marks on every check of every pair, at 20 seeds
 * (scripts/calibrate.ts runs 2,000). They are trusted, so they run in-process here;
 * test/grader/cli.test.ts grades them through the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { kindsFor } from '../../../grader/checks/kinds';
import { runPairChecks } from '../../../grader/checks/run-pair';
import { loadConfig } from '../../../grader/config';
import { CODE_EXERCISES, REFERENCE } from '../../../grader/course';
import { loadAnswers } from '../../../grader/mistakes/answers';
import { SOLUTIONS_DIR } from '../../../grader/paths';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';

const config = loadConfig();
const runner = createDirectRunner(SOLUTIONS_DIR);
const SEEDS = Array.from({ length: 20 }, (_, k) => 1000 + 7919 * k);
const pairs = CODE_EXERCISES.flatMap((exercise) =>
  exercise.pairs.map((pair) => [`${exercise.id}: ${pair.forward}/${pair.backward}`, exercise, pair] as const),
);

describe.each(pairs)('%s', (_name, exercise, pair) => {
  it('gets full marks at 20 seeds', async () => {
    const answers = await loadAnswers();
    for (const seed of SEEDS) {
      const results = await runPairChecks(exercise, pair, {
        runner,
        config,
        seed,
        answers,
        replayCommand: () => '',
        referenceForward: (fn) => REFERENCE[fn],
      });
      expect(results.map((r) => r.id)).toEqual(
        kindsFor(pair).map((k) => `${k.about === 'forward' ? pair.forward : pair.backward}.${k.kind}`),
      );
      const lost = results.filter((r) => r.score !== r.maxScore).map((r) => `seed ${seed}: ${r.id}: ${r.message}`);
      expect(lost).toEqual([]);
    }
  });
});
