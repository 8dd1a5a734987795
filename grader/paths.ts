import path from 'node:path';

/** The grader's own checkout (lib/, grader/, solutions/ come from here, never from a submission). */
export const GRADER_ROOT = path.resolve(__dirname, '..');

/** Cached reference runs and compiled mistake variants (git-ignored). */
export const CACHE_DIR = path.join(GRADER_ROOT, '.cache');
