/**
 * Finding a Gradescope submission's exercise files. Students upload the exercises/ folder, the
 * NN-id folders inside it, a whole repository (GitHub/Bitbucket upload or a zip with one top
 * folder), or just the .ts files; only the exercises' own .ts files are taken (DESIGN.md section 2).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_EXERCISES } from '../../grader/course';

export interface StagedFile {
  /** Absolute path in the submission. */
  from: string;
  /** Path in the staged tree, e.g. `03-forget-gate/forget-gate.ts`. */
  to: string;
}

export interface LocatedSubmission {
  /** Where the exercise folders were found, relative to the submission ('' = at the top). */
  layout: string;
  files: StagedFile[];
}

const isDirectory = (p: string): boolean => fs.existsSync(p) && fs.statSync(p).isDirectory();

/** Folders worth looking in: the top, exercises/, and the same one level down (a wrapping folder). */
function candidateRoots(submissionDir: string): string[] {
  const children = fs
    .readdirSync(submissionDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== '__MACOSX')
    .map((e) => path.join(submissionDir, e.name))
    .sort();
  return [submissionDir, ...children].flatMap((dir) => [dir, path.join(dir, 'exercises')]).filter(isDirectory);
}

export function locateExerciseFiles(submissionDir: string): LocatedSubmission {
  if (!isDirectory(submissionDir)) {
    throw new Error(`locateExerciseFiles: submission folder ${submissionDir} does not exist`);
  }
  const roots = candidateRoots(submissionDir);
  const root = roots.find((dir) => CODE_EXERCISES.some((info) => isDirectory(path.join(dir, info.folder))));
  if (root !== undefined) {
    const files = CODE_EXERCISES.flatMap((info) => {
      const folder = path.join(root, info.folder);
      if (!isDirectory(folder)) return [];
      return fs
        .readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
        .map((e) => ({ from: path.join(folder, e.name), to: `${info.folder}/${e.name}` }));
    });
    return { layout: path.relative(submissionDir, root).split(path.sep).join('/'), files };
  }
  // Loose files: forget-gate.ts at the top (or in a wrapping folder) goes to 03-forget-gate/.
  const files = CODE_EXERCISES.flatMap((info) => {
    const name = path.posix.basename(info.file);
    const found = roots.map((dir) => path.join(dir, name)).find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
    return found === undefined ? [] : [{ from: found, to: info.file }];
  });
  return { layout: 'loose files', files };
}

/** Copies the located files into a fresh folder laid out like exercises/. */
export function stageSubmission(located: LocatedSubmission, targetDir: string): void {
  fs.rmSync(targetDir, { recursive: true, force: true });
  for (const file of located.files) {
    const target = path.join(targetDir, ...file.to.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file.from, target);
  }
  fs.mkdirSync(targetDir, { recursive: true });
}
