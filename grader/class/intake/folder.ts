/**
 * Reads a submission folder (a cloned repository, a Gradescope submission folder) without ever
 * following a symbolic link: a student's repository may link `exercises/` or a file to anywhere on
 * the instructor's machine, and a link to solutions/ must not turn into a copy of the reference.
 * Links named like exercise files are kept as links, for the grader to refuse with its own message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES, type ExerciseFile, type Intake } from './files';
import { isExerciseSource, isIgnoredSegment, locateExercises, noExerciseFilesProblem, type Candidate } from './locate';
import { readZipSubmission } from './zip';

/** A repository deeper than this holds no exercise of ours below it. */
const MAX_DEPTH = 8;
/** Entries looked at before giving up on a folder (a repository with node_modules committed is skipped, not walked). */
const MAX_ENTRIES = 50_000;

class TooManyEntries extends Error {}

function walk(root: string): Candidate[] {
  const found: Candidate[] = [];
  let seen = 0;
  const visit = (relative: string, depth: number): void => {
    const entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) throw new TooManyEntries();
      if (isIgnoredSegment(entry.name)) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // Dirent types come from lstat: a link to a folder is a link, never a folder to walk.
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) visit(child, depth + 1);
      } else if (isExerciseSource(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        found.push({ path: child, kind: entry.isFile() ? 'file' : 'link' });
      }
    }
  };
  visit('', 0);
  return found;
}

/** The exercise files of the submission folder `dir`; a folder holding just one zip is read as that zip. */
export function readFolderSubmission(dir: string): Intake {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('readFolderSubmission: argument dir must be a folder path');
  let candidates: Candidate[];
  try {
    candidates = walk(dir);
  } catch (error) {
    if (error instanceof TooManyEntries) {
      return {
        ok: false,
        problem: `the folder holds more than ${MAX_ENTRIES} files and folders; hand in the exercises/ folder only`,
        notes: [],
      };
    }
    return { ok: false, problem: `the folder cannot be read: ${(error as Error).message}`, notes: [] };
  }
  const located = locateExercises(candidates);
  if (!located) {
    const zips = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.zip'));
    if (zips.length === 1) {
      const inner = readZipSubmission(path.join(dir, zips[0].name));
      return { ...inner, notes: [`read from ${zips[0].name}, the only zip in the folder`, ...inner.notes] };
    }
    return { ok: false, problem: noExerciseFilesProblem(), notes: [] };
  }
  const files: ExerciseFile[] = [];
  const notes: string[] = [];
  let total = 0;
  for (const { candidate, to } of located.picked) {
    const source = path.join(dir, ...candidate.path.split('/'));
    if (candidate.kind === 'link') {
      files.push({ path: to, linkTarget: fs.readlinkSync(source) });
      notes.push(`${candidate.path} is a symbolic link; it is not followed`);
      continue;
    }
    const size = fs.lstatSync(source).size;
    if (size > MAX_FILE_BYTES) {
      return { ok: false, problem: `${candidate.path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, which no exercise needs`, notes };
    }
    total += size;
    if (total > MAX_TOTAL_BYTES) {
      return {
        ok: false,
        problem: `the exercise files add up to more than ${MAX_TOTAL_BYTES / 1024 / 1024} MB, which no submission needs`,
        notes,
      };
    }
    files.push({ path: to, content: fs.readFileSync(source) });
  }
  return { ok: true, files, notes, layout: located.layout === '' ? 'exercise folders at the top' : located.layout };
}
