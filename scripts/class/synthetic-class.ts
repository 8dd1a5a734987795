/**
 * A synthetic class for the class-grading tests and the speed measurement: students made from the
 * reference solutions, the catalogue of known mistakes, the stubs, hostile submissions, and two
 * students' own code plus a disguised copy of one of them. Laid out as GitHub Classroom clones
 * (`<assignment>-<login>/exercises/…`, with lib/ beside it as in the template), some zipped.
 *
 *     npx ts-node scripts/class/synthetic-class.ts DIR [--size 60]
 */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { CODE_EXERCISES } from '../../grader/course';
import { EXERCISES_DIR, GRADER_ROOT, SOLUTIONS_DIR } from '../../grader/paths';
import { buildMistakeSubmission, MISTAKE_PATCHES } from '../../test/fixtures/mistake-patches';
import { buildHostileSubmission } from '../../test/fixtures/hostile-cases';
import { disguisedCopy, STYLE_A, STYLE_B, type OwnSources } from './own-style';

export const ASSIGNMENT_PREFIX = 'lstm-lab-';

export type SyntheticStudent =
  /** The reference solutions, with a comment of the student's own on top of each file. */
  | { login: string; kind: 'reference' }
  /** The reference with one catalogued mistake. */
  | { login: string; kind: 'mistake'; mistake: string }
  /** The reference for the first `done` code exercises, stubs for the rest. */
  | { login: string; kind: 'partial'; done: number }
  /** The untouched template. */
  | { login: string; kind: 'stub' }
  /** A copy of the reference with one hostile file (test/fixtures/hostile-cases.ts). */
  | { login: string; kind: 'hostile'; hostile: string }
  /** The reference with exercises replaced by own code. */
  | { login: string; kind: 'own'; sources: OwnSources }
  /** A folder without any exercise file. */
  | { login: string; kind: 'empty' };

export interface PlacedStudent {
  student: SyntheticStudent;
  /** Zipped as `<assignment>-<login>.zip` instead of a folder. */
  zipped: boolean;
}

/** Hostile cases that grade within seconds with the default limits. */
export const QUICK_HOSTILE_CASES = [
  'kill-grader',
  'process-exit-load',
  'endless-loop-call',
  'garbage-on-pipes',
  'syntax-error',
  'symlink-to-solution',
  'patch-globals',
  'console-flood',
];

/** The class the speed measurement uses: `size` students, about one in eight zipped. */
export function benchmarkClass(size: number): PlacedStudent[] {
  if (!Number.isInteger(size) || size < 12)
    throw new RangeError(`benchmarkClass: argument size must be a whole number ≥ 12, got ${String(size)}`);
  const students: SyntheticStudent[] = [
    { login: 'own-a', kind: 'own', sources: STYLE_A },
    { login: 'own-b', kind: 'own', sources: STYLE_B },
    { login: 'copy-of-own-a', kind: 'own', sources: disguisedCopy(STYLE_A) },
    { login: 'stub', kind: 'stub' },
    { login: 'empty', kind: 'empty' },
  ];
  const hostile = QUICK_HOSTILE_CASES.slice(0, Math.max(2, Math.round(size / 12)));
  for (const name of hostile) students.push({ login: `hostile-${name}`, kind: 'hostile', hostile: name });
  const partials = Math.round(size / 10);
  for (let k = 0; k < partials; k++)
    students.push({ login: `partial-${k + 1}`, kind: 'partial', done: 1 + (k % (CODE_EXERCISES.length - 1)) });
  const references = Math.round(size / 6);
  for (let k = 0; k < references; k++) students.push({ login: `reference-${k + 1}`, kind: 'reference' });
  const mistakes = Object.keys(MISTAKE_PATCHES).sort();
  for (let k = 0; students.length < size; k++) {
    const mistake = mistakes[k % mistakes.length];
    students.push({
      login: k < mistakes.length ? `mistake-${mistake}` : `mistake-${mistake}-${Math.floor(k / mistakes.length) + 1}`,
      kind: 'mistake',
      mistake,
    });
  }
  return students.map((student, k) => ({ student, zipped: k % 8 === 5 }));
}

