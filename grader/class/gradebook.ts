/**
 * DIR/gradebook.csv: one row per student, for a spreadsheet or an LMS import (Canvas, Moodle).
 * Columns (docs/class-grading.md documents each): student_id, total, max_total, one column of
 * points per exercise in course order, status, reason. A student who could not be graded has empty
 * point cells (no grade, which is not a zero) and the reason. Written with csv-stringify (RFC 4180
 * quoting); text cells that a spreadsheet would run as a formula are defused with a leading `'`.
 */
import { stringify } from 'csv-stringify/sync';
import { EXERCISE_IDS } from '../course';
import { compareText } from './intake/files';
import type { ClassData, ClassStudent } from './store';

export interface ExerciseScore {
  id: string;
  score: number;
  maxScore: number;
}

/** The per-exercise points of a graded student, from results.json's extra_data. */
export function exerciseScores(student: ClassStudent): ExerciseScore[] {
  const list = (student.results?.extra_data as { exercises?: unknown } | undefined)?.exercises;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is ExerciseScore => typeof e?.id === 'string' && typeof e.score === 'number' && typeof e.maxScore === 'number')
    .map((e) => ({ id: e.id, score: e.score, maxScore: e.maxScore }));
}

/** The exercises any student was graded on, in course order (unknown ids last, sorted). */
export function gradedExerciseIds(data: ClassData): string[] {
  const seen = new Set(data.students.flatMap((s) => exerciseScores(s).map((e) => e.id)));
  const known = EXERCISE_IDS.filter((id) => seen.has(id));
  const unknown = [...seen].filter((id) => !(EXERCISE_IDS as readonly string[]).includes(id)).sort(compareText);
  return [...known, ...unknown];
}

/** Points as a spreadsheet reads them: a dot for decimals, at most two of them, no trailing zeros. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** A text cell that starts like a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP's advice for CSV injection). */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function gradebookCsv(data: ClassData): string {
  const exercises = gradedExerciseIds(data);
  const header = ['student_id', 'total', 'max_total', ...exercises, 'status', 'reason'];
  const rows = data.students.map((student) => {
    const { record, results } = student;
    if (!results)
      return [defuseFormula(record.student), '', '', ...exercises.map(() => ''), record.status, defuseFormula(record.reason ?? '')];
    const scores = new Map(exerciseScores(student).map((e) => [e.id, e]));
    const maxTotal = exerciseScores(student).reduce((sum, e) => sum + e.maxScore, 0);
    return [
      defuseFormula(record.student),
      formatPoints(results.score),
      formatPoints(maxTotal),
      ...exercises.map((id) => (scores.has(id) ? formatPoints(scores.get(id)!.score) : '')),
      record.status,
      '',
    ];
  });
  return stringify([header, ...rows], { record_delimiter: '\n' });
}
