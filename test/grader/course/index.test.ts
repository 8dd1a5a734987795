/**
 * Every course module is complete: a code exercise has its README, stub and solution with the
 * declared exports, check pairs covering every export, equations, catalogued mistakes and an
 * answer key; a task exercise has its README, its checks with points and earlier exercises to
 * train. Adding an exercise without one of its parts fails here, naming the part.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWER_KEYS } from '../../../grader/answer-key';
import { loadConfig } from '../../../grader/config';
import activations from '../../../grader/course/01-activations';
import affine from '../../../grader/course/02-affine';
import forgetGate from '../../../grader/course/03-forget-gate';
import inputGate from '../../../grader/course/04-input-gate';
import candidate from '../../../grader/course/05-candidate';
import cellState from '../../../grader/course/06-cell-state';
import outputGate from '../../../grader/course/07-output-gate';
import lstmCell from '../../../grader/course/08-lstm-cell';
import lstmSequence from '../../../grader/course/09-lstm-sequence';
import copyTask from '../../../grader/course/10-copy-task';
import readout from '../../../grader/course/11-readout';
import sequenceTasks from '../../../grader/course/12-sequence-tasks';
import {
  CODE_EXERCISES,
  COURSE,
  EXERCISE_IDS,
  codeExerciseByFolder,
  courseIndex,
  exerciseById,
  findExercise,
  isExerciseId,
  REFERENCE,
} from '../../../grader/course';
import { EXERCISES_DIR, GRADER_ROOT, SOLUTIONS_DIR } from '../../../grader/paths';

const config = loadConfig();

describe.each(COURSE.map((e) => [e.id, e] as const))('course module %s', (_id, exercise) => {
  it('has a title, its number in its folder name, a README and equations', () => {
    expect(exercise.title.length).toBeGreaterThan(3);
    expect(exercise.folder.startsWith(`${exercise.number}-`)).toBe(true);
    expect(existsSync(path.join(EXERCISES_DIR, exercise.folder, 'README.md')), 'README.md').toBe(true);
    expect(exercise.equations.forward.length, 'forward equations').toBeGreaterThan(0);
    expect(exercise.equations.backward.length, 'backward equations').toBeGreaterThan(0);
  });

  it('depends only on earlier exercises', () => {
    for (const id of exercise.dependsOn) {
      expect(isExerciseId(id), id).toBe(true);
      expect(courseIndex(id as never), id).toBeLessThan(courseIndex(exercise.id));
    }
  });

  if (exercise.kind === 'code') {
    it('has a stub and a solution exporting exactly the declared functions, with their arity', async () => {
      for (const tree of [EXERCISES_DIR, SOLUTIONS_DIR]) {
        const file = path.join(tree, exercise.file);
        expect(existsSync(file), file).toBe(true);
        const module = (await import(file)) as Record<string, unknown>;
        const functions = Object.entries(module).filter(([, v]) => typeof v === 'function');
        expect(Object.fromEntries(functions.map(([name, fn]) => [name, (fn as (...args: unknown[]) => unknown).length])), file).toEqual(
          exercise.exports,
        );
      }
    });

    it('checks every export in exactly one pair, with a reference forward and an answer-key backward', () => {
      const covered = exercise.pairs.flatMap((p) => [p.forward, p.backward]).sort();
      expect(covered).toEqual(Object.keys(exercise.exports).sort());
      for (const pair of exercise.pairs) {
        expect(typeof REFERENCE[pair.forward], pair.forward).toBe('function');
        expect(typeof ANSWER_KEYS[exercise.id]?.backward[pair.backward], pair.backward).toBe('function');
      }
    });

    it('catalogues at least two mistakes, each on one of its exports', () => {
      expect(exercise.mistakes.length).toBeGreaterThanOrEqual(2);
      for (const m of exercise.mistakes) expect(Object.keys(exercise.exports), m.id).toContain(m.fn);
    });
  } else {
    it('declares its checks, each with points in the grading config, and trains earlier exercises', () => {
      expect(exercise.checks.length).toBeGreaterThan(0);
      for (const check of exercise.checks) expect(config.exercisePoints[exercise.id]?.[check.id], check.id).toBeGreaterThan(0);
      expect(exercise.requires.length).toBeGreaterThan(0);
      for (const id of exercise.requires) expect(exerciseById(id as never).kind).toBe('code');
      expect(CODE_EXERCISES.map((e) => e.file)).toContain(exercise.file);
    });
  }
});

describe('the course list', () => {
  it('is in course order with unique ids and folders', () => {
    expect(new Set(EXERCISE_IDS).size).toBe(COURSE.length);
    expect(COURSE.map((e) => e.number)).toEqual(COURSE.map((_, k) => String(k + 1).padStart(2, '0')));
  });

  it('finds exercises by id or by folder name, as a shell completes it', () => {
    expect(findExercise('forget-gate')?.id).toBe('forget-gate');
    expect(findExercise('03-forget-gate')?.id).toBe('forget-gate');
    expect(findExercise('exercises/03-forget-gate/')?.id).toBe('forget-gate');
    expect(findExercise('10-copy-task')?.id).toBe('copy-task');
    expect(findExercise('forgetgate')).toBeUndefined();
    expect(codeExerciseByFolder('06-cell-state')?.id).toBe('cell-state');
    expect(codeExerciseByFolder('10-copy-task')).toBeUndefined();
  });

  it('rejects an unknown id, naming the function and the argument', () => {
    expect(() => exerciseById('lstm' as never)).toThrow(/^exerciseById: unknown exercise id "lstm"$/);
  });

  it('keeps the student-facing exercise list in step with the course', () => {
    const readme = readFileSync(path.join(EXERCISES_DIR, 'README.md'), 'utf8');
    for (const exercise of COURSE) expect(readme, exercise.folder).toContain(`\`${exercise.folder}/\``);
  });
});

describe('the course modules', () => {
  const modules = [
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
  ];

  it('are exactly the modules grader/course/NN-*.ts, in course order', () => {
    expect(COURSE).toHaveLength(modules.length);
    modules.forEach((module, k) => expect(COURSE[k], module.id).toBe(module));
    expect(EXERCISE_IDS).toEqual([
      'activations',
      'affine',
      'forget-gate',
      'input-gate',
      'candidate',
      'cell-state',
      'output-gate',
      'lstm-cell',
      'lstm-sequence',
      'copy-task',
      'readout',
      'sequence-tasks',
    ]);
  });

  it("are named after their exercise's folder, and no module file is left out of the list", () => {
    const files = readdirSync(path.join(GRADER_ROOT, 'grader', 'course'))
      .filter((f) => /^\d\d-.*\.ts$/.test(f))
      .sort();
    expect(files).toEqual(COURSE.map((e) => `${e.folder}.ts`));
  });

  it('list the code exercises and the task exercises by kind', () => {
    expect(CODE_EXERCISES).toEqual(modules.filter((m) => m.kind === 'code'));
    expect(modules.filter((m) => m.kind === 'task').map((m) => m.id)).toEqual(['copy-task', 'sequence-tasks']);
  });
});
