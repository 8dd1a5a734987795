/**
 * The grade as data. Checking produces a GradeResult; every output (terminal, results.json,
 * HTML report, JUnit, GitHub summary and annotations, Classroom) is a renderer of it and never
 * re-runs a check. Everything here is plain JSON (no typed arrays), so it can be written to
 * results.json extra_data and read back by a report.
 */
import type { ExerciseId } from './course';
import type { SequenceTasksData } from './weather/report-data';

export type CheckStatus =
  /** Full points. */
  | 'passed'
  /** The student's code ran and gave a wrong answer (or broke a rule: changed its arguments…). */
  | 'failed'
  /** The stub still throws NotImplementedError. */
  | 'not-attempted'
  /** The code could not be run: syntax error, missing export, crash, timeout, memory. */
  | 'error';

/** A numeric value in a counterexample: vectors and matrices as plain arrays, for JSON. */
export type PlainValue = number | string | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/**
 * A number as JSON can hold it: a finite number, or the strings "NaN", "Infinity" and "-Infinity"
 * (JSON has no non-finite numbers and would write null). `Number(x)` reads any of them back.
 */
export type PlainNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** Named values, in argument order, e.g. { W: {...}, b: [...], hPrev: [...], x: [...] }. */
export type NamedValues = Record<string, PlainValue>;

/** The smallest failing case fast-check found, and what the code did with it. */
export interface Counterexample {
  inputs: NamedValues;
  /** The reference's answer (absent when there is nothing to compare, e.g. a crash). */
  expected?: PlainValue;
  /** The student's answer, or a description of what happened instead. */
  actual?: PlainValue;
  /** Paths of entries that differ, e.g. ["dW[1][2]", "db[0]"] (capped). */
  differing?: string[];
}

/** One gradient, entry by entry: what the analytic backward said and what finite differences say. */
export interface GradientComparison {
  /** Machine name, e.g. `grads.forget.dW`, `dhPrev`, `dxs[2]`. */
  name: string;
  /** Human name, e.g. "dW of the forget gate". */
  label: string;
  rows: number;
  cols: number;
  /** Row-major, rows·cols entries. */
  analytic: PlainNumber[];
  numerical: PlainNumber[];
  /** Per-entry pass/fail under the tolerance rule. */
  ok: boolean[];
  /** The worst entry. */
  worst: { row: number; col: number; analytic: PlainNumber; numerical: PlainNumber; error: PlainNumber };
}

/** A known mistake the failing output matches. */
export interface NamedMistake {
  id: string;
  /** Short name, e.g. "sigmoid derivative written as σ instead of σ(1 − σ)". */
  name: string;
  /** A hint that teaches without giving the code away. */
  hint: string;
}

/**
 * What is wrong with a function's answers, field by field, found on generic probes: catalogued
 * mistakes that explain failing fields, ties between mistakes ("one of"), and generic findings
 * for fields no mistake explains. Empty lists when nothing could be said: never a guess.
 */
export interface Diagnosis {
  /** The function examined. */
  fn: string;
  /** Its output fields (and changed arguments, `arguments.<name>`) that differ from the reference on the probes. */
  failingFields: string[];
  named: (NamedMistake & { fields: string[] })[];
  oneOf: { fields: string[]; mistakes: NamedMistake[] }[];
  /** Generic findings, each about one or more fields that show the same relation. */
  findings: { fields: string[]; text: string }[];
}

export interface CheckResult {
  /** Stable id, unique within the exercise, e.g. `backward-gradient`. */
  id: string;
  exercise: ExerciseId;
  /** Human title, e.g. "forgetGateBackward matches finite differences". */
  title: string;
  /** The exported function the check is mostly about (for annotations), if any. */
  fn?: string;
  status: CheckStatus;
  score: number;
  maxScore: number;
  /** One sentence a student understands; empty when passed. */
  message: string;
  /** Longer explanation (multi-line plain text), for results.json output and the report. */
  details?: string;
  counterexample?: Counterexample;
  gradients?: GradientComparison[];
  /** What is wrong with the function's answers, when the check failed on a wrong value. */
  diagnosis?: Diagnosis;
  /** A command that reproduces exactly this failure. */
  replay?: string;
  /**
   * fast-check run data, when the check is a property; `shrunk: false` when the failure is shown
   * as found (an exercise it imports fails too), absent when it was shrunk.
   */
  property?: { seed: number; path?: string; numRuns: number; numShrinks: number; shrunk?: false };
  /** Wall time of this check, when measured (JUnit time attributes). */
  durationMs?: number;
}

export interface ExerciseResult {
  id: ExerciseId;
  title: string;
  /**
   * Path of the student's file relative to the submission root, e.g. `03-forget-gate/forget-gate.ts`;
   * for a task exercise, the file whose code it trains.
   */
  file: string;
  status: CheckStatus;
  score: number;
  maxScore: number;
  /** The first failure in one sentence; empty when passed. */
  summary: string;
  /** Set when this exercise fails because an earlier one it calls fails: "fix X first". */
  fixFirst?: ExerciseId;
  checks: CheckResult[];
  /** Whether the report shows the exercise's backward equations (the instructor's reveal setting, decided in grade.ts). */
  showBackwardEquations: boolean;
  /** Console output of the student's code while this exercise ran (first few KB). */
  output?: string;
  /** Wall time of this exercise, when measured (JUnit time attributes). */
  durationMs?: number;
}

export interface CopyTaskCurvePoint {
  step: number;
  loss: number;
  accuracy?: number;
}

/** Mean norm of the gradient reaching each time step, one entry per step. */
export interface GradientFlowData {
  dh: number[];
  dc?: number[];
}

/** What the copy-task benchmark measured (DESIGN.md section 6); plain JSON for extra_data. */
export interface CopyTaskData {
  config: Record<string, PlainValue>;
  baselineLoss: number;
  models: {
    name: 'student' | 'reference' | 'rnn';
    stepsToSolve: number | null;
    accuracy: number;
    wallMs: number;
    curve: CopyTaskCurvePoint[];
  }[];
  /** Forget- and input-gate activations over time for one sequence: [step][unit]. */
  gates?: { forget: number[][]; input: number[][]; tokens: number[] };
  /**
   * How much gradient of the recall loss reaches each time step (‖∂L/∂h_t‖, and ‖∂L/∂C_t‖ for the
   * LSTM), at initialisation and after training: the vanishing gradient made visible.
   */
  gradientFlow?: {
    initial: { lstm: GradientFlowData; rnn: GradientFlowData };
    /** The student's trained LSTM (null when it could not be trained) and the trained RNN. */
    trained: { lstm: GradientFlowData | null; rnn: GradientFlowData };
  };
  /** Tiers beyond the graded one, shown not graded. */
  tiers?: { delay: number; symbols: number; model: string; stepsToSolve: number | null; accuracy: number }[];
}

export interface GradeResult {
  /** Tool and library versions, for the record. */
  versions: Record<string, string>;
  seed: number;
  startedAt: string;
  durationMs: number;
  /** Folder that was graded, as given on the command line. */
  submission: string;
  score: number;
  maxScore: number;
  /** Score needed for exit code 0. */
  passMark: number;
  /** The verdict: the score reaches the pass mark. Decided once, in grade.ts; every output reads it. */
  passed: boolean;
  exercises: ExerciseResult[];
  copyTask?: CopyTaskData;
  sequenceTasks?: SequenceTasksData;
}

/** What task exercises add to the grade beyond their checks, under the keys results.json uses. */
export type ExerciseData = Pick<GradeResult, 'copyTask' | 'sequenceTasks'>;
