/**
 * One grading, as a warm worker process runs it: `npm run grade` itself (grader/cli.ts `main`),
 * called in-process on one submission, so a class grade is exactly the grade the command line
 * gives, while the grader stays loaded between submissions (its start-up and JIT warm-up are paid
 * once per worker, not once per student; docs/class-grading.md has the figures).
 *
 * The submission is graded as `exercises` from the folder above it, so that the report's replay
 * commands are the ones the student types in their own checkout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main as gradeCommand } from '../../cli';
import { JUNIT_FILE, REPORT_FILE, RESULTS_FILE } from '../store';

export interface GradeTask {
  /** The submission laid out like exercises/ (a snapshot written by intake), in a folder named `exercises`. */
  submissionDir: string;
  /** Every student who handed in exactly this submission, and where their outputs go. */
  targets: { student: string; outDir: string }[];
  quick: boolean;
  seed: number;
  configFile: string;
}

export interface GradeTaskResult {
  score: number;
  maxScore: number;
  durationMs: number;
}

/** The outputs of one student, as `npm run grade` names them. */
export const STUDENT_OUTPUTS = [RESULTS_FILE, REPORT_FILE, JUNIT_FILE] as const;

/** A stream that keeps nothing: the command's terminal summary is not needed here. */
const discard = (): NodeJS.WriteStream => new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream;

/**
 * Runs `fn` while collecting what it writes to stderr: the grade command prints the one-line
 * reason there when grading could not run, and that reason is this student's.
 */
async function capturingStderr<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const original = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await fn(), stderr };
  } finally {
    process.stderr.write = original;
  }
}

export async function gradeSubmission(task: GradeTask): Promise<GradeTaskResult> {
  if (
    typeof task?.submissionDir !== 'string' ||
    path.basename(task.submissionDir) !== 'exercises' ||
    !Array.isArray(task.targets) ||
    task.targets.length === 0
  ) {
    throw new TypeError('gradeSubmission: argument task must have a submissionDir named exercises and at least one target');
  }
  const [first, ...others] = task.targets;
  const argv = [
    '--submission',
    'exercises',
    '--out',
    first.outDir,
    '--seed',
    String(task.seed),
    '--config',
    task.configFile,
    ...(task.quick ? ['--quick'] : []),
  ];
  // The class's own CI environment must not turn on the GitHub reporter for every student.
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', GITHUB_OUTPUT: '' };
  const started = Date.now();
  const cwd = process.cwd();
  // The whole grading runs from the folder above the submission (one grading at a time per worker
  // process), so that `exercises` names the snapshot however the command is written.
  process.chdir(path.dirname(task.submissionDir));
  let run;
  try {
    run = await capturingStderr(() => gradeCommand(argv, env, discard()));
  } finally {
    process.chdir(cwd);
  }
  if (run.value === 2) throw new Error(run.stderr.trim().replace(/^lstm-lab grade: /, '') || 'the grade command exited with code 2');
  const results = JSON.parse(fs.readFileSync(path.join(first.outDir, RESULTS_FILE), 'utf8')) as {
    tests: { max_score: number }[];
    score: number;
  };
  for (const target of others) {
    fs.mkdirSync(target.outDir, { recursive: true });
    for (const file of STUDENT_OUTPUTS) fs.copyFileSync(path.join(first.outDir, file), path.join(target.outDir, file));
  }
  return { score: results.score, maxScore: results.tests.reduce((sum, t) => sum + t.max_score, 0), durationMs: Date.now() - started };
}
