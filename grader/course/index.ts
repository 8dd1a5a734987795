/**
 * The course in order (DESIGN.md section 3): one module per exercise, each holding everything the
 * grader knows about it. Everything else is derived from this list: the exercise ids, the code
 * exercises and their files, the reference library, the check pairs, the mistakes.
 * Adding an exercise = one module here plus its folder under exercises/ (README, stub) and solutions/.
 */
import { buildLibrary, type Library } from '../reference/library';
import activations from './01-activations';
import affine from './02-affine';
import forgetGate from './03-forget-gate';
import inputGate from './04-input-gate';
import candidate from './05-candidate';
import cellState from './06-cell-state';
import outputGate from './07-output-gate';
import lstmCell from './08-lstm-cell';
import lstmSequence from './09-lstm-sequence';
import copyTask from './10-copy-task';
import readout from './11-readout';
import sequenceTasks from './12-sequence-tasks';
import type { CodeExercise, CourseExercise, MistakeInfo } from './types';

export const COURSE = [
  activations,
  affine,
  forgetGate,
  inputGate,
  candidate,
  cellState,
  outputGate,
  lstmCell,
  lstmSequence,
  copyTask,
  readout,
  sequenceTasks,
] as const;

export type ExerciseId = (typeof COURSE)[number]['id'];

export const EXERCISE_IDS: readonly ExerciseId[] = COURSE.map((e) => e.id);

/** The exercises the student writes code for, in course order. */
export const CODE_EXERCISES: readonly CodeExercise<ExerciseId>[] = COURSE.filter(
  (e): e is Extract<(typeof COURSE)[number], { kind: 'code' }> => e.kind === 'code',
);

export function isExerciseId(value: unknown): value is ExerciseId {
  return typeof value === 'string' && (EXERCISE_IDS as readonly string[]).includes(value);
}

export function exerciseById(id: ExerciseId): CourseExercise<ExerciseId> {
  const exercise = COURSE.find((e) => e.id === id);
  if (!exercise) throw new RangeError(`exerciseById: unknown exercise id ${JSON.stringify(id)}`);
  return exercise;
}

/**
 * The exercise named by an id (`forget-gate`) or its folder (`03-forget-gate`, also with a
 * trailing slash or an `exercises/` prefix, as a shell's tab completion writes it); undefined otherwise.
 */
export function findExercise(name: string): CourseExercise<ExerciseId> | undefined {
  const folder = name
    .trim()
    .replace(/^(\.\/)?exercises\//, '')
    .replace(/\/+$/, '');
  return COURSE.find((e) => e.id === folder || e.folder === folder);
}

/** The code exercise whose folder this is (e.g. `03-forget-gate`), or undefined. */
export function codeExerciseByFolder(folder: string): CodeExercise<ExerciseId> | undefined {
  return CODE_EXERCISES.find((e) => e.folder === folder);
}

/** Position in the course (0 for the first exercise). */
export function courseIndex(id: ExerciseId): number {
  return EXERCISE_IDS.indexOf(id);
}

/** The reference forward of every code exercise, composed (grader/reference/library.ts). */
export const FORWARD_PIECES = Object.assign({}, ...CODE_EXERCISES.map((e) => e.reference));
export const REFERENCE: Library = buildLibrary(FORWARD_PIECES);

/** Every catalogued mistake with the exercise it belongs to. */
export const MISTAKES: readonly (MistakeInfo & { exercise: ExerciseId })[] = CODE_EXERCISES.flatMap((e) =>
  e.mistakes.map((m) => ({ ...m, exercise: e.id })),
);

export function mistakeById(id: string): MistakeInfo & { exercise: ExerciseId } {
  const mistake = MISTAKES.find((m) => m.id === id);
  if (!mistake) throw new RangeError(`mistakeById: argument mistakeId ${JSON.stringify(id)} is not in the catalogue`);
  return mistake;
}

export type { CodeExercise, CourseExercise, MistakeInfo, TaskExercise } from './types';
