/** Finding the students: Classroom clones, zips, Gradescope exports, and the ids they get. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSubmissions, DiscoveryError } from '../../../../grader/class/intake/discover';
import { readGradescopeMetadata } from '../../../../grader/class/intake/gradescope';
import { commonAssignmentPrefix, safeStudentId } from '../../../../grader/class/intake/student-ids';
import { removeTempDirs, tempDir, writeTree } from '../helpers';

afterAll(removeTempDirs);

const METADATA = `submission_101:
  :submitters:
  - :name: Ada Lovelace
    :sid: '2024001'
    :email: ada@example.org
  - :name: Charles Babbage
    :sid: ''
    :email: charles@example.org
  :created_at: 2026-03-01 10:00:00.000000000 +01:00
  :score: 0.0
submission_102:
  :submitters:
  - :name: Grace Hopper
  :created_at: 2026-03-01 11:00:00.000000000 +01:00
submission_103:
  :submitters:
  - :sid: 2024003
`;

describe('student ids', () => {
  it('are safe folder names and never hidden or empty', () => {
    expect(safeStudentId('ada')).toBe('ada');
    expect(safeStudentId('Ada Lovelace/../x')).toBe('Ada_Lovelace_.._x');
    expect(safeStudentId('..')).toBe('_');
    expect(safeStudentId('.hidden')).toBe('_hidden');
    expect(safeStudentId('  ')).toBe('_');
    expect(safeStudentId('ada@example.org')).toBe('ada@example.org');
    // The class's own names in DIR.
    expect(['class-data', 'gradebook.csv', 'class.html'].map(safeStudentId)).toEqual(['_class-data', '_gradebook.csv', '_class.html']);
  });

  it('lose the GitHub Classroom assignment prefix that every folder shares', () => {
    expect(commonAssignmentPrefix(['lstm-lab-ada', 'lstm-lab-grace-h', 'lstm-lab-alan'])).toBe('lstm-lab-');
    expect(commonAssignmentPrefix(['hw-a-1', 'hw-a-2'])).toBe('hw-a-');
    expect(commonAssignmentPrefix(['ada', 'alan'])).toBe('');
    expect(commonAssignmentPrefix(['only-one'])).toBe('');
    expect(commonAssignmentPrefix(['x-', 'x-a'])).toBe('');
  });
});

describe('discoverSubmissions', () => {
  it('lists folders and zips per student, without the shared prefix, and flags two submissions of one student', () => {
    const root = writeTree(tempDir('discover'), { 'lstm-lab-ada/exercises/x.ts': '', 'lstm-lab-grace/README.md': '', 'notes.txt': '' });
    fs.writeFileSync(path.join(root, 'lstm-lab-alan.zip'), '');
    fs.writeFileSync(path.join(root, 'lstm-lab-ada.zip'), '');
    fs.symlinkSync('/etc', path.join(root, 'lstm-lab-eve'));
    const found = discoverSubmissions(root);
    expect(found.layout).toBe('per-student');
    expect(found.prefix).toBe('lstm-lab-');
    expect(found.students.map((s) => s.student)).toEqual(['ada', 'alan', 'eve', 'grace']);
    expect(found.students[0].problem).toMatch(/more than one submission found for this student \(lstm-lab-ada\/, lstm-lab-ada\.zip\)/);
    expect(found.students[1]).toMatchObject({ origin: 'lstm-lab-alan.zip', source: { kind: 'zip' } });
    expect(found.students[2].problem).toMatch(/is a symbolic link/);
    expect(found.students[3]).toMatchObject({ origin: 'lstm-lab-grace/', source: { kind: 'folder' } });
    expect(found.notes).toEqual([expect.stringMatching(/^1 file\(s\) .* were ignored/)]);
    expect(discoverSubmissions(root, { stripPrefix: '' }).students.map((s) => s.student)).toContain('lstm-lab-grace');
  });

  it('reads a Gradescope export: one row per submitter, group members share the submission', () => {
    const root = writeTree(tempDir('gradescope'), {
      'assignment_77_export/submission_metadata.yml': METADATA,
      'assignment_77_export/submission_101/forget-gate.ts': '',
      'assignment_77_export/submission_103/x.ts': '',
      'assignment_77_export/submission_999/x.ts': '',
    });
    const found = discoverSubmissions(root);
    expect(found.layout).toBe('gradescope');
    const byId = Object.fromEntries(found.students.map((s) => [s.student, s]));
    expect(Object.keys(byId).sort()).toEqual(['2024001', '2024003', 'Grace_Hopper', 'charles@example.org', 'submission_999']);
    expect(byId['2024001'].sourceKey).toBe(byId['charles@example.org'].sourceKey);
    expect(byId.Grace_Hopper.problem).toBe('the export has no folder submission_102 for this submission');
    expect(found.notes).toEqual([expect.stringMatching(/submission_999\/ is not in submission_metadata.yml/)]);
  });

  it('reads Ruby-symbol metadata keys and plain keys alike', () => {
    const file = path.join(writeTree(tempDir('gradescope'), { 'm.yml': 'submission_1:\n  submitters:\n  - email: a@b.c\n' }), 'm.yml');
    expect(readGradescopeMetadata(file)).toEqual([{ folder: 'submission_1', submitters: ['a@b.c'] }]);
  });

  it('stops with a reason for a missing or empty folder', () => {
    expect(() => discoverSubmissions(path.join(tempDir('discover'), 'nope'))).toThrow(DiscoveryError);
    expect(() => discoverSubmissions(tempDir('discover'))).toThrow(/holds no student folders or zips/);
  });
});
