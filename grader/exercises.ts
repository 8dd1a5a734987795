/**
 * The course's exercises in order, as DESIGN.md section 3 lists them: where each lives, what it
 * exports (with the number of declared parameters) and which earlier exercises it may call.
 * Everything that needs to know the course layout (staging, checks, reports, tests) reads it here.
 */

export type ExerciseId =
  | 'activations'
  | 'affine'
  | 'forget-gate'
  | 'input-gate'
  | 'candidate'
  | 'cell-state'
  | 'output-gate'
  | 'lstm-cell'
  | 'lstm-sequence'
  | 'copy-task';

export interface ExerciseInfo {
  id: ExerciseId;
  /** Human title for reports. */
  title: string;
  /** Folder under exercises/ (and solutions/), e.g. `03-forget-gate`; empty for the copy task. */
  folder: string;
  /** Path of the exercise file relative to the tree root, e.g. `03-forget-gate/forget-gate.ts`. */
  file: string;
  /** Exported function name → declared parameter count (`fn.length`). */
  exports: Record<string, number>;
  /** Earlier exercises whose code this one may call (directly or not). */
  dependsOn: ExerciseId[];
}

const exercise = (
  id: ExerciseId,
  title: string,
  folder: string,
  exports: Record<string, number>,
  dependsOn: ExerciseId[],
): ExerciseInfo => ({
  id,
  title,
  folder,
  file: folder === '' ? '' : `${folder}/${id}.ts`,
  exports,
  dependsOn,
});

export const EXERCISES: readonly ExerciseInfo[] = [
  exercise('activations', 'Activations: sigmoid and tanh', '01-activations',
    { sigmoid: 1, sigmoidBackward: 2, tanh: 1, tanhBackward: 2 }, []),
  exercise('affine', 'The affine map W·[h, x] + b', '02-affine',
    { affine: 4, affineBackward: 4 }, []),
  exercise('forget-gate', 'Forget gate', '03-forget-gate',
    { forgetGate: 3, forgetGateBackward: 5 }, ['activations', 'affine']),
  exercise('input-gate', 'Input gate', '04-input-gate',
    { inputGate: 3, inputGateBackward: 5 }, ['activations', 'affine']),
  exercise('candidate', 'Candidate memory', '05-candidate',
    { candidate: 3, candidateBackward: 5 }, ['activations', 'affine']),
  exercise('cell-state', 'Cell-state update', '06-cell-state',
    { cellState: 4, cellStateBackward: 5 }, []),
  exercise('output-gate', 'Output gate and hidden state', '07-output-gate',
    { outputGate: 3, outputGateBackward: 5, hiddenState: 2, hiddenStateBackward: 3 }, ['activations', 'affine']),
  exercise('lstm-cell', 'The LSTM cell', '08-lstm-cell',
    { lstmCellForward: 4, lstmCellBackward: 4 },
    ['activations', 'affine', 'forget-gate', 'input-gate', 'candidate', 'cell-state', 'output-gate']),
  exercise('lstm-sequence', 'LSTM over a sequence (BPTT)', '09-lstm-sequence',
    { lstmForward: 4, lstmBackward: 4 },
    ['activations', 'affine', 'forget-gate', 'input-gate', 'candidate', 'cell-state', 'output-gate', 'lstm-cell']),
  exercise('copy-task', 'Copy task: remembering across a long delay', '', {}, ['lstm-sequence']),
];

/** The exercises that have a file of their own (all but the copy task). */
export const CODE_EXERCISES: readonly ExerciseInfo[] = EXERCISES.filter((e) => e.folder !== '');

export const EXERCISE_IDS: readonly ExerciseId[] = EXERCISES.map((e) => e.id);

export function isExerciseId(value: string): value is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(value);
}

export function exerciseInfo(id: ExerciseId): ExerciseInfo {
  const info = EXERCISES.find((e) => e.id === id);
  if (!info) throw new RangeError(`exerciseInfo: unknown exercise id ${JSON.stringify(id)}`);
  return info;
}
