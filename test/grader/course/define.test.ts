/**
 * The builders of course modules fill in what follows from the folder (the course number and, for
 * a code exercise, the student's file) and refuse a folder that does not start with the number.
 */
import { describe, expect, it } from 'vitest';
import copyTask from '../../../grader/course/10-copy-task';
import forgetGate from '../../../grader/course/03-forget-gate';
import { defineCodeExercise, defineTaskExercise } from '../../../grader/course/define';
import type { CodeExercise, TaskExercise } from '../../../grader/course/types';

const equations = { forward: [{ caption: 'peephole', tex: 'p = 1' }], backward: [] };

const codeModule: Omit<CodeExercise<'peephole'>, 'kind' | 'number' | 'file'> = {
  id: 'peephole',
  title: 'Peephole connections',
  folder: '13-peephole',
  exports: { peephole: 1, peepholeBackward: 2 },
  dependsOn: ['lstm-cell'],
  reference: {},
  pairs: [],
  equations,
  mistakes: [],
};

const taskModule: Omit<TaskExercise<'adding-task'>, 'kind' | 'number'> = {
  id: 'adding-task',
  title: 'The adding problem',
  folder: '14-adding-task',
  file: '09-lstm-sequence/lstm-sequence.ts',
  dependsOn: ['lstm-sequence'],
  requires: ['lstm-sequence'],
  checks: [{ id: 'solves', title: 'solves the adding problem' }],
  slow: true,
  grade: async () => ({ checks: [] }),
  equations,
};

describe('defineCodeExercise', () => {
  it("derives the kind, the course number and the student's file from the folder and the id", () => {
    const exercise = defineCodeExercise(codeModule);
    expect(exercise).toEqual({ ...codeModule, kind: 'code', number: '13', file: '13-peephole/peephole.ts' });
  });

  it("gives the course's own modules their number and file", () => {
    expect([forgetGate.kind, forgetGate.number, forgetGate.file]).toEqual(['code', '03', '03-forget-gate/forget-gate.ts']);
  });

  it('refuses a folder without its two-digit number, naming the exercise and the folder', () => {
    for (const folder of ['peephole', '3-peephole', '130-peephole', 'exercises/13-peephole']) {
      expect(() => defineCodeExercise({ ...codeModule, folder }), folder).toThrow(
        new RangeError(`defineExercise: folder of peephole must start with its two-digit course number, got ${JSON.stringify(folder)}`),
      );
    }
  });
});

describe('defineTaskExercise', () => {
  it('derives the kind and the number, and keeps the file the task trains', () => {
    expect(defineTaskExercise(taskModule)).toEqual({ ...taskModule, kind: 'task', number: '14' });
    expect([copyTask.kind, copyTask.number, copyTask.file]).toEqual(['task', '10', '09-lstm-sequence/lstm-sequence.ts']);
  });

  it('refuses a folder without its two-digit number, naming the exercise', () => {
    expect(() => defineTaskExercise({ ...taskModule, folder: 'adding-task' })).toThrow(
      /^defineExercise: folder of adding-task must start with its two-digit course number, got "adding-task"$/,
    );
  });
});
