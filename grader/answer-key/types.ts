/**
 * The answer key of one exercise: the reference backward passes and the variant of the
 * reference behind each catalogued mistake (grader/course/NN-id.ts names and explains them).
 * It is the one part of the grader that reveals how a backward pass is written, so the student
 * template (npm run export:student) does not ship grader/answer-key/ (DESIGN.md section 2).
 */
import type { Pieces } from '../reference/library';

export interface AnswerKey {
  /** The reference backward pieces of the exercise. */
  backward: Pieces;
  /** Mistake id → the pieces its variant replaces in the reference library. */
  variants: Readonly<Record<string, Pieces>>;
}
