/**
 * Every hostile submission of test/sandbox/hostile-cases.ts graded end to end by the command
 * line (in-process `main`, the sandbox in its own process): grading finishes with exit code 0
 * or 1, the hostile exercise loses points, every exercise that does not call it keeps full
 * marks, results.json is the grader's own, nothing is written outside the output folder and no
 * process is left running. A smaller numRuns keeps the 40 gradings short; the checks are the same.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../grader/cli';
import { DEFAULT_CONFIG_PATH } from '../../grader/config';
import { CODE_EXERCISES, type ExerciseId } from '../../grader/exercises';
import type { GradescopeResults } from '../../grader/reporters/results-json';
import { buildHostileSubmission, CANARY_PATH, HOSTILE_CASES } from '../sandbox/hostile-cases';

const work = mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-hostile-grade-'));
const config = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
/** The Runner-level hostile suite's limits: a 1 s call limit, so the 1.5 s "slow call" is over it. */
function configFor(hostile: (typeof HOSTILE_CASES)[number]): string {
  const file = path.join(work, `config-${hostile.name}.json`);
  const sandbox = { ...config.sandbox, callTimeoutMs: 1000, ...hostile.sandboxOptions };
  writeFileSync(file, JSON.stringify({ ...config, numRuns: 8, sandbox }));
  return file;
}
const timings: string[] = [];
const MAY_KEEP_POINTS = new Set(['forged-reply']);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  console.log(`Hostile gradings (seconds):\n${timings.join('\n')}`);
});

/** Processes whose parent is this test process: the sandbox must leave none behind. */
function children(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(process.pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const sink = () => {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
};

describe.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('hostile submission %s', (name, hostile) => {
  it('costs only the exercises that call it, with a clear message', async () => {
    const submission = await buildHostileSubmission(name);
    const out = path.join(work, name);
    rmSync(CANARY_PATH, { force: true });
    const stdout = sink();
    const started = Date.now();
    const code = await main(['--submission', submission, '--quick', '--out', out, '--config', configFor(hostile)], { NO_COLOR: '1' }, stdout.stream);
    timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)}`);
    try {
      expect([0, 1]).toContain(code);
      const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as GradescopeResults;
      expect(results.score).toBe(results.tests.reduce((s, t) => s + t.score, 0));
      const byExercise = (id: ExerciseId) => results.tests.filter((t) => t.tags[0] === id);
      const hostileId = CODE_EXERCISES.find((e) => e.folder === hostile.folder)!.id;
      const lostPoints = (id: ExerciseId) => byExercise(id).some((t) => t.score < t.max_score);
      // A forged reply frame only lands when its made-up request id is the one being answered;
      // otherwise the grader drops it, and the function's real (right) answers are what is graded.
      // Either way the grade is the grader's own: the assertions below hold for every case.
      if (!MAY_KEEP_POINTS.has(name)) expect(lostPoints(hostileId)).toBe(true);
      for (const exercise of CODE_EXERCISES) {
        const calls = exercise.id === hostileId || exercise.dependsOn.includes(hostileId);
        if (!calls) expect(lostPoints(exercise.id), `${exercise.id} must keep full marks`).toBe(false);
      }
      const failing = byExercise(hostileId).filter((t) => t.status === 'failed');
      if (!MAY_KEEP_POINTS.has(name)) expect(failing.length).toBeGreaterThan(0);
      // One readable sentence, never a stack of the grader.
      for (const t of failing) expect(t.output).not.toMatch(/\n\s+at .*grader\//);
      expect(existsSync(CANARY_PATH)).toBe(false);
      expect(children()).toEqual([]);
      expect(stdout.text()).toMatch(/Total \d+\/\d+/);
    } finally {
      rmSync(submission, { recursive: true, force: true });
    }
  });
});
