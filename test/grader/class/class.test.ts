/**
 * `npm run grade:class` end to end on a synthetic class (scripts/class/synthetic-class.ts), graded
 * for real through the sandbox with --quick:
 *
 * - the gradebook's rows and totals equal each student's results.json;
 * - hostile submissions graded alongside the others change no other student's grade: the right
 *   submissions keep full marks in every exercise, and the two whose grade is neither full nor
 *   zero get the same grade when their class is graded without the hostile ones;
 * - a re-run grades nothing, and after one submission changes it grades exactly that one;
 * - two shards merged give the same gradebook and class page as the unsharded run (each shard's
 *   folder starts from the unsharded run's students, so nobody is graded a second time: grading
 *   in a shard is the same code as grading unsharded, and test/grader/class/shard.test.ts covers
 *   who lands in which shard);
 * - the class page opens in Chromium with no request but the file and no console error.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inShard } from '../../../grader/class/shard';
import {
  CLASS_PAGE_FILE,
  GRADEBOOK_FILE,
  readManifest,
  readRecord,
  readResults,
  recordPath,
  RESULTS_FILE,
  studentDir,
} from '../../../grader/class/store';
import { GRADER_ROOT, SOLUTIONS_DIR } from '../../../grader/paths';
import { ASSIGNMENT_PREFIX, writeSyntheticClass, type PlacedStudent } from '../../../scripts/class/synthetic-class';
import { disguisedCopy, STYLE_A, STYLE_B } from '../../../scripts/class/own-style';
import { CHROMIUM_ARGS, chromiumPath } from '../../helpers/chromium';
import { removeTempDirs, tempDir } from './helpers';
import { checkClassPage } from './page/check-page';

const MISTAKE = 'sigmoid-derivative-as-sigmoid';
const HOSTILE = ['kill-grader', 'process-exit-load'];

const CLASS: PlacedStudent[] = [
  { student: { login: 'own-a', kind: 'own', sources: STYLE_A }, zipped: false },
  { student: { login: 'copy-of-own-a', kind: 'own', sources: disguisedCopy(STYLE_A) }, zipped: true },
  { student: { login: 'own-b', kind: 'own', sources: STYLE_B }, zipped: false },
  { student: { login: 'reference', kind: 'reference' }, zipped: false },
  { student: { login: 'mistake', kind: 'mistake', mistake: MISTAKE }, zipped: false },
  { student: { login: 'partial', kind: 'partial', done: 3 }, zipped: false },
  { student: { login: 'stub', kind: 'stub' }, zipped: false },
  { student: { login: 'empty', kind: 'empty' }, zipped: false },
];
/** The students whose grade is neither full marks nor zero, graded again without the hostile ones. */
const CALM = CLASS.filter((p) => p.student.login === 'mistake' || p.student.login === 'partial');
/** The students whose every exercise must be at full marks. */
const RIGHT = ['own-a', 'copy-of-own-a', 'own-b', 'reference'];
const WITH_HOSTILE: PlacedStudent[] = [
  ...CLASS,
  ...HOSTILE.map((hostile) => ({ student: { login: `hostile-${hostile}`, kind: 'hostile' as const, hostile }, zipped: false })),
];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function gradeClass(args: string[]): Run {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'grader/class/cli.ts', ...args], {
    cwd: GRADER_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 900_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The exercises of a student's results.json, as class.html reads them. */
function exercisesOf(dir: string, student: string): { id: string; score: number; maxScore: number; checks: unknown[] }[] {
  return (readResults(dir, student)!.extra_data as { exercises: { id: string; score: number; maxScore: number; checks: unknown[] }[] })
    .exercises;
}

/** Every check's score and status per student, from results.json: what "a student's grade" means here. */
function grades(dir: string, students: string[]): Record<string, Record<string, [number, string]>> {
  return Object.fromEntries(
    students.map((s) => [s, Object.fromEntries(readResults(dir, s)!.tests.map((t) => [t.name, [t.score, t.status]]))]),
  );
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const logins = (placed: PlacedStudent[]) => placed.map((p) => p.student.login).sort();

let browser: Browser;
let calm: string;
let hostile: string;
const out = { calm: '', hostile: '' };

beforeAll(async () => {
  calm = tempDir('calm-class');
  hostile = tempDir('hostile-class');
  await writeSyntheticClass(calm, CALM);
  await writeSyntheticClass(hostile, WITH_HOSTILE);
  out.calm = path.join(tempDir('out'), 'calm');
  out.hostile = path.join(tempDir('out'), 'hostile');
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

describe('npm run grade:class on a synthetic class', () => {
  it('grades every student or says why not, and its gradebook equals the results.json files', () => {
    const run = gradeClass([hostile, '--out', out.hostile, '--quick']);
    expect(run.stderr).toBe('');
    // One submission is not one (an empty folder): exit code 1, and the run went on.
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/10 students in .*: one folder or zip per student \(ids without the prefix "lstm-lab-"\)/);
    expect(run.stdout).toMatch(/\[9\/9\] .*done/);
    const rows = parse(read(path.join(out.hostile, GRADEBOOK_FILE)), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.student_id)).toEqual(logins(WITH_HOSTILE));
    for (const row of rows) {
      const results = readResults(out.hostile, row.student_id)!;
      if (row.student_id === 'empty') {
        expect(row).toMatchObject({ status: 'invalid-submission', total: '', reason: expect.stringMatching(/^no exercise files found/) });
        expect(results.output).toMatch(/^Not graded: no exercise files found/);
        continue;
      }
      expect(row.status).toBe('graded');
      expect(Number(row.total)).toBe(results.score);
      const exercises = exercisesOf(out.hostile, row.student_id);
      for (const e of exercises) expect(Number(row[e.id]), `${row.student_id} ${e.id}`).toBe(e.score);
      expect(exercises.every((e) => Array.isArray(e.checks))).toBe(true);
      for (const file of ['index.html', 'junit.xml', RESULTS_FILE])
        expect(fs.existsSync(path.join(out.hostile, row.student_id, file))).toBe(true);
    }
    const total = (s: string) => Number(rows.find((r) => r.student_id === s)!.total);
    expect(total('stub')).toBe(0);
    expect(total('mistake')).toBeLessThan(total('reference'));
    // The catalogued mistake is named in the checks that class.html reads.
    const mistake = exercisesOf(out.hostile, 'mistake') as { checks: { mistakes?: { id: string }[] }[] }[];
    expect(mistake.flatMap((e) => e.checks).some((c) => c.mistakes?.some((m) => m.id === MISTAKE))).toBe(true);
    for (const name of HOSTILE) {
      expect(readRecord(out.hostile, `hostile-${name}`)!.status).toBe('graded');
      expect(total(`hostile-${name}`)).toBeLessThan(total('reference'));
    }
  }, 900_000);

  it('grades hostile submissions alongside the others without changing anyone else’s grade', () => {
    for (const student of RIGHT) {
      for (const e of exercisesOf(out.hostile, student)) expect(e.score, `${student} ${e.id}`).toBe(e.maxScore);
    }
    const run = gradeClass([calm, '--out', out.calm, '--quick']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const others = logins(CALM);
    expect(grades(out.hostile, others)).toEqual(grades(out.calm, others));
  }, 900_000);

  it('groups the disguised copy with its original and nobody else', () => {
    const page = read(path.join(out.hostile, CLASS_PAGE_FILE));
    const groups = [...page.matchAll(/<article class="group"[\s\S]*?<\/article>/g)].map((m) => m[0]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toContain('>own-a<');
    expect(groups[0]).toContain('>copy-of-own-a<');
    expect(groups[0]).not.toContain('own-b');
  });

  it('re-runs without grading anyone, then grades exactly the one submission that changed', () => {
    const before = fs.statSync(path.join(out.hostile, 'reference', RESULTS_FILE)).mtimeMs;
    const again = gradeClass([hostile, '--out', out.hostile, '--quick']);
    expect(again.stdout).toContain('Nothing to grade');
    expect(readManifest(out.hostile).lastRun).toEqual({ regraded: [], reused: logins(WITH_HOSTILE).filter((s) => s !== 'empty') });

    // The student fixes their mistake: their file becomes the reference's.
    const file = path.join(hostile, `${ASSIGNMENT_PREFIX}mistake`, 'exercises', '01-activations', 'activations.ts');
    fs.copyFileSync(path.join(SOLUTIONS_DIR, '01-activations', 'activations.ts'), file);
    const fixed = gradeClass([hostile, '--out', out.hostile, '--quick']);
    expect(fixed.stderr).toBe('');
    expect(readManifest(out.hostile).lastRun?.regraded).toEqual(['mistake']);
    expect(fixed.stdout).toMatch(/Grading 1 submission with/);
    expect(readResults(out.hostile, 'mistake')!.score).toBe(readResults(out.hostile, 'reference')!.score);
    expect(fs.statSync(path.join(out.hostile, 'reference', RESULTS_FILE)).mtimeMs).toBe(before);
  }, 900_000);

  it('gives the same gradebook and class page from two shards merged as from the unsharded run', () => {
    const shards = [1, 2].map((k) => path.join(tempDir('shard'), `shard-${k}`));
    const sizes = shards.map((dir, k) => {
      const shard = { index: k + 1, count: 2 };
      for (const student of logins(WITH_HOSTILE).filter((s) => inShard(s, shard))) {
        fs.cpSync(studentDir(out.hostile, student), studentDir(dir, student), { recursive: true });
        fs.cpSync(recordPath(out.hostile, student), recordPath(dir, student));
      }
      const run = gradeClass([hostile, '--out', dir, '--quick', '--shard', `${k + 1}/2`]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Nothing to grade');
      return readManifest(dir).students.length;
    });
    expect(sizes[0] + sizes[1]).toBe(WITH_HOSTILE.length);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    const merged = path.join(tempDir('merged'), 'class');
    const run = gradeClass(['--merge', ...shards, '--out', merged]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(read(path.join(merged, GRADEBOOK_FILE))).toBe(read(path.join(out.hostile, GRADEBOOK_FILE)));
    expect(read(path.join(merged, CLASS_PAGE_FILE))).toBe(read(path.join(out.hostile, CLASS_PAGE_FILE)));
    // A missing shard is a reason, not a smaller gradebook.
    const partial = gradeClass(['--merge', shards[0], '--out', path.join(tempDir('merged'), 'partial')]);
    expect(partial.status).toBe(2);
    expect(partial.stderr.trim()).toBe("lstm-lab grade:class: --merge: shard 2/2 missing; every shard's folder is needed");
  }, 900_000);

  it('writes a class page that opens in Chromium with no request but the file and no console error', async () => {
    const { page, charts, close } = await checkClassPage(browser, out.hostile, true, 'screenshot-class-synthetic.png');
    try {
      expect(charts.map((c) => c.title)).toEqual(['Score distribution', 'Outcome per exercise']);
      expect(await page.locator('#students tbody tr').count()).toBe(WITH_HOSTILE.length);
    } finally {
      await close();
    }
  });
});
