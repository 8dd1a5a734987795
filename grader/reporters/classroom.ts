/**
 * GitHub Classroom (`--classroom`): the runner result that
 * classroom-resources/autograding-grading-reporter reads. Each runner step sets an output named
 * `result` holding base64-encoded JSON { version: 1, status, max_score, tests }; the workflow hands
 * it to the reporter as the env var `<STEP_ID>_RESULTS`, and the reporter adds up the tests' scores.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckStatus, GradeResult } from '../model';
import { OUTPUT_FILES } from '../paths';
import type { Reporter, ReporterContext } from './types';
import { repositoryPath, submissionPathFromRepo } from './github';

export type ClassroomStatus = 'pass' | 'fail' | 'error';

/** One test as the reporter prints it; the fields mirror autograding-command-grader's output. */
export interface ClassroomTest {
  name: string;
  status: ClassroomStatus;
  score: number;
  max_score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  /** Milliseconds. */
  duration: number;
}

export interface ClassroomRunnerResult {
  version: 1;
  status: ClassroomStatus;
  max_score: number;
  tests: ClassroomTest[];
}

/** The name of the step output the reporter reads. */
export const CLASSROOM_OUTPUT_NAME = 'result';

const TEST_STATUS: Record<CheckStatus, ClassroomStatus> = {
  passed: 'pass',
  failed: 'fail',
  'not-attempted': 'fail',
  error: 'error',
};

/**
 * One Classroom test per exercise (its points, and its first failure as the message); the runner
 * passes at the pass mark. Per-check detail stays in the report and junit.xml.
 */
export function classroomResult(result: GradeResult, pathFromRepo = 'exercises'): ClassroomRunnerResult {
  return {
    version: 1,
    status: result.passed ? 'pass' : 'fail',
    max_score: result.maxScore,
    tests: result.exercises.map((exercise) => ({
      name: exercise.title,
      status: TEST_STATUS[exercise.status],
      score: exercise.score,
      max_score: exercise.maxScore,
      message:
        exercise.summary === ''
          ? `${exercise.score}/${exercise.maxScore} points`
          : `${exercise.score}/${exercise.maxScore} points. ${exercise.summary}`,
      test_code: `npm run grade -- --only ${exercise.id}`,
      filename: exercise.file === '' ? '' : repositoryPath(pathFromRepo, exercise.file),
      line_no: 0,
      duration: exercise.durationMs ?? 0,
    })),
  };
}

/** The result to report when grading itself could not run (exit code 2). */
export function classroomErrorResult(reason: string, maxScore = 0): ClassroomRunnerResult {
  if (reason.trim() === '') throw new TypeError('classroomErrorResult: reason must not be empty');
  return {
    version: 1,
    status: 'error',
    max_score: maxScore,
    tests: [
      {
        name: 'Grading',
        status: 'error',
        score: 0,
        max_score: maxScore,
        message: reason,
        test_code: 'npm run grade',
        filename: '',
        line_no: 0,
        duration: 0,
      },
    ],
  };
}

export function encodeClassroomResult(runnerResult: ClassroomRunnerResult): string {
  return Buffer.from(JSON.stringify(runnerResult), 'utf8').toString('base64');
}

/**
 * A `name<<delimiter` entry for $GITHUB_OUTPUT, safe for values with newlines (the delimiter is
 * random, as in @actions/core).
 */
export function githubOutputEntry(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    throw new TypeError(`githubOutputEntry: name must be an output identifier, got ${JSON.stringify(name)}`);
  }
  if (value.includes(delimiter)) {
    throw new TypeError('githubOutputEntry: value must not contain the delimiter');
  }
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/**
 * Appends the runner result to $GITHUB_OUTPUT when it is set, and always writes it as plain JSON
 * to `<outDir>/classroom.json` so it can be read outside Actions.
 */
export function writeClassroomResult(runnerResult: ClassroomRunnerResult, outDir: string, env: NodeJS.ProcessEnv): void {
  fs.writeFileSync(path.join(outDir, OUTPUT_FILES.classroom), `${JSON.stringify(runnerResult, null, 2)}\n`, 'utf8');
  if (env.GITHUB_OUTPUT) {
    fs.appendFileSync(env.GITHUB_OUTPUT, githubOutputEntry(CLASSROOM_OUTPUT_NAME, encodeClassroomResult(runnerResult)), 'utf8');
  }
}

export const classroomReporter: Reporter = {
  name: 'classroom',
  write(result: GradeResult, context: ReporterContext): void {
    writeClassroomResult(classroomResult(result, submissionPathFromRepo(context)), context.outDir, context.env);
  },
};
