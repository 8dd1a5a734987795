/**
 * The data the student template ships in place of instructor-only code (grader/recorded/),
 * computed fresh by every export from the course repository's own code, so it cannot go stale:
 *
 * - answers.json: the answer key's answers on the fixed probes (mistakes/answers.ts recordAnswers);
 * - reference-runs.json: the trusted reference runs a grade of the recorded seeds reads from its
 *   caches (run-cache.ts recordRuns), computed or read from the course repository's cache by the
 *   same functions grading calls, so their keys are the ones the template looks up.
 *
 * Both are deterministic: the answers are pure functions of the code, and the runs' wall times
 * (a measurement, not a result) are recorded as 0.
 */
import { FULL_REFERENCE, variantLibrary } from '../answer-key';
import { referenceRuns } from '../copytask/grade';
import { gradedConfig, shownTiers } from '../copytask/tiers';
import { liveAnswers, recordAnswers } from '../mistakes/answers';
import { recordedRunId, recordRuns, type RecordedRun } from '../run-cache';
import { loadSeattleWeather } from '../weather/dataset';
import { referenceRun } from '../weather/grade';
import { TASKS, taskConfig } from '../weather/settings';
import { HELD_OUT_YEAR, splitByYear } from '../weather/split';

/** The answers of the reference and of every catalogued mistake, as grader/recorded/answers.json. */
export function answersJson(): string {
  return `${recordAnswers(liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary }))}\n`;
}

export interface RunsOptions {
  /** The grades' seeds whose reference runs are recorded. */
  seeds: readonly number[];
  /** Also the copy task's shown delay tiers (`npm run grade -- --tiers`). */
  tiers: boolean;
  /** The course repository's cache of reference runs. */
  cacheDir: string;
}

/** `value` with every `wallMs` set to 0. */
function withoutWallTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWallTimes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'wallMs' && typeof v === 'number' ? 0 : withoutWallTimes(v)]));
}

/** The reference runs a grade at each seed reads, sorted by identity, without duplicates. */
export function referenceRunsFor(options: RunsOptions): RecordedRun[] {
  const runs = recordRuns(() => {
    const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
    for (const seed of options.seeds) {
      referenceRuns(gradedConfig(seed), options.cacheDir);
      if (options.tiers) for (const tier of shownTiers(seed)) referenceRuns(tier.config, options.cacheDir);
      for (const task of TASKS) referenceRun(taskConfig(task, seed), split, options.cacheDir);
    }
  });
  const byId = new Map(
    runs.map((run) => [recordedRunId(run.namespace, run.kind, run.key), { ...run, value: withoutWallTimes(run.value) }]),
  );
  return [...byId.keys()].sort().map((id) => byId.get(id)!);
}

/** grader/recorded/reference-runs.json: one run per line, so that a change shows as a small diff. */
export function referenceRunsJson(runs: readonly RecordedRun[]): string {
  return `[\n${runs.map((run) => JSON.stringify(run)).join(',\n')}\n]\n`;
}
