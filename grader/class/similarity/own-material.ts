/**
 * A submission's own material: the fingerprints of its exercise files, per exercise folder, minus
 * those of the stubs students start from (exercises/) and of the reference (solutions/). What is
 * left is code the student wrote beyond what everybody is given or converges on, so untouched
 * stubs and reference-like solutions never make two submissions look alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CODE_EXERCISES } from '../../course';
import { EXERCISES_DIR, SOLUTIONS_DIR } from '../../paths';
import type { ExerciseFile } from '../intake/files';
import { fingerprintSet } from './fingerprints';
import { normalisedTokens } from './tokens';

/** Fingerprints per exercise folder. */
export type FolderFingerprints = Map<string, Set<number>>;

function folderOf(file: string): string {
  return file.slice(0, file.indexOf('/'));
}

/** Fingerprints by source text: a class hands in the same stub or reference file many times over. */
const memo = new Map<string, Set<number>>();

function fileFingerprints(source: string, fileName: string): Set<number> {
  let found = memo.get(source);
  if (!found) {
    found = fingerprintSet(normalisedTokens(source, fileName));
    memo.set(source, found);
  }
  return found;
}

function addFile(into: FolderFingerprints, folder: string, source: string, fileName: string): void {
  const set = into.get(folder) ?? new Set<number>();
  for (const h of fileFingerprints(source, fileName)) set.add(h);
  into.set(folder, set);
}

/** The .ts files of one exercise folder of a trusted tree (exercises/ or solutions/ of the grader's checkout). */
function treeSources(tree: string, folder: string): { name: string; text: string }[] {
  const dir = path.join(tree, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** The stubs' and the reference's fingerprints per exercise folder (a checkout without solutions/ has only the stubs'). */
export function baseFingerprints(trees: readonly string[] = [EXERCISES_DIR, SOLUTIONS_DIR]): FolderFingerprints {
  const base: FolderFingerprints = new Map();
  for (const exercise of CODE_EXERCISES) {
    base.set(exercise.folder, new Set());
    for (const tree of trees) {
      for (const { name, text } of treeSources(tree, exercise.folder)) addFile(base, exercise.folder, text, name);
    }
  }
  return base;
}

/** The submission's own fingerprints per exercise folder, sorted; folders with none are left out. */
export function ownMaterial(files: readonly ExerciseFile[], base: FolderFingerprints): Record<string, number[]> {
  const mine: FolderFingerprints = new Map();
  for (const file of files) {
    if (!file.content) continue;
    addFile(mine, folderOf(file.path), file.content.toString('utf8'), file.path);
  }
  const own: Record<string, number[]> = {};
  for (const [folder, set] of [...mine.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const given = base.get(folder);
    const left = [...set].filter((h) => !given?.has(h)).sort((a, b) => a - b);
    if (left.length > 0) own[folder] = left;
  }
  return own;
}
