/**
 * `npm run grade`: parses the command line (DESIGN.md section 8), grades, runs the reporters and
 * sets the exit code: 0 at the pass mark, 1 below it, 2 when grading itself could not run.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, DEFAULT_CONFIG_PATH } from './config';
import { EXERCISE_IDS, findExercise, type ExerciseId } from './course';
import { grade } from './grade';
import { CACHE_DIR, DEFAULT_OUT_DIR, GRADER_ROOT } from './paths';
import { reportersFor } from './reporters';
import { sanitizeStrings } from './sanitize';
import { classroomErrorResult, writeClassroomResult } from './reporters/classroom';
import type { ReporterContext } from './reporters/types';
import type { Runner } from './sandbox/types';
import { answers, openRunner } from './wiring';

export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP = `Usage: npm run grade -- [options]

Grades your exercises and writes reports/index.html, reports/results.json and reports/junit.xml.

Options:
  --submission DIR   folder laid out like exercises/ to grade (default: exercises)
  --only ID[,ID]     grade only these exercises (ids or folder names): ${EXERCISE_IDS.join(', ')}
  --seed N           seed of the random cases (default: from grader/grading-config.json)
  --replay CHECK@PATH  replay one failing case (the report and the terminal print this command)
  --out DIR          where reports go (default: reports)
  --quick            skip the copy task
  --tiers            also train the copy task at the longer delays (shown, not graded)
  --classroom        also write the GitHub Classroom runner result to $GITHUB_OUTPUT
  --config FILE      grading settings (default: grader/grading-config.json)
  -h, --help         show this help

Exit code: 0 at full marks (or the pass mark), 1 below it, 2 when grading could not run.`;

export interface CliOptions {
  submissionDir: string;
  submissionLabel: string;
  only?: ExerciseId[];
  seed?: number;
  replay?: { checkId: string; path: string };
  outDir: string;
  quick: boolean;
  tiers: boolean;
  classroom: boolean;
  configFile: string;
  help: boolean;
}

export function parseCommandLine(argv: string[], cwd: string): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        submission: { type: 'string' },
        only: { type: 'string' },
        seed: { type: 'string' },
        replay: { type: 'string' },
        out: { type: 'string' },
        quick: { type: 'boolean', default: false },
        tiers: { type: 'boolean', default: false },
        classroom: { type: 'boolean', default: false },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')} (see --help)`);
  }
  const v = parsed.values;
  const submissionLabel = v.submission ?? 'exercises';
  const submissionDir = path.resolve(cwd, submissionLabel);
  let only: ExerciseId[] | undefined;
  if (v.only !== undefined) {
    const names = v.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => findExercise(name) === undefined);
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--only: unknown exercise ${unknown.map((u) => JSON.stringify(u)).join(', ') || '(none given)'}; choose from ${EXERCISE_IDS.join(', ')}`,
      );
    }
    only = [...new Set(names.map((name) => findExercise(name)!.id))];
  }
  let seed: number | undefined;
  if (v.seed !== undefined) {
    if (!/^\d+$/.test(v.seed) || Number(v.seed) > 0xffffffff)
      throw new UsageError(`--seed: must be a whole number from 0 to 4294967295, got ${JSON.stringify(v.seed)}`);
    seed = Number(v.seed);
  }
  let replay: CliOptions['replay'];
  if (v.replay !== undefined) {
    const match = /^([A-Za-z]+\.[a-z-]+)@([\d:]*)$/.exec(v.replay);
    if (!match)
      throw new UsageError(
        `--replay: expected CHECK@PATH such as forgetGateBackward.backward-gradient@4:0:1, got ${JSON.stringify(v.replay)}`,
      );
    if (!only || only.length !== 1) throw new UsageError('--replay: give the exercise of the check with --only ID');
    replay = { checkId: match[1], path: match[2] };
  }
  return {
    submissionDir,
    submissionLabel,
    only,
    seed,
    replay,
    outDir: path.resolve(cwd, v.out ?? DEFAULT_OUT_DIR),
    quick: v.quick ?? false,
    tiers: v.tiers ?? false,
    classroom: v.classroom ?? false,
    configFile: v.config ? path.resolve(cwd, v.config) : DEFAULT_CONFIG_PATH,
    help: v.help ?? false,
  };
}

/** The command that replays one check, with the options that matter for reproducing it. */
export function replayCommand(options: CliOptions, seed: number, exercise: ExerciseId, checkId: string, fcPath: string): string {
  const submission = options.submissionLabel === 'exercises' ? '' : ` --submission ${options.submissionLabel}`;
  return `npm run grade --${submission} --only ${exercise} --seed ${seed} --replay ${checkId}@${fcPath}`;
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  stdout: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCommandLine(argv, process.cwd());
    if (options.help) {
      stdout.write(HELP + '\n');
      return 0;
    }
    if (!existsSync(options.submissionDir) || !statSync(options.submissionDir).isDirectory()) {
      throw new UsageError(`--submission: ${options.submissionLabel} is not a folder (it must be laid out like exercises/)`);
    }
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    return fail(error);
  }
  let config;
  try {
    config = loadConfig(options.configFile);
  } catch (error) {
    return fail(error);
  }
  const seed = options.seed ?? config.seed;
  const interactive = Boolean(stdout.isTTY) && !env.CI;
  let runner: Runner | undefined;
  try {
    runner = await openRunner(options.submissionDir, config);
    const result = await grade({
      submissionDir: options.submissionDir,
      submissionLabel: options.submissionLabel,
      config,
      runner,
      seed,
      only: options.only,
      quick: options.quick,
      tiers: options.tiers,
      replay: options.replay,
      replayCommand: (exercise, checkId, fcPath) => replayCommand(options, seed, exercise, checkId, fcPath),
      answers: await answers(),
      cacheDir: CACHE_DIR,
      onProgress: interactive
        ? (event) => {
            if (event.total) stdout.write(`\r  copy task: step ${event.done}/${event.total}   `);
            if (event.done !== undefined && event.done === event.total) stdout.write('\n');
          }
        : undefined,
    });
    const context: ReporterContext = {
      outDir: options.outDir,
      submissionDir: options.submissionDir,
      submissionPathFromRepo: path.relative(GRADER_ROOT, options.submissionDir).split(path.sep).join('/') || '.',
      env,
      stdout,
      color: !('NO_COLOR' in env) && Boolean(stdout.isTTY),
    };
    const reported = sanitizeStrings(result);
    for (const reporter of reportersFor({
      classroom: options.classroom,
      replay: options.replay !== undefined,
      env,
      visibility: config.visibility,
    })) {
      await reporter.write(reported, context);
    }
    return result.passed ? 0 : 1;
  } catch (error) {
    const code = fail(error);
    if (options.classroom) writeClassroomResult(classroomErrorResult(errorMessage(error)), options.outDir, env);
    return code;
  } finally {
    await runner?.close();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(error: unknown): number {
  const known = error instanceof UsageError || error instanceof ConfigError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lstm-lab grade: ${known ? message : `grading could not run: ${message}`}\n`);
  if (!known && process.env.LSTM_LAB_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.exitCode = fail(error);
    },
  );
}
