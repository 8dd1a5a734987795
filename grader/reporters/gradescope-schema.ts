/**
 * Gradescope's results.json format (https://gradescope-autograders.readthedocs.io, "Output
 * format"): the one declaration of it, used by the results.json reporter, the Gradescope
 * packaging scripts and class grading.
 */

/** Who sees a test or the whole result on Gradescope. */
export const VISIBILITIES = ['visible', 'hidden', 'after_due_date', 'after_published'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export function isVisibility(value: unknown): value is Visibility {
  return typeof value === 'string' && (VISIBILITIES as readonly string[]).includes(value);
}

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  tags: string[];
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  extra_data: Record<string, unknown>;
}
