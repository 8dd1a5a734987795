/** Reading one discovered submission: from its folder or its zip, or the reason it cannot be read. */
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import { readSubmission } from '../../../../grader/class/intake/read';
import { removeTempDirs, tempDir, writeTree } from '../helpers';

afterAll(removeTempDirs);
const [first] = CODE_EXERCISES;
const files = (intake: ReturnType<typeof readSubmission>) => (intake.ok ? intake.files.map((f) => [f.path, f.content?.toString()]) : []);

describe('readSubmission', () => {
  it('reads a folder and a zip alike', () => {
    const folder = writeTree(tempDir('read'), { [`exercises/${first.file}`]: 'from a folder' });
    const fromFolder = readSubmission({ student: 'ada', origin: 'ada/', sourceKey: 'ada/', source: { kind: 'folder', path: folder } });
    expect(fromFolder).toMatchObject({ ok: true, layout: 'exercises' });
    expect(files(fromFolder)).toEqual([[first.file, 'from a folder']]);

    const zipFile = path.join(tempDir('read'), 'bob.zip');
    const zip = new AdmZip();
    zip.addFile(`exercises/${first.file}`, Buffer.from('from a zip'));
    zip.writeZip(zipFile);
    const fromZip = readSubmission({ student: 'bob', origin: 'bob.zip', sourceKey: 'bob.zip', source: { kind: 'zip', path: zipFile } });
    expect(fromZip.ok).toBe(true);
    expect(files(fromZip)).toEqual([[first.file, 'from a zip']]);
  });

  it('passes on the problem discovery found, or says that nothing was found', () => {
    const problem = 'more than one submission found for this student (ada/, ada.zip); keep one';
    expect(readSubmission({ student: 'ada', origin: 'ada/, ada.zip', sourceKey: 'ada/, ada.zip', problem })).toEqual({
      ok: false,
      problem,
      notes: [],
    });
    expect(readSubmission({ student: 'ada', origin: 'ada/', sourceKey: 'ada/' })).toEqual({
      ok: false,
      problem: 'no submission was found',
      notes: [],
    });
  });

  it('turns a submission that vanished or cannot be opened into a reason, not an exception', () => {
    const gone = path.join(tempDir('read'), 'gone.zip');
    const intake = readSubmission({ student: 'carl', origin: 'gone.zip', sourceKey: 'gone.zip', source: { kind: 'zip', path: gone } });
    expect(intake).toMatchObject({ ok: false, problem: expect.stringMatching(/^the submission cannot be read: ENOENT/), notes: [] });
    const garbage = writeTree(tempDir('read'), { 'dora.zip': 'not a zip at all' });
    const broken = readSubmission({
      student: 'dora',
      origin: 'dora.zip',
      sourceKey: 'dora.zip',
      source: { kind: 'zip', path: path.join(garbage, 'dora.zip') },
    });
    expect(broken).toMatchObject({ ok: false, problem: expect.stringMatching(/^the zip cannot be read/) });
  });
});
