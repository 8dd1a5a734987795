/**
 * Gradescope's run_autograder, in TypeScript: stage the submission's exercise files, grade them
 * with `npm run grade -- --submission <dir> --out <dir>`, and put the grader's results.json (in
 * Gradescope's format already) where Gradescope reads it. When grading cannot run, it still writes
 * a valid results.json: score 0 and the reason in `output`.
 * The /autograder root is AUTOGRADER_ROOT when set, so tests can use a fake layout.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GradescopeResults, GradescopeTest } from '../../grader/reporters/gradescope-schema';
import { CONFIG_FILE, loadConfig, type GradescopeConfig } from './config';
import { locateExerciseFiles, stageSubmission } from './submission';

export interface AutograderPaths {
  root: string;
  /** The unzipped autograder (package.json, grader/, …); the grade runs here. */
  source: string;
  submission: string;
  results: string;
  /** Scratch space: the staged submission and the grader's reports. */
  work: string;
}

export function autograderPaths(env: NodeJS.ProcessEnv): AutograderPaths {
  const root = path.resolve(env.AUTOGRADER_ROOT || '/autograder');
  return {
    root,
    source: path.join(root, 'source'),
    submission: path.join(root, 'submission'),
    results: path.join(root, 'results'),
    work: path.join(root, 'work'),
  };
}

/**
 * results.json as read back from the grader, or written here when grading could not run:
 * Gradescope's format (one declaration), with every field optional until checked, and the few
 * top-level fields Gradescope accepts beyond the grader's (output_format).
 */
export type ParsedResults = Partial<Omit<GradescopeResults, 'tests' | 'visibility'>> & {
  visibility?: string;
  tests?: (Partial<Omit<GradescopeTest, 'visibility'>> & { visibility?: string })[];
  [key: string]: unknown;
};

/** The instructor's visibility wins over what the grader wrote, for the result and each test. */
export function applyVisibility(results: ParsedResults, config: GradescopeConfig): ParsedResults {
  const applied: ParsedResults = { ...results };
  if (config.visibility) {
    applied.visibility = config.visibility;
    if (applied.tests) applied.tests = applied.tests.map((t) => ({ ...t, visibility: config.visibility }));
  }
  if (config.stdoutVisibility) applied.stdout_visibility = config.stdoutVisibility;
  return applied;
}

/** A valid results.json for a submission that could not be graded. */
export function errorResults(reason: string, config: GradescopeConfig): ParsedResults {
  return applyVisibility({ score: 0, output: `Grading could not run: ${reason}`, output_format: 'text', tests: [] }, config);
}

function isGradescopeResults(value: unknown): value is ParsedResults {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.score === 'number' || Array.isArray(record.tests);
}

/** The one-line reason the grader prints when it cannot run: its last non-empty stderr line. */
function lastLine(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .at(-1);
}

export interface RunOutcome {
  results: ParsedResults;
  /** Exit code of `npm run grade`, or null when it did not run. */
  gradeExitCode: number | null;
}

/** Stages, grades and reads the grader's results; never throws for anything a submission does. */
export function gradeSubmission(paths: AutograderPaths, config: GradescopeConfig, log: NodeJS.WritableStream): RunOutcome {
  const located = locateExerciseFiles(paths.submission);
  if (located.files.length === 0) {
    return {
      gradeExitCode: null,
      results: errorResults(
        'no exercise files were found in your submission. Upload your exercises/ folder (or the folders ' +
          'inside it, such as 03-forget-gate/ with forget-gate.ts), or your whole repository.',
        config,
      ),
    };
  }
  log.write(`Found ${located.files.length} exercise file(s) (${located.layout || 'folders at the top'}).\n`);
  const staged = path.join(paths.work, 'submission');
  const reports = path.join(paths.work, 'reports');
  stageSubmission(located, staged);
  fs.rmSync(reports, { recursive: true, force: true });
  fs.mkdirSync(reports, { recursive: true });

  const grade = spawnSync('npm', ['run', 'grade', '--', '--submission', staged, '--out', reports, ...config.gradeArgs], {
    cwd: paths.source,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  log.write(grade.stdout ?? '');
  log.write(grade.stderr ?? '');
  if (grade.error) return { gradeExitCode: null, results: errorResults(`npm could not be started (${grade.error.message}).`, config) };

  const code = grade.status;
  const resultsFile = path.join(reports, 'results.json');
  if ((code === 0 || code === 1) && fs.existsSync(resultsFile)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      if (isGradescopeResults(parsed)) return { gradeExitCode: code, results: applyVisibility(parsed, config) };
    } catch {
      // Falls through to the error result below.
    }
    return { gradeExitCode: code, results: errorResults('the grader wrote an unreadable results.json.', config) };
  }
  // Exit code 2 comes with a one-line reason; a crash of the grader itself, with an Error line.
  const reason = code === 2 ? (lastLine(grade.stderr ?? '') ?? lastLine(grade.stdout ?? '')) : undefined;
  const crash = (grade.stderr ?? '')
    .split(/\r?\n/)
    .find((l) => /^\w*Error\b/.test(l.trim()))
    ?.trim();
  const stopped = code === null ? `the grader was stopped by signal ${grade.signal}` : `the grader exited with code ${code}`;
  const why = reason ?? (crash ? `${stopped} (${crash}).` : `${stopped}.`);
  return { gradeExitCode: code, results: errorResults(why, config) };
}

export function runAutograder(env: NodeJS.ProcessEnv, log: NodeJS.WritableStream): RunOutcome {
  const paths = autograderPaths(env);
  fs.mkdirSync(paths.results, { recursive: true });
  let outcome: RunOutcome;
  let config: GradescopeConfig = { gradeArgs: [] };
  try {
    config = loadConfig(path.join(paths.source, CONFIG_FILE), env);
    outcome = gradeSubmission(paths, config, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { gradeExitCode: null, results: errorResults(message, config) };
  }
  fs.writeFileSync(path.join(paths.results, 'results.json'), `${JSON.stringify(outcome.results, null, 2)}\n`, 'utf8');
  return outcome;
}

if (require.main === module) {
  const outcome = runAutograder(process.env, process.stdout);
  process.stdout.write(`results.json written: score ${outcome.results.score ?? 'from tests'}.\n`);
}
