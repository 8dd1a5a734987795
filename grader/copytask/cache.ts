/**
 * The cache of the copy task's reference runs: keyed on this folder (the trusted trainers and their
 * kernels), grader/engine/ (the optimizer, the outcome checks) and lib/.
 */
import { join } from 'node:path';
import { GRADER_ROOT } from '../paths';
import { runCache } from '../run-cache';

export const { codeVersion, cachePath, cached } = runCache('copytask', [
  __dirname,
  join(GRADER_ROOT, 'grader', 'engine'),
  join(GRADER_ROOT, 'lib'),
]);
