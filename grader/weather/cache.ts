/**
 * The cache of the sequence tasks' reference runs: keyed on this folder (the trainer the sandbox
 * runs and the weather table), the copy task's folder (the reference LSTM and its kernels),
 * grader/engine/ (the optimizer, the outcome checks) and lib/.
 */
import { join } from 'node:path';
import { GRADER_ROOT } from '../paths';
import { runCache } from '../run-cache';

export const { codeVersion, cachePath, cached } = runCache('weather', [
  __dirname,
  join(GRADER_ROOT, 'grader', 'copytask'),
  join(GRADER_ROOT, 'grader', 'engine'),
  join(GRADER_ROOT, 'lib'),
]);
