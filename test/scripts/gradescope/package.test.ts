/**
 * The Gradescope autograder: locating a submission's files, the config, the zip, and
 * run_autograder run for real against a fake /autograder layout (AUTOGRADER_ROOT), first with a
 * stand-in grader (to pin down run_autograder's own behaviour), then with the real grader.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../grader/course';
import { CONFIG_FILE, loadConfig, parseConfig } from '../../../scripts/gradescope/config';
import { buildGradescopeZip, parsePackageArgs } from '../../../scripts/gradescope/package';
import { applyVisibility } from '../../../scripts/gradescope/run-autograder';
import { locateExerciseFiles, stageSubmission } from '../../../scripts/gradescope/submission';
import { removeTempDirs, tempDir } from '../../helpers/ci';

afterAll(removeTempDirs);

const ROOT = path.resolve(__dirname, '../../..');

function write(root: string, file: string, text = '// code\n'): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

describe('locateExerciseFiles', () => {
  const targets = (dir: string): string[] =>
    locateExerciseFiles(dir)
      .files.map((f) => f.to)
      .sort();

  it('takes exercises/NN-id/*.ts, NN-id/*.ts at the top, or either inside one wrapping folder', () => {
    for (const prefix of ['exercises/', '', 'lstm-lab-main/', 'lstm-lab-main/exercises/']) {
      const dir = tempDir('layout');
      write(dir, `${prefix}03-forget-gate/forget-gate.ts`);
      write(dir, `${prefix}03-forget-gate/helper.ts`);
      write(dir, `${prefix}03-forget-gate/README.md`);
      write(dir, `${prefix}03-forget-gate/types.d.ts`);
      write(dir, `${prefix}03-forget-gate/nested/deep.ts`);
      write(dir, `${prefix}lib/linalg.ts`, '// a forged lib is never taken\n');
      write(dir, `${prefix}99-unknown/x.ts`);
      expect(targets(dir), prefix).toEqual(['03-forget-gate/forget-gate.ts', '03-forget-gate/helper.ts']);
      expect(locateExerciseFiles(dir).layout).toBe(prefix.replace(/\/$/, ''));
    }
  });

  it('puts loose exercise files into their folders', () => {
    const dir = tempDir('loose');
    write(dir, 'forget-gate.ts');
    write(dir, 'lstm-cell.ts');
    write(dir, 'notes.ts');
    expect(targets(dir)).toEqual(['03-forget-gate/forget-gate.ts', '08-lstm-cell/lstm-cell.ts']);
  });

  it('finds nothing in an unrelated upload, and names itself for a missing folder', () => {
    const dir = tempDir('nothing');
    write(dir, 'essay.txt');
    expect(locateExerciseFiles(dir).files).toEqual([]);
    expect(() => locateExerciseFiles(path.join(dir, 'absent'))).toThrow(/locateExerciseFiles: submission folder/);
  });

  it('stages the files into a fresh tree laid out like exercises/', () => {
    const dir = tempDir('stage');
    write(dir, '02-affine/affine.ts', 'export const a = 1;\n');
    const target = path.join(tempDir('staged'), 'submission');
    write(target, 'stale/old.ts');
    stageSubmission(locateExerciseFiles(dir), target);
    expect(fs.readdirSync(target)).toEqual(['02-affine']);
    expect(fs.readFileSync(path.join(target, '02-affine/affine.ts'), 'utf8')).toBe('export const a = 1;\n');
  });
});

describe('Gradescope config', () => {
  it('accepts visibility settings and grade options, and refuses anything else by name', () => {
    expect(parseConfig({ visibility: 'after_published', gradeArgs: ['--quick'] })).toEqual({
      visibility: 'after_published',
      gradeArgs: ['--quick'],
    });
    expect(() => parseConfig({ visibility: 'public' })).toThrow(
      /parseConfig: visibility must be one of visible, hidden, after_due_date, after_published/,
    );
    expect(() => parseConfig({ visiblity: 'hidden' })).toThrow(/parseConfig: unknown key "visiblity"/);
    expect(() => parseConfig({ gradeArgs: '--quick' })).toThrow(/parseConfig: gradeArgs/);
    expect(() => parseConfig([])).toThrow(/parseConfig: gradescope.config.json must hold a JSON object/);
  });

  it('lets environment variables override the file', () => {
    const dir = tempDir('config');
    const file = path.join(dir, CONFIG_FILE);
    fs.writeFileSync(file, JSON.stringify({ visibility: 'hidden', gradeArgs: ['--quick'] }));
    expect(loadConfig(file, { LSTM_LAB_VISIBILITY: 'visible', LSTM_LAB_STDOUT_VISIBILITY: 'after_published' })).toEqual({
      visibility: 'visible',
      stdoutVisibility: 'after_published',
      gradeArgs: ['--quick'],
    });
    expect(loadConfig(path.join(dir, 'none.json'), {})).toEqual({ gradeArgs: [] });
    expect(() => loadConfig(file, { LSTM_LAB_VISIBILITY: 'everyone' })).toThrow(/loadConfig: LSTM_LAB_VISIBILITY/);
  });

  it('applies the visibility to the result and to every test', () => {
    const results = { score: 3, tests: [{ name: 'a', visibility: 'visible' }, { name: 'b' }] };
    expect(applyVisibility(results, { visibility: 'after_published', stdoutVisibility: 'hidden', gradeArgs: [] })).toEqual({
      score: 3,
      visibility: 'after_published',
      stdout_visibility: 'hidden',
      tests: [
        { name: 'a', visibility: 'after_published' },
        { name: 'b', visibility: 'after_published' },
      ],
    });
    expect(applyVisibility(results, { gradeArgs: [] })).toEqual(results);
  });
});

/** Builds the zip and unpacks it as Gradescope does: /autograder/source, with run_autograder beside it. */
function fakeAutograder(configArgs: string[] = []): { root: string; zipEntries: string[]; zip: AdmZip } {
  const root = tempDir('autograder');
  const options = parsePackageArgs(['--out', path.join(root, 'autograder.zip'), ...configArgs], ROOT);
  const zipEntries = buildGradescopeZip(options);
  const zip = new AdmZip(options.outFile);
  zip.extractAllTo(path.join(root, 'source'), true, true);
  fs.copyFileSync(path.join(root, 'source/run_autograder'), path.join(root, 'run_autograder'));
  fs.chmodSync(path.join(root, 'run_autograder'), 0o755);
  // setup.sh would run npm ci here; the tests reuse the project's installed packages instead.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'source/node_modules'), 'dir');
  fs.mkdirSync(path.join(root, 'submission'));
  return { root, zipEntries, zip };
}

