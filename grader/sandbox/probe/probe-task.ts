/**
 * A small trusted task for `Runner.runTask`, used by the sandbox's tests and its round-trip
 * benchmark: it runs the student's lstmForward over seeded random sequences, as the copy task's
 * trainer does, and returns the last hidden states. It imports nothing but lib/, like every task
 * module must (it is staged next to the student's code).
 */
import { Random } from '../../../lib/random';
import type { LstmParams, Vector } from '../../../lib/types';

export interface LstmSequenceModule {
  lstmForward(params: LstmParams, xs: Vector[], h0: Vector, c0: Vector): { hs: Vector[] };
}

/** The student modules a task gets from Runner.runTask, by exercise folder. */
export type StudentModules = Record<string, unknown>;

/** Seeded LSTM parameters for hidden size H and input size D. */
export function probeParams(random: Random, hiddenSize: number, inputSize: number): LstmParams {
  const gate = () => ({ W: random.matrix(hiddenSize, hiddenSize + inputSize, -0.5, 0.5), b: random.vector(hiddenSize, -0.5, 0.5) });
  return { forget: gate(), input: gate(), candidate: gate(), output: gate() };
}

/**
 * Runs the lstmForward of `students['09-lstm-sequence']` `runs` times on sequences of `steps`
 * steps; returns each run's last hidden state.
 */
export function forwardMany(students: StudentModules, seed: number, runs: number, steps: number): Vector[] {
  const lstm = students['09-lstm-sequence'] as LstmSequenceModule | undefined;
  if (typeof lstm?.lstmForward !== 'function') {
    throw new TypeError('forwardMany: argument students must hold the module of 09-lstm-sequence, with lstmForward');
  }
  const random = new Random(seed);
  const params = probeParams(random, 4, 3);
  const lastStates: Vector[] = [];
  for (let run = 0; run < runs; run++) {
    const xs = Array.from({ length: steps }, () => random.vector(3));
    const { hs } = lstm.lstmForward(params, xs, new Float64Array(4), new Float64Array(4));
    lastStates.push(hs[hs.length - 1]);
  }
  return lastStates;
}

/** Each student module's exported names, by folder: shows which modules a task was given. */
export function exportNames(students: StudentModules): Record<string, string[]> {
  const names: Record<string, string[]> = {};
  for (const folder of Object.keys(students).sort()) names[folder] = Object.keys(students[folder] as object).sort();
  return names;
}
