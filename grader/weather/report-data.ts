/**
 * What the sequence tasks measured, as plain JSON for results.json extra_data and the report pages:
 * the forecast over the held-out year against the truth and the baselines, the confusion matrices
 * and per-class recall, and the learning curves of the student and the reference.
 */
import type { Finding } from './diagnose';
import type { ClassAccuracy, ErrorScores } from './evaluate';
import type { CurvePoint } from './trainer/loop';

/** A probe finding as JSON: a value that was not a finite number (NaN, ±Infinity) is null. */
export type FindingData = Omit<Finding, 'actual' | 'expected'> & { actual: number | null; expected: number | null };

export interface RunData {
  /** 'trained', or why there is no trained model (the check's status, e.g. 'not-attempted'). */
  status: 'trained' | 'not-attempted' | 'failed' | 'error';
  wallMs: number;
  curve: CurvePoint[];
  /** Set when training stopped early on a non-finite loss or gradient (which JSON holds as null). */
  diverged: { step: number; loss: number | null; gradientNorm: number | null } | null;
}

export interface RegressionData {
  student: RunData & { scores: ErrorScores | null; skill: number | null };
  reference: RunData & { scores: ErrorScores; skill: number };
  baselines: { persistence: ErrorScores; climatology: ErrorScores };
  bestBaseline: string;
  requiredSkill: number;
  /** One row per held-out day, °C; `student` is null when the student has no trained model. */
  series: { date: string; truth: number; student: number | null; reference: number; persistence: number; climatology: number }[];
}

export interface ClassificationData {
  classes: string[];
  /** Held-out days per true class. */
  support: number[];
  student: RunData & { scores: ClassAccuracy | null; gain: number | null };
  reference: RunData & { scores: ClassAccuracy; gain: number };
  baselines: { majority: ClassAccuracy & { predicts: string }; persistence: ClassAccuracy };
  bestBaseline: string;
  requiredGain: number;
}

export interface SequenceTasksData {
  config: {
    heldOutYear: number;
    trainingPeriod: { first: string; last: string; days: number };
    heldOutPeriod: { first: string; last: string; days: number };
    features: string[];
    /** Mean and standard deviation per standardised measurement, from the training period only. */
    normalisation: { mean: Record<string, number>; std: Record<string, number> };
    window: number;
    hidden: number;
    epochs: number;
    batch: number;
    learningRate: number;
    finalLearningRate: number;
    clipNorm: number;
    forgetBias: number;
    curveTolerance: number;
    timeBudgetMs: number;
    timeBudgetFactor: number;
    calibration: string;
  };
  regression: RegressionData;
  classification: ClassificationData;
  /** Per task, what the probe found (empty when every function matched the reference). */
  findings: { regression: FindingData[]; classification: FindingData[] };
}