function runAutograder(root: string, env: NodeJS.ProcessEnv = {}): { results: Record<string, unknown>; stdout: string } {
  const stdout = execFileSync(path.join(root, 'run_autograder'), [], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AUTOGRADER_ROOT: root, ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { results: JSON.parse(fs.readFileSync(path.join(root, 'results/results.json'), 'utf8')), stdout };
}

/** Replaces the packaged grader's CLI with a stand-in whose behaviour the test chooses. */
function standInGrader(root: string): void {
  write(
    path.join(root, 'source'),
    'grader/cli.ts',
    `
import * as fs from 'node:fs';
import * as path from 'node:path';
const args = process.argv.slice(2);
const submission = args[args.indexOf('--submission') + 1]!;
const out = args[args.indexOf('--out') + 1]!;
const mode = process.env.STAND_IN_MODE;
if (mode === 'cannot-run') { console.error('grade: --submission folder has no exercise files'); process.exit(2); }
if (mode === 'garbage') { fs.writeFileSync(path.join(out, 'results.json'), '{not json'); process.exit(1); }
const files = fs.readdirSync(submission, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).sort();
const tests = files.map((f) => ({ name: f, score: 1, max_score: 1, status: 'passed', visibility: 'visible' }));
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({ score: files.length, tests, extra_data: { args } }));
process.exit(files.length >= 2 ? 0 : 1);
`,
  );
}

describe('the Gradescope package', () => {
  it('has setup.sh and run_autograder (executable) at the root, the grader files and the config, and nothing else', () => {
    const { zipEntries, zip } = fakeAutograder(['--visibility', 'after_published', '--grade-arg=--quick']);
    for (const script of ['setup.sh', 'run_autograder']) {
      const entry = zip.getEntry(script);
      expect(entry, script).not.toBeNull();
      expect((entry!.header.attr >>> 16) & 0o777, script).toBe(0o755);
    }
    expect(JSON.parse(zip.readAsText(CONFIG_FILE))).toEqual({ gradeArgs: ['--quick'], visibility: 'after_published' });
    for (const file of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'lib/types.ts',
      'grader/model.ts',
      'grader/course/index.ts',
      'solutions/02-affine/affine.ts',
      'scripts/gradescope/run-autograder.ts',
    ]) {
      expect(zipEntries, file).toContain(file);
    }
    const tops = new Set(zipEntries.map((e) => e.split('/')[0]));
    expect([...tops].sort()).toEqual([
      'grader',
      'gradescope.config.json',
      'lib',
      'package-lock.json',
      'package.json',
      'run_autograder',
      'scripts',
      'setup.sh',
      'solutions',
      'tsconfig.json',
    ]);
    expect(zipEntries.some((e) => e.startsWith('scripts/') && !e.startsWith('scripts/gradescope/'))).toBe(false);
  });

  it('refuses a bad visibility option by name', () => {
    expect(() => parsePackageArgs(['--visibility', 'public'], ROOT)).toThrow(/parsePackageArgs: --visibility must be one of/);
  });

  it('ships shell scripts that parse', () => {
    for (const script of ['setup.sh', 'run_autograder']) {
      execFileSync('bash', ['-n', path.join(ROOT, 'scripts/gradescope', script)]);
    }
  });
});