/** Writes the class into `dest` (created); returns the folder names (or zip names) per login. */
export async function writeSyntheticClass(dest: string, placed: readonly PlacedStudent[]): Promise<Map<string, string>> {
  fs.mkdirSync(dest, { recursive: true });
  const names = new Map<string, string>();
  for (const { student, zipped } of placed) {
    const folder = path.join(dest, `${ASSIGNMENT_PREFIX}${student.login}`);
    await writeStudent(student, folder);
    if (zipped) {
      const zip = new AdmZip();
      zip.addLocalFolder(folder, path.basename(folder));
      zip.writeZip(`${folder}.zip`);
      fs.rmSync(folder, { recursive: true, force: true });
      names.set(student.login, `${path.basename(folder)}.zip`);
    } else {
      names.set(student.login, path.basename(folder));
    }
  }
  return names;
}

/** The student's repository: lib/ and exercises/, as a GitHub Classroom clone of the template has them. */
export async function writeStudent(student: SyntheticStudent, folder: string): Promise<void> {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const exercises = path.join(folder, 'exercises');
  switch (student.kind) {
    case 'mistake':
      buildMistakeSubmission(student.mistake, folder);
      return;
    case 'hostile': {
      const built = await buildHostileSubmission(student.hostile);
      try {
        fs.cpSync(built, exercises, { recursive: true, verbatimSymlinks: true });
      } finally {
        fs.rmSync(built, { recursive: true, force: true });
      }
      break;
    }
    case 'empty':
      fs.writeFileSync(path.join(folder, 'README.md'), 'Nothing handed in.\n');
      return;
    case 'stub':
      copyExercises(EXERCISES_DIR, exercises, () => true);
      break;
    case 'partial':
      copyExercises(EXERCISES_DIR, exercises, () => true);
      CODE_EXERCISES.slice(0, student.done).forEach((e) => copyFile(SOLUTIONS_DIR, exercises, e.file));
      break;
    case 'reference':
    case 'own':
      copyExercises(SOLUTIONS_DIR, exercises, () => true);
      for (const e of CODE_EXERCISES) {
        const file = path.join(exercises, e.file);
        fs.writeFileSync(file, `// ${student.login}'s solution.\n${fs.readFileSync(file, 'utf8')}`);
      }
      if (student.kind === 'own')
        for (const [file, text] of Object.entries(student.sources)) fs.writeFileSync(path.join(exercises, file), text);
      break;
  }
  fs.cpSync(path.join(GRADER_ROOT, 'lib'), path.join(folder, 'lib'), { recursive: true });
}

function copyExercises(from: string, to: string, keep: (file: string) => boolean): void {
  for (const e of CODE_EXERCISES) if (keep(e.file)) copyFile(from, to, e.file);
}

function copyFile(from: string, to: string, file: string): void {
  fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
  fs.copyFileSync(path.join(from, file), path.join(to, file));
}

if (require.main === module) {
  const [dest, ...rest] = process.argv.slice(2);
  const sizeAt = rest.indexOf('--size');
  const size = sizeAt >= 0 ? Number(rest[sizeAt + 1]) : 60;
  if (!dest) {
    process.stderr.write('usage: node -r ts-node/register/transpile-only scripts/class/synthetic-class.ts DIR [--size N]\n');
    process.exitCode = 2;
  } else {
    writeSyntheticClass(path.resolve(dest), benchmarkClass(size)).then(
      (names) => process.stdout.write(`${names.size} students written to ${dest}\n`),
      (error) => {
        process.stderr.write(`synthetic-class: ${(error as Error).message}\n`);
        process.exitCode = 2;
      },
    );
  }
}
