/**
 * The class output folder DIR: what is in it and how it is read back.
 *
 *     DIR/<student>/index.html, results.json, junit.xml   that student's outputs (as `npm run grade` writes them)
 *     DIR/gradebook.csv, DIR/class.html                   the class outputs
 *     DIR/class-data/run.json                             the run: grader version, options, shard, students
 *     DIR/class-data/students/<student>.json              one record per student: status, reason, cache key,
 *                                                         similarity fingerprints
 *
 * Records are written as each student finishes, through a temporary file and a rename, so an
 * interrupted run leaves only whole records behind and the next run resumes from them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GradescopeResults } from '../reporters/gradescope-schema';
import type { GradingOptions } from './cache/key';
import { compareText } from './intake/files';

export const CLASS_DATA_DIR = 'class-data';
export const GRADEBOOK_FILE = 'gradebook.csv';
export const CLASS_PAGE_FILE = 'class.html';
export const RESULTS_FILE = 'results.json';
export const REPORT_FILE = 'index.html';
export const JUNIT_FILE = 'junit.xml';

export type StudentStatus =
  /** Graded: DIR/<student>/ holds the report, results.json and junit.xml. */
  | 'graded'
  /** The submission itself is unusable (no exercise files, an unsafe or broken zip, two submissions). */
  | 'invalid-submission'
  /** Grading started but did not finish (it took too long, or the grading process died); a re-run tries again. */
  | 'grading-error';

export interface StudentRecord {
  schema: 1;
  student: string;
  /** Where the submission was found, relative to SUBMISSIONS. */
  origin: string;
  /** Equal for the members of one group submission. */
  sourceKey: string;
  status: StudentStatus;
  /** Why the student has no grade (status other than graded). */
  reason?: string;
  /** What intake noticed (files skipped, a link not followed). */
  notes: string[];
  /** Where the exercise folders were found in the submission. */
  layout?: string;
  /** sha256 of the exercise files (intake/files.ts). */
  contentHash?: string;
  /** The cache key the outputs were graded under (graded records only). */
  key?: string;
  /** The exercise files graded, laid out like exercises/. */
  files?: string[];
  /** The submission's own material for the similarity check: fingerprints per exercise folder, sorted. */
  fingerprints?: Record<string, number[]>;
  /** Wall time of the grading that made the outputs. */
  durationMs?: number;
}

export interface RunManifest {
  schema: 1;
  graderVersion: string;
  options: GradingOptions;
  /** The slice this DIR holds (`--shard I/N`), or null for a whole class. */
  shard: { index: number; count: number } | null;
  /** Every student of this DIR, sorted; the gradebook has exactly these rows. */
  students: string[];
  /** What the last command did; informative only (merges leave it out). */
  lastRun?: { regraded: string[]; reused: string[] };
}

/** A DIR that cannot be read back (no run.json, a damaged record): the command stops with exit code 2. */
export class ClassDataError extends Error {
  override name = 'ClassDataError';
}

export const studentDir = (dir: string, student: string): string => path.join(dir, student);
export const recordPath = (dir: string, student: string): string => path.join(dir, CLASS_DATA_DIR, 'students', `${student}.json`);
export const manifestPath = (dir: string): string => path.join(dir, CLASS_DATA_DIR, 'run.json');

/** Writes through a temporary file and a rename: a reader never sees half a file. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

export function writeRecord(dir: string, record: StudentRecord): void {
  writeFileAtomic(recordPath(dir, record.student), JSON.stringify(record) + '\n');
}

/** The stored record of a student, or undefined when there is none or it is unreadable (then the student is graded again). */
export function readRecord(dir: string, student: string): StudentRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(recordPath(dir, student), 'utf8')) as StudentRecord;
    return record.schema === 1 && record.student === student ? record : undefined;
  } catch {
    return undefined;
  }
}

export function writeManifest(dir: string, manifest: RunManifest): void {
  writeFileAtomic(manifestPath(dir), JSON.stringify(manifest, null, 2) + '\n');
}

export function readManifest(dir: string): RunManifest {
  const file = manifestPath(dir);
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as RunManifest;
  } catch (error) {
    throw new ClassDataError(`${dir} is not the output of grade:class: ${file} cannot be read (${(error as Error).message})`);
  }
  if (manifest.schema !== 1 || !Array.isArray(manifest.students) || typeof manifest.graderVersion !== 'string') {
    throw new ClassDataError(`${file} is not a grade:class run file of a version this grader reads`);
  }
  return manifest;
}

/** The results.json of a graded student. */
export function readResults(dir: string, student: string): GradescopeResults | undefined {
  try {
    const results = JSON.parse(fs.readFileSync(path.join(studentDir(dir, student), RESULTS_FILE), 'utf8')) as GradescopeResults;
    return typeof results.score === 'number' && Array.isArray(results.tests) ? results : undefined;
  } catch {
    return undefined;
  }
}

/** One student as the gradebook and the class page see them. */
export interface ClassStudent {
  record: StudentRecord;
  /** Present exactly when the record says graded. */
  results?: GradescopeResults;
}

export interface ClassData {
  manifest: RunManifest;
  /** Sorted by student id. */
  students: ClassStudent[];
}

/** Reads DIR back: the manifest, every listed student's record and, for graded ones, results.json. */
export function loadClassData(dir: string): ClassData {
  const manifest = readManifest(dir);
  const students = [...manifest.students].sort(compareText).map((student): ClassStudent => {
    const record = readRecord(dir, student);
    if (!record) throw new ClassDataError(`${recordPath(dir, student)} is missing or damaged; grade the class into ${dir} again`);
    if (record.status !== 'graded') return { record };
    const results = readResults(dir, student);
    if (!results)
      throw new ClassDataError(
        `${path.join(studentDir(dir, student), RESULTS_FILE)} is missing or damaged; grade the class into ${dir} again`,
      );
    return { record, results };
  });
  return { manifest, students };
}