describe('run_autograder with a stand-in grader', () => {
  it('stages the exercise files, passes the options, copies results.json and applies the visibility', () => {
    const { root } = fakeAutograder(['--visibility', 'after_published', '--stdout-visibility', 'hidden', '--grade-arg=--quick']);
    standInGrader(root);
    write(path.join(root, 'submission'), 'my-repo/exercises/02-affine/affine.ts');
    write(path.join(root, 'submission'), 'my-repo/exercises/03-forget-gate/forget-gate.ts');
    write(path.join(root, 'submission'), 'my-repo/grader/cli.ts', '// forged\n');
    const { results, stdout } = runAutograder(root);
    expect(stdout).toContain('Found 2 exercise file(s) (my-repo/exercises)');
    expect(results.score).toBe(2);
    expect(results.visibility).toBe('after_published');
    expect(results.stdout_visibility).toBe('hidden');
    expect(results.tests).toEqual([
      { name: '02-affine/affine.ts', score: 1, max_score: 1, status: 'passed', visibility: 'after_published' },
      { name: '03-forget-gate/forget-gate.ts', score: 1, max_score: 1, status: 'passed', visibility: 'after_published' },
    ]);
    const args = (results.extra_data as { args: string[] }).args;
    expect(args).toEqual(['--submission', path.join(root, 'work/submission'), '--out', path.join(root, 'work/reports'), '--quick']);
  });

  it('keeps the grade below the pass mark (exit code 1) and lets LSTM_LAB_VISIBILITY override the zip', () => {
    const { root } = fakeAutograder(['--visibility', 'hidden']);
    standInGrader(root);
    write(path.join(root, 'submission'), '02-affine/affine.ts');
    const { results } = runAutograder(root, { LSTM_LAB_VISIBILITY: 'visible' });
    expect(results.score).toBe(1);
    expect(results.visibility).toBe('visible');
  });

  it('writes score 0 with the reason when grading cannot run, the results are unreadable, or nothing was submitted', () => {
    const { root } = fakeAutograder();
    standInGrader(root);
    write(path.join(root, 'submission'), '02-affine/affine.ts');
    const cannotRun = runAutograder(root, { STAND_IN_MODE: 'cannot-run' }).results;
    expect(cannotRun).toMatchObject({
      score: 0,
      tests: [],
      output: 'Grading could not run: grade: --submission folder has no exercise files',
    });
    const garbage = runAutograder(root, { STAND_IN_MODE: 'garbage' }).results;
    expect(garbage).toMatchObject({ score: 0, output: 'Grading could not run: the grader wrote an unreadable results.json.' });
    fs.rmSync(path.join(root, 'submission'), { recursive: true });
    fs.mkdirSync(path.join(root, 'submission'));
    const empty = runAutograder(root).results;
    expect(empty.score).toBe(0);
    expect(String(empty.output)).toContain('no exercise files were found in your submission');
  });

  it('still writes a valid results.json when Node cannot start the runner', () => {
    const { root } = fakeAutograder();
    fs.rmSync(path.join(root, 'source/scripts/gradescope/run-autograder.ts'));
    const { results } = runAutograder(root);
    expect(results.score).toBe(0);
    expect(String(results.output)).toMatch(/^Grading could not run: the autograder failed to start \(exit code [1-9]/);
  });
});

describe('run_autograder with the real grader', () => {
  it('grades the reference solutions at full marks in results.json', () => {
    const { root } = fakeAutograder(['--grade-arg=--quick']);
    for (const info of CODE_EXERCISES)
      write(path.join(root, 'submission'), `exercises/${info.file}`, fs.readFileSync(path.join(ROOT, 'solutions', info.file), 'utf8'));
    const { results } = runAutograder(root);
    expect(results.output ?? '').not.toMatch(/^Grading could not run/);
    const tests = results.tests as { name: string; score: number; max_score: number; status?: string; tags?: string[] }[];
    expect(Array.isArray(tests) && tests.length).toBeGreaterThan(0);
    for (const test of tests) {
      expect(typeof test.name).toBe('string');
      expect(test.score, test.name).toBe(test.max_score);
    }
    const total = tests.reduce((sum, t) => sum + t.score, 0);
    expect(results.score).toBeCloseTo(total, 6);
    const graded = new Set(tests.flatMap((t) => t.tags ?? []));
    for (const info of CODE_EXERCISES) expect(graded, info.id).toContain(info.id);
  });
});
