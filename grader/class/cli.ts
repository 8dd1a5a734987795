/**
 * `npm run grade:class`: grades a folder of submissions into DIR (DESIGN.md section 8), or joins
 * shard outputs with --merge. Exit code 0 when every student got a grade, 1 when some could not be
 * graded (gradebook.csv and class.html give the reasons), 2 when the command itself could not run,
 * with a one-line reason (docs/class-grading.md).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG_PATH } from '../config';
import { DiscoveryError } from './intake/discover';
import { mergeClass } from './merge';
import { gradeClass, type ClassRunOptions } from './run';
import { parseShard } from './shard';
import { CLASS_PAGE_FILE, ClassDataError, GRADEBOOK_FILE, loadClassData } from './store';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_TIMEOUT_SECONDS = 1800;

const HELP = `Usage: npm run grade:class -- SUBMISSIONS --out DIR [options]
       npm run grade:class -- --merge DIR... --out DIR

Grades every submission in SUBMISSIONS: one folder per student (cloned GitHub Classroom
repositories or folders laid out like exercises/), one <student>.zip per student, or an unzipped
Gradescope export. Writes DIR/<student>/ (index.html, results.json, junit.xml), DIR/gradebook.csv
and DIR/class.html. Students whose files, grader and options did not change since the last run
into DIR are not graded again.

Options:
  --out DIR             where the class outputs go (required)
  --jobs N              gradings at once (default: the number of cores, ${os.availableParallelism()} here)
  --shard I/N           grade only slice I of N, the same slice on every machine; join the N outputs with --merge
  --quick               skip the copy task
  --seed N              seed of the random cases (default: from the grading config)
  --config FILE         grading settings (default: grader/grading-config.json)
  --timeout SECONDS     stop a grading that runs longer than this (default ${DEFAULT_TIMEOUT_SECONDS})
  --strip-prefix TEXT   take TEXT off folder and zip names to get student ids
                        (default: the prefix every name shares up to a "-"; --strip-prefix "" keeps the names)
  --regrade             grade every student again, whatever the cache says
  --merge               join the folders given (the --out folders of shards) into --out
  -h, --help            show this help

Exit code: 0 when every student got a grade, 1 when some could not be graded (the gradebook and
the class page say why), 2 when the command could not run.`;

export type ClassCommand =
  { kind: 'help' } | { kind: 'grade'; options: ClassRunOptions } | { kind: 'merge'; inputs: string[]; outDir: string };

function wholeNumber(text: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${option}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function parseClassCommandLine(argv: string[], cwd: string): ClassCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
        quick: { type: 'boolean', default: false },
        seed: { type: 'string' },
        config: { type: 'string' },
        timeout: { type: 'string' },
        'strip-prefix': { type: 'string' },
        regrade: { type: 'boolean', default: false },
        merge: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')} (see --help)`);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.out === undefined || v.out === '') throw new UsageError('--out: give the folder for the class outputs (see --help)');
  const outDir = path.resolve(cwd, v.out);
  if (v.merge) {
    const gradingOnly = (['jobs', 'shard', 'quick', 'seed', 'config', 'timeout', 'strip-prefix', 'regrade'] as const).filter(
      (k) => v[k] !== undefined && v[k] !== false,
    );
    if (gradingOnly.length > 0)
      throw new UsageError(`--merge: --${gradingOnly[0]} is for grading, not merging; the shards' own options are used`);
    if (parsed.positionals.length === 0) throw new UsageError('--merge: give the folders to merge (the --out folders of the shards)');
    return { kind: 'merge', inputs: parsed.positionals.map((p) => path.resolve(cwd, p)), outDir };
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      parsed.positionals.length === 0
        ? 'SUBMISSIONS: give the folder of submissions (see --help)'
        : `SUBMISSIONS: give one folder, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
    );
  }
  let shard = null;
  if (v.shard !== undefined) {
    try {
      shard = parseShard(v.shard);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return {
    kind: 'grade',
    options: {
      submissions: path.resolve(cwd, parsed.positionals[0]),
      outDir,
      jobs: v.jobs === undefined ? os.availableParallelism() : wholeNumber(v.jobs, '--jobs', 1, 64),
      shard,
      quick: v.quick ?? false,
      seed: v.seed === undefined ? undefined : wholeNumber(v.seed, '--seed', 0, 0xffffffff),
      configFile: v.config ? path.resolve(cwd, v.config) : DEFAULT_CONFIG_PATH,
      timeoutMs: 1000 * (v.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : wholeNumber(v.timeout, '--timeout', 1, 7 * 24 * 3600)),
      stripPrefix: v['strip-prefix'],
      regrade: v.regrade ?? false,
    },
  };
}

export async function main(
  argv: string[],
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const write = (line: string) => stdout.write(`${line}\n`);
  try {
    const command = parseClassCommandLine(argv, process.cwd());
    if (command.kind === 'help') {
      write(HELP);
      return 0;
    }
    if (command.kind === 'merge') {
      const stats = mergeClass(command.inputs, command.outDir);
      write(`Merged ${stats.inputs} folders: ${stats.students} students.`);
      return finish(command.outDir, write);
    }
    const stats = await gradeClass(command.options, write);
    write(
      `${stats.students} students: ${stats.regraded.length} graded now, ${stats.reused.length} kept from an earlier run` +
        `${stats.notGraded.length ? `, ${stats.notGraded.length} not graded (${stats.notGraded.slice(0, 5).join(', ')}${stats.notGraded.length > 5 ? ', …' : ''})` : ''}.`,
    );
    return finish(command.options.outDir, write);
  } catch (error) {
    const known = [UsageError, DiscoveryError, ClassDataError, ConfigError].some((kind) => error instanceof kind);
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`lstm-lab grade:class: ${known ? message : `class grading could not run: ${message}`}\n`);
    if (!known && process.env.LSTM_LAB_DEBUG) stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
}

/** Points at the outputs and gives the exit code: 1 when the gradebook has students without a grade. */
function finish(outDir: string, write: (line: string) => void): number {
  // The gradebook was just written from DIR; what DIR holds decides the exit code.
  const data = loadClassData(outDir);
  const ungraded = data.students.filter((s) => s.record.status !== 'graded').length;
  write(`Gradebook: ${path.join(outDir, GRADEBOOK_FILE)}`);
  write(`Class page: ${path.join(outDir, CLASS_PAGE_FILE)}`);
  return ungraded === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`lstm-lab grade:class: class grading could not run: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
