/**
 * Every hostile submission of test/fixtures/hostile-cases.ts graded end to end by the command
 * line (in-process `main`, the sandbox in its own processes): grading finishes with exit code 0
 * or 1 and a results.json of the grader's own; the hostile exercise loses points (unless its code
 * is right: then it keeps them); every exercise that does not call it keeps full marks, whatever
 * the hostile code did to the machine; nothing is written outside the output folder; no process
 * is left running; the grader is not reniced; and no student control character (escape
 * sequence, lone surrogate) reaches results.json, junit.xml, index.html or the terminal text.
 * A smaller numRuns keeps the gradings short; the checks are the same. Each grading covers the
 * hostile exercise, every exercise that calls it, and a bystander: the next exercise in course
 * order that does not call it, graded after the hostile code ran (every case also runs at the
 * Runner level in test/grader/sandbox/hostile.test.ts; here what matters is what survives a whole
 * grading).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../grader/cli';
import { DEFAULT_CONFIG_PATH } from '../../grader/config';
import { CODE_EXERCISES, type ExerciseId } from '../../grader/course';
import type { GradescopeResults } from '../../grader/reporters/gradescope-schema';
import { ensureTypeScriptRequire } from '../../grader/sandbox/direct-runner';
import { buildHostileSubmission, CANARY_PATH, HOSTILE_CASES } from '../fixtures/hostile-cases';

// The grader loads its answer key with require() (grader/mistakes/answers.ts), which vitest does not transform.
ensureTypeScriptRequire();

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
/** Right code with hostile surroundings: its exercise may keep its points. */
const MAY_KEEP_POINTS = new Set(['renice-threadpool']);
/** Right code whose only oddity must cost nothing. */
const MUST_KEEP_POINTS = new Set(['deep-nesting-unused-helper']);

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
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return /^PPid:\s+(\d+)$/m.exec(status)?.[1] === String(process.pid) && !/^State:\s+Z/m.test(status);
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

/** Raw control characters a terminal acts on (line breaks and tabs are text), and lone surrogates. */
const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same, written as JSON escapes (JSON.stringify writes ESC as \u001b and a lone surrogate as \ud800). */
const JSON_ESCAPED_CONTROL =
  /\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])|\\u202[a-e]|\\u206[6-9]|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

/** Character references in XML or HTML that stand for a control character. */
function escapedControlReferences(markup: string): string[] {
  const found: string[] = [];
  for (const match of markup.matchAll(/&#(x[0-9a-f]+|\d+);/gi)) {
    const code = match[1][0].toLowerCase() === 'x' ? parseInt(match[1].slice(1), 16) : Number(match[1]);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) found.push(match[0]);
  }
  return found;
}

/** The hostile exercise, the exercises that call it, and a bystander graded after them (course order). */
function gradedFor(hostileId: ExerciseId): { graded: ExerciseId[]; bystander: ExerciseId } {
  const calls = (id: ExerciseId) => id === hostileId || CODE_EXERCISES.find((e) => e.id === id)!.dependsOn.includes(hostileId);
  const ids = CODE_EXERCISES.map((e) => e.id);
  const bystander = ids.slice(ids.indexOf(hostileId) + 1).find((id) => !calls(id)) ?? ids.find((id) => !calls(id))!;
  return { graded: ids.filter((id) => calls(id) || id === bystander), bystander };
}

describe.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('hostile submission %s', (name, hostile) => {
  it('costs only the exercises that call it, with a clear message, and leaves no trace', async () => {
    const submission = await buildHostileSubmission(name);
    const out = path.join(work, name);
    const hostileId = CODE_EXERCISES.find((e) => e.folder === hostile.folder)!.id;
    const { graded, bystander } = gradedFor(hostileId);
    rmSync(CANARY_PATH, { force: true });
    const stdout = sink();
    const niceBefore = os.getPriority(process.pid);
    const started = Date.now();
    const code = await main(
      ['--submission', submission, '--quick', '--only', graded.join(','), '--out', out, '--config', configFor(hostile)],
      { NO_COLOR: '1' },
      stdout.stream,
    );
    timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)}`);
    try {
      expect([0, 1]).toContain(code);
      const resultsText = readFileSync(path.join(out, 'results.json'), 'utf8');
      const results = JSON.parse(resultsText) as GradescopeResults;
      expect(results.score).toBeCloseTo(
        results.tests.reduce((s, t) => s + t.score, 0),
        9,
      );
      const byExercise = (id: ExerciseId) => results.tests.filter((t) => t.tags?.[0] === id);
      const lostPoints = (id: ExerciseId) => byExercise(id).some((t) => (t.score ?? 0) < (t.max_score ?? 0));
      if (MUST_KEEP_POINTS.has(name)) expect(lostPoints(hostileId), `${hostileId} must keep full marks`).toBe(false);
      else if (!MAY_KEEP_POINTS.has(name)) expect(lostPoints(hostileId)).toBe(true);
      expect(byExercise(bystander).length, `the bystander ${bystander} was graded`).toBeGreaterThan(0);
      expect(lostPoints(bystander), `${bystander}, which does not call ${hostileId}, must keep full marks`).toBe(false);
      const failing = byExercise(hostileId).filter((t) => t.status === 'failed');
      if (!MAY_KEEP_POINTS.has(name) && !MUST_KEEP_POINTS.has(name)) expect(failing.length).toBeGreaterThan(0);
      // One readable sentence, never a stack of the grader.
      for (const t of failing) expect(t.output).not.toMatch(/\n\s+at .*grader\//);
      // No student control character anywhere a person or a program reads the grade.
      expect(resultsText).not.toMatch(RAW_CONTROL);
      expect(resultsText).not.toMatch(JSON_ESCAPED_CONTROL);
      for (const file of ['junit.xml', 'index.html']) {
        const markup = readFileSync(path.join(out, file), 'utf8');
        expect(markup, file).not.toMatch(RAW_CONTROL);
        expect(escapedControlReferences(markup), file).toEqual([]);
      }
      expect(stdout.text()).not.toMatch(RAW_CONTROL);
      expect(existsSync(CANARY_PATH)).toBe(false);
      expect(children()).toEqual([]);
      expect(os.getPriority(process.pid)).toBe(niceBefore);
      expect(stdout.text()).toMatch(/Total \d+\/\d+/);
    } finally {
      rmSync(submission, { recursive: true, force: true });
    }
  });
});
