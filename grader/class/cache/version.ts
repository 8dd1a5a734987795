/**
 * The grader's version for the class cache: a sha256 of everything a student's grade depends on
 * besides the submission and the options. Editing any of it regrades the class; editing what only
 * renders the class (the rest of grader/class/) does not.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { compareText } from '../intake/files';
import { GRADER_ROOT } from '../../paths';

/** Folders and files hashed, relative to the grader's checkout; missing ones (solutions/ in a student template) are skipped. */
export const VERSIONED_PATHS = ['grader', 'lib', 'solutions', 'package-lock.json'] as const;

/** Under grader/: left out, except grader/class/grading/ (how one student is graded). */
const UNVERSIONED = ['grader/bench', 'grader/class'];
const VERSIONED_INSIDE_UNVERSIONED = ['grader/class/grading'];

function isVersioned(relative: string): boolean {
  const under = (folder: string) => relative === folder || relative.startsWith(`${folder}/`);
  if (VERSIONED_INSIDE_UNVERSIONED.some(under)) return true;
  return !UNVERSIONED.some(under);
}

function filesUnder(root: string, relative: string, found: string[]): void {
  const full = path.join(root, relative);
  const stat = fs.lstatSync(full, { throwIfNoEntry: false });
  if (!stat) return;
  const holdsVersioned = VERSIONED_INSIDE_UNVERSIONED.some((inside) => inside.startsWith(`${relative}/`));
  if (!isVersioned(relative) && !(stat.isDirectory() && holdsVersioned)) return;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full)) {
      if (!name.startsWith('.') && name !== 'node_modules') filesUnder(root, `${relative}/${name}`, found);
    }
  } else if (stat.isFile()) {
    found.push(relative);
  }
}

/** The files that make up the grader's version, relative to `root`, sorted. */
export function versionedFiles(root: string = GRADER_ROOT): string[] {
  const found: string[] = [];
  for (const entry of VERSIONED_PATHS) filesUnder(root, entry, found);
  return found.sort(compareText);
}

const memo = new Map<string, string>();

/** sha256 (hex) of the versioned files' paths and contents. */
export function graderVersion(root: string = GRADER_ROOT): string {
  const known = memo.get(root);
  if (known) return known;
  const hash = createHash('sha256');
  for (const file of versionedFiles(root)) {
    const content = fs.readFileSync(path.join(root, file));
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  const version = hash.digest('hex');
  memo.set(root, version);
  return version;
}
