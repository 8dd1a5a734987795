/**
 * Every catalogued mistake, built into the reference solutions (test/fixtures/mistake-patches.ts),
 * loses points in its own exercise. Only that exercise is graded: the patch edits its file alone,
 * and no exercise before it in course order calls it (checked below), so none of those can lose
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
/** Every mistake id any failing check of the variant named (a check that names several says "one of"). */
const named: { id: string; named: string[] }[] = [];

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

  it('can only cost points in its own exercise and later ones: no exercise calls one after it in course order', () => {
    for (const exercise of CODE_EXERCISES)
      for (const dependency of exercise.dependsOn)
        expect(courseIndex(dependency as ExerciseId), `${exercise.id} calls ${dependency}`).toBeLessThan(courseIndex(exercise.id));
  });

  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s loses points in its own exercise', async (_id, mistake) => {
    const dir = buildMistakeSubmission(mistake.id);
    const result = await gradeVariant(dir, [mistake.exercise]);
    const own = result.exercises.find((e) => e.id === mistake.exercise)!;
    expect(own.score).toBeLessThan(own.maxScore);
    const failing = own.checks.filter((c) => c.status !== 'passed');
    const said = failing.flatMap((c) => [...(c.diagnosis?.named ?? []), ...(c.diagnosis?.oneOf ?? []).flatMap((tie) => tie.mistakes)]);
    named.push({ id: mistake.id, named: [...new Set(said.map((m) => m.id))] });

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
  it('names every variant by its own mistake, and no check names anything else (seed 42)', () => {
    expect(named.length).toBe(MISTAKES.length);
    const off = named.filter((n) => n.named.length !== 1 || n.named[0] !== n.id);
    expect(off.map((n) => `${n.id}: named ${n.named.join(', ') || 'nothing'}`)).toEqual([]);
  });
});

describe('failures downstream of a failing exercise', () => {
  it('are shown as found, not shrunk, while the failing exercise itself is shrunk; the replay still reproduces them', async () => {
    // forget-gate imports affine: with affine wrong, forget-gate fails too and the report says to fix affine first.
    const dir = buildMistakeSubmission('affine-missing-bias');
    const result = await gradeVariant(dir, ['affine', 'forget-gate']);
    const [affine, forgetGate] = result.exercises;
    expect(forgetGate.fixFirst).toBe('affine');
    const upstream = affine.checks.filter((c) => c.property?.path !== undefined);
    const downstream = forgetGate.checks.filter((c) => c.property?.path !== undefined);
    expect(upstream.length).toBeGreaterThan(0);
    expect(downstream.length).toBeGreaterThan(0);
    for (const c of upstream) expect(c.property!.shrunk, c.id).toBeUndefined();
    for (const c of downstream) expect(c.property, c.id).toMatchObject({ numShrinks: 0, shrunk: false });
    const check = downstream[0];
    const replayed = await gradeVariant(dir, ['forget-gate'], { checkId: check.id, path: check.property!.path! });
    const again = replayed.exercises[0].checks.find((c) => c.id === check.id)!;
    expect(again.status).toBe(check.status);
    expect(again.message).toBe(check.message);
  });
});
