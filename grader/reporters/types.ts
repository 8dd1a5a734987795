/**
 * A reporter renders a finished GradeResult in one output format (vitest's model: one file per
 * format, and a name-to-reporter map in index.ts). Reporters never re-run checks.
 */
import type { GradeResult } from '../model';

export interface ReporterContext {
  /** Folder for generated files (default `reports`); it exists when write() is called. */
  outDir: string;
  /** Folder that was graded (absolute path), for file links and annotations. */
  submissionDir: string;
  /** Path prefix of the student's files relative to the repository root, e.g. `exercises`. */
  submissionPathFromRepo: string;
  /** The environment, passed in so tests can simulate GitHub Actions. */
  env: NodeJS.ProcessEnv;
  /** Where terminal output goes (process.stdout in the CLI). */
  stdout: NodeJS.WritableStream;
  /** Colours on? (off with NO_COLOR or when stdout is not a terminal). */
  color: boolean;
}

export interface Reporter {
  name: string;
  write(result: GradeResult, context: ReporterContext): Promise<void> | void;
}
