/**
 * What a course module (grader/course/NN-id.ts) declares: everything the grader knows about one
 * exercise. Two kinds share one interface towards the orchestrator (grader/grade.ts):
 *
 * - a code exercise: the student writes functions; checked by forward/backward pairs of checks;
 * - a task exercise: the grader trains code of earlier exercises (the copy task); it brings its
 *   own grade function and one list of its checks.
 */
import type { PairSpec } from '../checks/types';
import type { GradingConfig } from '../config';
import type { CheckResult, ExerciseData } from '../model';
import type { Pieces } from '../reference/library';
import type { Runner } from '../sandbox/types';

/** One equation of the report: what it says in words, and its TeX. */
export interface Equation {
  caption: string;
  tex: string;
}

export interface Equations {
  /** Shown always. */
  forward: readonly Equation[];
  /** Shown per the instructor's reveal setting. */
  backward: readonly Equation[];
}

/** A catalogued mistake: its variant of the reference lives in the answer key (grader/answer-key/). */
export interface MistakeInfo {
  /** Stable, kebab-case, unique across the course. */
  id: string;
  /** The export whose output shows the mistake. */
  fn: string;
  /** Short phrase naming the mistake, for the report. */
  name: string;
  /** Teaches the idea that fixes it, without giving the code away. */
  hint: string;
}

interface ExerciseCommon<Id extends string> {
  id: Id;
  /** Human title for reports. */
  title: string;
  /** Two-digit course number, e.g. `03`. */
  number: string;
  /** Folder under exercises/ (and solutions/ for code exercises), e.g. `03-forget-gate`. */
  folder: string;
  /** Earlier exercises whose code this one may call (directly or not). */
  dependsOn: readonly string[];
  equations: Equations;
}

export interface CodeExercise<Id extends string = string> extends ExerciseCommon<Id> {
  kind: 'code';
  /** The student's file relative to the tree root, e.g. `03-forget-gate/forget-gate.ts`. */
  file: string;
  /** Exported function name → declared parameter count (`fn.length`). */
  exports: Readonly<Record<string, number>>;
  /** The grader's reference forward pieces of this exercise (see grader/reference/library.ts). */
  reference: Pieces;
  /** Forward/backward pairs, each checked by every check kind (grader/checks/kinds/). */
  pairs: readonly PairSpec[];
  mistakes: readonly MistakeInfo[];
}

/** A check of a task exercise: declared once, used for the real run and for "not run". */
export interface TaskCheck {
  id: string;
  title: string;
}

export interface TaskContext {
  runner: Runner;
  config: GradingConfig;
  seed: number;
  /** Also run what is shown but not graded (the copy task's longer delays). */
  tiers: boolean;
  /** The grader's cache folder (git-ignored). */
  cacheDir: string;
  /** maxScore of each of the task's checks, from the grading config. */
  points: Readonly<Record<string, number>>;
  onProgress?(done: number, total: number): void;
}

export interface TaskGrade {
  checks: CheckResult[];
  /** What the report shows beyond the checks (curves, tables). */
  data?: ExerciseData;
}

export interface TaskExercise<Id extends string = string> extends ExerciseCommon<Id> {
  kind: 'task';
  /** The exercises whose code the task trains: they must pass first, whatever --only says. */
  requires: readonly string[];
  /** The student's file the task trains, for annotations and "start here" (e.g. the LSTM of 09). */
  file: string;
  checks: readonly TaskCheck[];
  /** Left out by --quick. */
  slow: boolean;
  grade(context: TaskContext): Promise<TaskGrade>;
}

export type CourseExercise<Id extends string = string> = CodeExercise<Id> | TaskExercise<Id>;
