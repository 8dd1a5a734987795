/**
 * The reference solutions get full marks on every check, at 20 seeds (scripts/calibrate.ts runs
 * 2,000). They are trusted, so they run in-process here; test/grader/cli-grade.test.ts grades
 * them through the sandbox.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPairChecks } from '../../grader/checks/run-pair';
import { PAIR_SPECS } from '../../grader/checks/specs';
import { loadConfig } from '../../grader/config';
import { createDirectRunner } from '../../grader/sandbox/direct-runner';

const config = loadConfig();
const runner = createDirectRunner(path.resolve(__dirname, '..', '..', 'solutions'));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1000 + 7919 * k);

describe.each(Object.entries(PAIR_SPECS).flatMap(([id, specs]) => specs!.map((spec) => [`${id}: ${spec.forward}/${spec.backward}`, spec] as const)))(
  '%s',
  (_name, spec) => {
    it('gets full marks at 20 seeds', async () => {
      for (const seed of SEEDS) {
        const results = await runPairChecks(spec, { runner, config, seed, replayCommand: () => '' });
        expect(results.length).toBe(12);
        const lost = results.filter((r) => r.score !== r.maxScore).map((r) => `seed ${seed}: ${r.id}: ${r.message}`);
        expect(lost).toEqual([]);
      }
    });
  },
);
