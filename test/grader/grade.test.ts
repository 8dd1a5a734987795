/**
 * Every catalogued mistake, built into the reference solutions (test/fixtures/mistake-patches.ts),
 * loses points in its own exercise, and its exercise is the first one in course order that loses
 * points. The patched solutions are trusted, so they run in-process; the replay command printed
 * for a failure reproduces it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../grader/config';
import { CODE_EXERCISES, MISTAKES, courseIndex, type ExerciseId } from '../../grader/course';
import { grade } from '../../grader/grade';
import { loadAnswers } from '../../grader/mistakes/answers';
import { CACHE_DIR } from '../../grader/paths';
import { createDirectRunner } from '../../grader/sandbox/direct-runner';
import { buildMistakeSubmission } from '../fixtures/mistake-patches';

const config = loadConfig();
const named: { id: string; named: string | undefined }[] = [];

function upTo(exercise: ExerciseId): ExerciseId[] {
  return CODE_EXERCISES.filter((e) => courseIndex(e.id) <= courseIndex(exercise)).map((e) => e.id);
}

async function gradeVariant(dir: string, only: ExerciseId[], replay?: { checkId: string; path: string }) {
  const runner = createDirectRunner(dir);
  try {
    return await grade({
      submissionDir: dir,
      submissionLabel: dir,
      config,
      runner,
      seed: 42,
      only,
      quick: true,
      replay,
      replayCommand: (exercise, checkId, path) => `--only ${exercise} --replay ${checkId}@${path}`,
      answers: await loadAnswers(),
      cacheDir: CACHE_DIR,
    });
  } finally {
    await runner.close();
  }
}

describe('known mistakes', () => {
  it('has at least 20 buggy variants', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s loses points in its own exercise first', async (_id, mistake) => {
    const dir = buildMistakeSubmission(mistake.id);
    const result = await gradeVariant(dir, upTo(mistake.exercise));
    const own = result.exercises.find((e) => e.id === mistake.exercise)!;
    expect(own.score).toBeLessThan(own.maxScore);
    const first = result.exercises.find((e) => e.score < e.maxScore);
    expect(first?.id).toBe(mistake.exercise);
    const failing = own.checks.filter((c) => c.status !== 'passed');
    named.push({ id: mistake.id, named: failing.find((c) => c.diagnosis?.named.length)?.diagnosis?.named.map((m) => m.id).join(' + ') });

    // The replay command of the first failure reproduces exactly that failure.
    const check = failing.find((c) => c.property?.path !== undefined)!;
    expect(check).toBeDefined();
    const replayed = await gradeVariant(dir, [mistake.exercise], { checkId: check.id, path: check.property!.path! });
    const again = replayed.exercises[0].checks.find((c) => c.id === check.id)!;
    expect(again.status).toBe(check.status);
    expect(again.message).toBe(check.message);
  });
});

describe('end-to-end recognition (after every variant above was graded)', () => {
  it('names the right mistake for at least 80% of the variants', () => {
    expect(named.length).toBe(MISTAKES.length);
    const right = named.filter((n) => n.named === n.id).length;
    console.log(`Named the right mistake for ${right}/${named.length} variants.`);
    for (const n of named.filter((x) => x.named !== x.id)) console.log(`  ${n.id}: named ${n.named ?? 'nothing'}`);
    expect(right / named.length).toBeGreaterThanOrEqual(0.8);
  });
});
