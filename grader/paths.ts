/** Where things are: the one home of every path the grader shares between modules. */
import path from 'node:path';

/** The grader's own checkout (lib/, grader/, solutions/ come from here, never from a submission). */
export const GRADER_ROOT = path.resolve(__dirname, '..');

/** The grader's cache (git-ignored): cached reference runs of the copy task live in its copytask/ folder. */
export const CACHE_DIR = path.join(GRADER_ROOT, '.cache');

/** The reference solutions (teaching material; the student template ships without them). */
export const SOLUTIONS_DIR = path.join(GRADER_ROOT, 'solutions');

/**
 * Data recorded by `npm run export:student` in place of instructor-only code: the answers mistakes
 * are recognised against and the trusted reference runs. Only the student template has this folder.
 */
export const RECORDED_DIR = path.join(GRADER_ROOT, 'grader', 'recorded');

/** The student's tree, graded by default. */
export const EXERCISES_DIR = path.join(GRADER_ROOT, 'exercises');

/** The outputs' folder name, relative to the working folder, when --out is not given. */
export const DEFAULT_OUT_DIR = 'reports';

/** File names of the outputs inside the out folder. */
export const OUTPUT_FILES = {
  html: 'index.html',
  resultsJson: 'results.json',
  junit: 'junit.xml',
  classroom: 'classroom.json',
} as const;
