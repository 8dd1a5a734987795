/**
 * Connects the command line to the parts it uses: the sandbox that runs the submission and the
 * answers mistakes are recognised against. Kept apart so tests can grade with other parts.
 */
import type { GradingConfig } from './config';
import { loadAnswers, type AnswerSource } from './mistakes/answers';
import { openSandbox } from './sandbox/sandbox';
import type { Runner } from './sandbox/types';

export function openRunner(submissionDir: string, config: GradingConfig): Promise<Runner> {
  return openSandbox({ submissionDir, ...config.sandbox });
}

/** The answers catalogued mistakes are recognised against: the answer key's code, or its recording in the student template. */
export function answers(): Promise<AnswerSource | undefined> {
  return loadAnswers();
}
