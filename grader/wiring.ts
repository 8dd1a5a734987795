/**
 * Connects the command line to the parts it uses: the sandbox that runs the submission, the
 * mistake recogniser and the copy task. Kept apart so tests can grade with other parts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { GradingConfig } from './config';
import { runCopyTask } from './copytask/grade';
import type { CopyTaskRun } from './grade';
import { recogniseMistake } from './mistakes/recognise';
import type { MistakeQuery } from './checks/run-pair';
import type { NamedMistake } from './model';
import { openSandbox } from './sandbox/sandbox';
import type { Runner } from './sandbox/types';
import { CACHE_DIR, GRADER_ROOT } from './paths';

export function openRunner(submissionDir: string, config: GradingConfig): Promise<Runner> {
  return openSandbox({ submissionDir, ...config.sandbox });
}

/**
 * Names known mistakes by running patched copies of solutions/; a student template shipped
 * without solutions/ still grades, only without named mistakes.
 */
export function recogniser(): ((query: MistakeQuery) => NamedMistake | undefined) | undefined {
  return existsSync(path.join(GRADER_ROOT, 'solutions')) ? (query) => recogniseMistake(query) : undefined;
}

export function copyTaskRunner(config: GradingConfig): CopyTaskRun {
  return (runner, options) =>
    runCopyTask(runner, {
      ...options,
      cacheDir: CACHE_DIR,
      points: { ...config.copyTaskPoints },
    });
}
