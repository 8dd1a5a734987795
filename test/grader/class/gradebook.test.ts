/** gradebook.csv: the rows and totals are those of results.json; ungraded rows are empty with a reason. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { defuseFormula, formatPoints, gradebookCsv } from '../../../grader/class/gradebook';
import { writeClassOutputs } from '../../../grader/class/outputs';
import { GRADEBOOK_FILE, loadClassData } from '../../../grader/class/store';
import { writeFixtureClass } from './fixtures';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

describe('gradebookCsv', () => {
  const dir = tempDir('gradebook');
  writeFixtureClass(dir);
  writeClassOutputs(dir);
  const rows = parse(fs.readFileSync(path.join(dir, GRADEBOOK_FILE), 'utf8'), { columns: true }) as Record<string, string>[];
  const data = loadClassData(dir);

  it('has one row per student, sorted, with the documented columns in order', () => {
    const header = Object.keys(rows[0]);
    expect(header).toEqual(['student_id', 'total', 'max_total', 'activations', 'affine', 'copy-task', 'status', 'reason']);
    expect(rows.map((r) => r.student_id)).toEqual(["'-mallory", 'ada', 'alan', 'eve', 'grace', 'stubby']);
  });

  it('gives each graded student the total and per-exercise points of their results.json', () => {
    for (const student of data.students.filter((s) => s.results)) {
      const row = rows.find((r) => r.student_id === student.record.student)!;
      expect(Number(row.total)).toBe(student.results!.score);
      const exercises = (student.results!.extra_data as { exercises: { id: string; score: number; maxScore: number }[] }).exercises;
      expect(Number(row.max_total)).toBe(exercises.reduce((s, e) => s + e.maxScore, 0));
      for (const e of exercises) expect(Number(row[e.id])).toBe(e.score);
      expect(row.status).toBe('graded');
      expect(row.reason).toBe('');
    }
    // An exercise a student was not graded on is an empty cell, not a zero.
    expect(rows.find((r) => r.student_id === 'stubby')!['copy-task']).toBe('');
  });

  it('leaves the points of an ungraded student empty and gives the reason, defused for spreadsheets', () => {
    const eve = rows.find((r) => r.student_id === 'eve')!;
    expect([eve.total, eve.max_total, eve.activations]).toEqual(['', '', '']);
    expect(eve.status).toBe('invalid-submission');
    expect(eve.reason).toBe(`'=HYPERLINK("http://example.org") <script>alert(1)</script>`);
    expect(rows.find((r) => r.student_id === "'-mallory")!.status).toBe('grading-error');
  });

  it('is the same text every time for the same class', () => {
    expect(gradebookCsv(loadClassData(dir))).toBe(fs.readFileSync(path.join(dir, GRADEBOOK_FILE), 'utf8'));
  });
});

describe('cell formatting', () => {
  it('writes points with a dot and at most two decimals', () => {
    expect([formatPoints(3), formatPoints(2.5), formatPoints(1 / 3), formatPoints(0)]).toEqual(['3', '2.5', '0.33', '0']);
  });
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-x', '@SUM(A1)', '\tx', 'ada'].map(defuseFormula)).toEqual(["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", 'ada']);
  });
});
