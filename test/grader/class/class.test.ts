/**
 * `npm run grade:class` end to end on a synthetic class (scripts/class/synthetic-class.ts), graded
 * for real through the sandbox with --quick:
 *
 * - the gradebook's rows and totals equal each student's results.json;
 * - hostile submissions graded alongside change no other student's grade;
 * - a re-run grades nothing, and after one submission changes it grades exactly that one;
 * - two shards merged give the same gradebook and class page as the unsharded run;
 * - the class page opens in Chromium with no request but the file and no console error.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_PAGE_FILE, GRADEBOOK_FILE, readManifest, readRecord, readResults, RESULTS_FILE } from '../../../grader/class/store';
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
  await writeSyntheticClass(calm, CLASS);
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
    const run = gradeClass([calm, '--out', out.calm, '--quick']);
    expect(run.stderr).toBe('');
    // One submission is not one (an empty folder): exit code 1, and the run went on.
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/8 students in .*: one folder or zip per student \(ids without the prefix "lstm-lab-"\)/);
    expect(run.stdout).toMatch(/\[7\/7\] .*done/);
    const rows = parse(read(path.join(out.calm, GRADEBOOK_FILE)), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.student_id)).toEqual(logins(CLASS));
    for (const row of rows) {
      const results = readResults(out.calm, row.student_id)!;
      if (row.student_id === 'empty') {
        expect(row).toMatchObject({ status: 'invalid-submission', total: '', reason: expect.stringMatching(/^no exercise files found/) });
        expect(results.output).toMatch(/^Not graded: no exercise files found/);
        continue;
      }
      expect(row.status).toBe('graded');
      expect(Number(row.total)).toBe(results.score);
      const exercises = (results.extra_data as { exercises: { id: string; score: number; checks: unknown[] }[] }).exercises;
      for (const e of exercises) expect(Number(row[e.id]), `${row.student_id} ${e.id}`).toBe(e.score);
      expect(exercises.every((e) => Array.isArray(e.checks))).toBe(true);
      for (const file of ['index.html', 'junit.xml', RESULTS_FILE])
        expect(fs.existsSync(path.join(out.calm, row.student_id, file))).toBe(true);
    }
    const total = (s: string) => Number(rows.find((r) => r.student_id === s)!.total);
    expect(total('reference')).toBe(total('own-a'));
    expect(total('own-b')).toBe(total('reference'));
    expect(total('copy-of-own-a')).toBe(total('reference'));
    expect(total('stub')).toBe(0);
    expect(total('mistake')).toBeLessThan(total('reference'));
    // The catalogued mistake is named in the checks that class.html reads.
    const mistake = (readResults(out.calm, 'mistake')!.extra_data as { exercises: { checks: { mistakes?: { id: string }[] }[] }[] })
      .exercises;
    expect(mistake.flatMap((e) => e.checks).some((c) => c.mistakes?.some((m) => m.id === MISTAKE))).toBe(true);
  }, 900_000);

  it('grades hostile submissions alongside the others without changing anyone else’s grade', () => {
    const run = gradeClass([hostile, '--out', out.hostile, '--quick']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const others = logins(CLASS).filter((s) => s !== 'empty');
    expect(grades(out.hostile, others)).toEqual(grades(out.calm, others));
    for (const name of HOSTILE) {
      const record = readRecord(out.hostile, `hostile-${name}`)!;
      expect(record.status).toBe('graded');
      expect(readResults(out.hostile, `hostile-${name}`)!.score).toBeLessThan(readResults(out.hostile, 'reference')!.score);
    }
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
      const run = gradeClass([hostile, '--out', dir, '--quick', '--shard', `${k + 1}/2`]);
      expect(run.stderr).toBe('');
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
