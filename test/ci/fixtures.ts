/**
 * GradeResult fixtures for the CI reporters: a submission at full marks, the untouched stubs, and
 * a mixed one whose failure messages carry the characters GitHub's workflow commands must escape
 * (newlines, colons, commas, percent signs).
 */
import { EXERCISES, type ExerciseInfo } from '../../grader/exercises';
import type { CheckResult, CheckStatus, ExerciseResult, GradeResult } from '../../grader/model';

const POINTS_PER_CHECK = 2;

function check(info: ExerciseInfo, id: string, title: string, fn: string | undefined, status: CheckStatus): CheckResult {
  const passed = status === 'passed';
  return {
    id,
    exercise: info.id,
    title,
    ...(fn === undefined ? {} : { fn }),
    status,
    score: passed ? POINTS_PER_CHECK : 0,
    maxScore: POINTS_PER_CHECK,
    message: passed ? '' : status === 'not-attempted' ? `${fn ?? info.id} is not implemented yet.` : `${title} failed.`,
    durationMs: 125,
  };
}

/** Two checks per exported function (forward value, backward gradient), or one for the copy task. */
function checksFor(info: ExerciseInfo, status: CheckStatus): CheckResult[] {
  const fns = Object.keys(info.exports);
  if (fns.length === 0) return [check(info, 'reaches-accuracy', 'Copy task reaches the accuracy bar', undefined, status)];
  return fns.map((fn) => check(info, `${fn}-matches-reference`, `${fn} matches the reference`, fn, status));
}

function exerciseResult(info: ExerciseInfo, status: CheckStatus, checks = checksFor(info, status)): ExerciseResult {
  const score = checks.reduce((sum, c) => sum + c.score, 0);
  const maxScore = checks.reduce((sum, c) => sum + c.maxScore, 0);
  const firstFailure = checks.find((c) => c.status !== 'passed');
  return {
    id: info.id,
    title: info.title,
    file: info.file,
    status,
    score,
    maxScore,
    summary: firstFailure?.message ?? '',
    checks,
    durationMs: checks.reduce((sum, c) => sum + (c.durationMs ?? 0), 0),
  };
}

function gradeResult(exercises: ExerciseResult[]): GradeResult {
  const maxScore = exercises.reduce((sum, e) => sum + e.maxScore, 0);
  return {
    versions: { node: '20.20.0', lstmLab: '0.1.0' },
    seed: 42,
    startedAt: '2026-11-26T10:00:00.000Z',
    durationMs: 3456,
    submission: 'exercises',
    score: exercises.reduce((sum, e) => sum + e.score, 0),
    maxScore,
    passMark: maxScore,
    exercises,
  };
}

export function passingResult(): GradeResult {
  return gradeResult(EXERCISES.map((info) => exerciseResult(info, 'passed')));
}

export function stubResult(): GradeResult {
  return gradeResult(EXERCISES.map((info) => exerciseResult(info, 'not-attempted')));
}

/** The message of the affine failure: every character the annotation escaping must handle. */
export const TRICKY_MESSAGE = 'affineBackward: dW[0][1] is 50% too large,\nexpected 0.25, got 0.375\r\nsee db, too';
export const TRICKY_TITLE = 'affineBackward: gradient, checked at 100%';
export const REPLAY_AFFINE = 'npm run grade -- --only affine --seed 42 --replay affine/affineBackward-gradient:3:1';

/**
 * activations passed; affine half right with a tricky message and a named mistake; forget-gate
 * crashed (error) and depends on affine; the rest untouched; lstm-sequence and copy-task failing.
 */
export function mixedResult(): GradeResult {
  const byId = (id: string): ExerciseInfo => {
    const info = EXERCISES.find((e) => e.id === id);
    if (!info) throw new Error(`fixture: no exercise ${id}`);
    return info;
  };
  const affine = byId('affine');
  const affineChecks: CheckResult[] = [
    check(affine, 'affine-matches-reference', 'affine matches the reference', 'affine', 'passed'),
    {
      ...check(affine, 'affineBackward-gradient', TRICKY_TITLE, 'affineBackward', 'failed'),
      message: TRICKY_MESSAGE,
      details: 'Worst entry: dW[0][1]\nanalytic 0.375, numerical 0.25',
      replay: REPLAY_AFFINE,
      mistake: { id: 'x-h-order', name: '[x, h] instead of [h, x]', hint: 'The hidden part comes first.' },
    },
    {
      ...check(affine, 'affineBackward-zero', 'affineBackward gives zero gradients for a zero upstream', 'affineBackward', 'failed'),
      message: 'affineBackward returned a non-zero db for a zero upstream gradient.',
    },
  ];
  const forgetGate = byId('forget-gate');
  const forgetChecks = checksFor(forgetGate, 'error').map((c) => ({
    ...c,
    message: `${c.fn} threw TypeError: Cannot read properties of undefined (reading 'rows').`,
  }));
  const sequence = byId('lstm-sequence');
  const sequenceChecks = checksFor(sequence, 'failed');
  const copyTask = byId('copy-task');
  return gradeResult(
    EXERCISES.map((info) => {
      switch (info.id) {
        case 'activations':
          return exerciseResult(info, 'passed');
        case 'affine':
          return exerciseResult(info, 'failed', affineChecks);
        case 'forget-gate':
          return { ...exerciseResult(info, 'error', forgetChecks), fixFirst: 'affine' as const, output: 'debug: W is undefined\n' };
        case 'lstm-sequence':
          return exerciseResult(info, 'failed', sequenceChecks);
        case 'copy-task':
          return exerciseResult(copyTask, 'failed');
        default:
          return exerciseResult(info, 'not-attempted');
      }
    }),
  );
}
