/**
 * A submission as class grading sees it: only the exercise .ts files (DESIGN.md section 2), as
 * paths laid out like exercises/ (`03-forget-gate/forget-gate.ts`) with their bytes. Everything
 * downstream (the cache key, the similarity check, the folder the grader stages) reads this one
 * snapshot, so what is graded is exactly what was hashed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ExerciseFile {
  /** Path laid out like exercises/, with forward slashes, e.g. `03-forget-gate/forget-gate.ts`. */
  path: string;
  /** The file's bytes; absent for a symbolic link. */
  content?: Buffer;
  /** A symbolic link's target as written in the link (never followed). */
  linkTarget?: string;
}

/** What intake found: the exercise files, or why there are none worth grading. */
export type Intake = { ok: true; files: ExerciseFile[]; notes: string[]; layout: string } | { ok: false; problem: string; notes: string[] };

/** An exercise .ts file no exercise needs this much of; the grader's own staging limit is 1 MB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** All exercise files of one submission together. */
export const MAX_TOTAL_BYTES = 32 * 1024 * 1024;

/** sha256 over the sorted (path, kind, bytes) triples, length-prefixed so that no two submissions collide by concatenation. */
export function contentHash(files: readonly ExerciseFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    const body = file.content ?? Buffer.from(file.linkTarget ?? '', 'utf8');
    hash.update(`${file.content ? 'file' : 'link'}\0${Buffer.byteLength(file.path)}\0${file.path}\0${body.length}\0`);
    hash.update(body);
  }
  return hash.digest('hex');
}

/**
 * Writes the files into `dir` (which must not exist yet or be empty). A symbolic link is written
 * as a link with the same target, so that the grader's staging refuses it with its own message
 * ("is a symbolic link: submit the file itself"); nothing here reads through it.
 */
export function writeSubmissionTree(files: readonly ExerciseFile[], dir: string): void {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('writeSubmissionTree: argument dir must be a folder path');
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  for (const file of files) {
    const target = path.resolve(root, ...file.path.split('/'));
    if (!target.startsWith(root + path.sep)) {
      throw new Error(`writeSubmissionTree: argument files: ${JSON.stringify(file.path)} would be written outside ${root}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.content) fs.writeFileSync(target, file.content);
    else fs.symlinkSync(file.linkTarget ?? '', target);
  }
}

/** Code-point order: the same on every machine and locale (gradebook rows, shards, hashes). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
