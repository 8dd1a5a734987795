/** Reading a submission folder never follows a symbolic link. */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import { readFolderSubmission } from '../../../../grader/class/intake/folder';
import { SOLUTIONS_DIR } from '../../../../grader/paths';
import { removeTempDirs, tempDir, writeTree } from '../helpers';

afterAll(removeTempDirs);
const [first, second, third] = CODE_EXERCISES;

describe('readFolderSubmission', () => {
  it('reads a Classroom clone: exercises/ inside, lib/ and node_modules/ ignored', () => {
    const dir = writeTree(tempDir('folder'), {
      [`exercises/${first.file}`]: 'mine',
      'lib/types.ts': 'theirs',
      [`node_modules/pkg/${second.file}`]: 'not mine',
    });
    const intake = readFolderSubmission(dir);
    expect(intake).toMatchObject({ ok: true, layout: 'exercises' });
    if (intake.ok) expect(intake.files.map((f) => [f.path, f.content?.toString()])).toEqual([[first.file, 'mine']]);
  });

  it('keeps a linked exercise file as a link (never its target) and does not walk into a linked folder', () => {
    const dir = writeTree(tempDir('folder'), { [`exercises/${first.file}`]: 'mine' });
    const target = path.join(SOLUTIONS_DIR, second.file);
    fs.mkdirSync(path.join(dir, 'exercises', second.folder), { recursive: true });
    fs.symlinkSync(target, path.join(dir, 'exercises', second.file));
    fs.symlinkSync(path.join(SOLUTIONS_DIR, third.folder), path.join(dir, 'exercises', third.folder));
    const intake = readFolderSubmission(dir);
    expect(intake.ok).toBe(true);
    if (!intake.ok) return;
    const linked = intake.files.find((f) => f.path === second.file)!;
    expect(linked).toEqual({ path: second.file, linkTarget: target });
    expect(intake.files.map((f) => f.path).sort()).toEqual([first.file, second.file].sort());
    expect(intake.notes.join('\n')).toMatch(/is a symbolic link; it is not followed/);
  });

  it('reads the only zip of a folder without exercise files (a Gradescope upload of a zip)', () => {
    const dir = tempDir('folder');
    const zip = new AdmZip();
    zip.addFile(`exercises/${first.file}`, Buffer.from('zipped'));
    zip.writeZip(path.join(dir, 'upload.zip'));
    const intake = readFolderSubmission(dir);
    expect(intake).toMatchObject({ ok: true, notes: [expect.stringMatching(/read from upload.zip/)] });
  });

  it('gives a reason when there is nothing to grade', () => {
    const dir = writeTree(tempDir('folder'), { 'README.md': 'empty' });
    expect(readFolderSubmission(dir)).toMatchObject({ ok: false, problem: expect.stringMatching(/^no exercise files found/) });
  });
});
