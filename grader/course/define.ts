/**
 * Builders for course modules: they fill in what follows from the rest (the course number and
 * the student's file from the folder) and keep each module's id a literal type, so that
 * `ExerciseId` is derived from the course list (grader/course/index.ts) instead of written twice.
 */
import type { CodeExercise, TaskExercise } from './types';

type Derived = 'kind' | 'number' | 'file';

export function defineCodeExercise<const Id extends string>(module: Omit<CodeExercise<Id>, Derived>): CodeExercise<Id> {
  return { ...module, kind: 'code', number: courseNumber(module.folder, module.id), file: `${module.folder}/${module.id}.ts` };
}

export function defineTaskExercise<const Id extends string>(module: Omit<TaskExercise<Id>, 'kind' | 'number'>): TaskExercise<Id> {
  return { ...module, kind: 'task', number: courseNumber(module.folder, module.id) };
}

function courseNumber(folder: string, id: string): string {
  const match = /^(\d\d)-/.exec(folder);
  if (!match)
    throw new RangeError(`defineExercise: folder of ${id} must start with its two-digit course number, got ${JSON.stringify(folder)}`);
  return match[1];
}
