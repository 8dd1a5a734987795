/**
 * `npm run grade:class -- SUBMISSIONS --out DIR`: finds the students, reads each submission's
 * exercise files, grades the ones whose cache key changed in a pool of warm workers, records every
 * outcome, then writes the gradebook and the class page from what DIR holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { configHash, gradingKey, type GradingOptions } from './cache/key';
import { graderVersion } from './cache/version';
import type { GradeTask, GradeTaskResult } from './grading/grade-submission';
import { STUDENT_OUTPUTS } from './grading/grade-submission';
import { openPool, type TaskPool } from './grading/pool';
import { formatDuration, Progress } from './grading/progress';
import { discoverSubmissions, DiscoveryError, type StudentSource } from './intake/discover';
import { compareText, contentHash, writeSubmissionTree, type ExerciseFile } from './intake/files';
import { readSubmission } from './intake/read';
import { writeClassOutputs } from './outputs';
import { inShard, type Shard } from './shard';
import { baseFingerprints, ownMaterial } from './similarity/own-material';
import {
  CLASS_DATA_DIR,
  CLASS_PAGE_FILE,
  GRADEBOOK_FILE,
  RESULTS_FILE,
  readRecord,
  readResults,
  studentDir,
  writeFileAtomic,
  writeManifest,
  writeRecord,
  type StudentRecord,
} from './store';

export interface ClassRunOptions {
  submissions: string;
  outDir: string;
  jobs: number;
  shard: Shard | null;
  quick: boolean;
  /** Default: the grading config's seed. */
  seed?: number;
  configFile: string;
  timeoutMs: number;
  /** Undefined: the assignment prefix every folder shares. */
  stripPrefix?: string;
  /** Grade every student again, whatever the cache says. */
  regrade: boolean;
}

export interface ClassRunStats {
  students: number;
  regraded: string[];
  reused: string[];
  notGraded: string[];
}

interface Pending {
  source: StudentSource;
  record: StudentRecord;
  files: ExerciseFile[];
}

/** Grades the class; returns what happened. The exit code is the caller's (cli.ts). */
export async function gradeClass(options: ClassRunOptions, write: (line: string) => void): Promise<ClassRunStats> {
  const submissions = path.resolve(options.submissions);
  const outDir = path.resolve(options.outDir);
  if (outDir === submissions || outDir.startsWith(submissions + path.sep)) {
    // A later run would find the outputs as a student's submission.
    throw new DiscoveryError(`--out: ${options.outDir} is inside ${options.submissions}; put the class outputs elsewhere`);
  }
  const config = loadConfig(options.configFile);
  const gradingOptions: GradingOptions = { quick: options.quick, seed: options.seed ?? config.seed, configHash: configHash(config) };
  const version = graderVersion();
  const discovery = discoverSubmissions(options.submissions, { stripPrefix: options.stripPrefix });
  const sources = discovery.students.filter((s) => inShard(s.student, options.shard));
  fs.mkdirSync(options.outDir, { recursive: true });
  const layout =
    discovery.layout === 'gradescope'
      ? 'a Gradescope export'
      : `one folder or zip per student${discovery.prefix ? ` (ids without the prefix "${discovery.prefix}")` : ''}`;
  write(
    `${sources.length} student${sources.length === 1 ? '' : 's'} in ${options.submissions}: ${layout}${options.shard ? `; shard ${options.shard.index}/${options.shard.count} of ${discovery.students.length}` : ''}.`,
  );
  for (const note of discovery.notes) write(`  note: ${note}`);
  reportStale(options.outDir, new Set(sources.map((s) => s.student)), write);

  const stats: ClassRunStats = { students: sources.length, regraded: [], reused: [], notGraded: [] };
  const pending = takeIn(sources, options, { version, gradingOptions }, stats);
  await gradePending(pending, options, gradingOptions, stats, write);
  writeManifest(options.outDir, {
    schema: 1,
    graderVersion: version,
    options: gradingOptions,
    shard: options.shard,
    students: sources.map((s) => s.student).sort(compareText),
    lastRun: { regraded: [...stats.regraded].sort(compareText), reused: [...stats.reused].sort(compareText) },
  });
  writeClassOutputs(options.outDir);
  stats.notGraded.sort(compareText);
  return stats;
}

/**
 * Reads every submission and records those that cannot be graded; returns those to grade (whose
 * key changed, or all with --regrade). The others keep their outputs and get a fresh record.
 */
function takeIn(
  sources: StudentSource[],
  options: ClassRunOptions,
  grader: { version: string; gradingOptions: GradingOptions },
  stats: ClassRunStats,
): Pending[] {
  const base = baseFingerprints();
  const pending: Pending[] = [];
  for (const source of sources) {
    const intake = readSubmission(source);
    const common = { schema: 1 as const, student: source.student, origin: source.origin, sourceKey: source.sourceKey, notes: intake.notes };
    if (!intake.ok) {
      recordNotGraded(options.outDir, { ...common, status: 'invalid-submission', reason: intake.problem }, grader.gradingOptions);
      stats.notGraded.push(source.student);
      continue;
    }
    const hash = contentHash(intake.files);
    const record: StudentRecord = {
      ...common,
      status: 'graded',
      layout: intake.layout,
      contentHash: hash,
      key: gradingKey(grader.version, grader.gradingOptions, hash),
      files: intake.files.map((f) => f.path).sort(compareText),
      fingerprints: ownMaterial(intake.files, base),
    };
    const previous = readRecord(options.outDir, source.student);
    if (!options.regrade && previous?.status === 'graded' && previous.key === record.key && readResults(options.outDir, source.student)) {
      writeRecord(options.outDir, { ...record, durationMs: previous.durationMs });
      stats.reused.push(source.student);
    } else {
      pending.push({ source, record, files: intake.files });
    }
  }
  return pending;
}

interface GradingContext {
  options: ClassRunOptions;
  gradingOptions: GradingOptions;
  stats: ClassRunStats;
  pool: TaskPool<GradeTask, GradeTaskResult>;
  progress: Progress;
  /** Temporary folder for the submissions' snapshots. */
  work: string;
}

async function gradePending(
  pending: Pending[],
  options: ClassRunOptions,
  gradingOptions: GradingOptions,
  stats: ClassRunStats,
  write: (line: string) => void,
): Promise<void> {
  // Students who handed in the same files (a group, or an untouched template) are graded once.
  const byKey = new Map<string, Pending[]>();
  for (const p of pending) byKey.set(p.record.key!, [...(byKey.get(p.record.key!) ?? []), p]);
  const groups = [...byKey.values()];
  write(
    groups.length === 0
      ? `Nothing to grade: every student's grade is up to date (${stats.reused.length} kept).`
      : `Grading ${groups.length} submission${groups.length === 1 ? '' : 's'} with ${options.jobs} job${options.jobs === 1 ? '' : 's'}` +
          `${stats.reused.length ? `; ${stats.reused.length} up to date, kept` : ''}.`,
  );
  if (groups.length === 0) return;
  const context: GradingContext = {
    options,
    gradingOptions,
    stats,
    pool: openPool<GradeTask, GradeTaskResult>({ jobs: options.jobs, timeoutMs: options.timeoutMs }),
    progress: new Progress(groups.length, write),
    work: fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-class-')),
  };
  const started = Date.now();
  // At most `jobs` gradings are handed to the pool at a time, so that the time a grading reports is its own, not its wait.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let k = next++; k < groups.length; k = next++) await gradeGroup(groups[k], k, context);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, groups.length) }, worker));
  } finally {
    await context.pool.close();
    fs.rmSync(context.work, { recursive: true, force: true });
  }
  write(`Graded ${groups.length} submission${groups.length === 1 ? '' : 's'} in ${formatDuration(Date.now() - started)}.`);
}

/** Grades one submission (handed in by every student of `group`) and records the outcome for each of them. */
async function gradeGroup(group: Pending[], index: number, context: GradingContext): Promise<void> {
  const { options, gradingOptions, stats } = context;
  const submissionDir = path.join(context.work, String(index), 'exercises');
  writeSubmissionTree(group[0].files, submissionDir);
  const outcome = await context.pool.run({
    submissionDir,
    targets: group.map((p) => ({ student: p.source.student, outDir: studentDir(options.outDir, p.source.student) })),
    quick: gradingOptions.quick,
    seed: gradingOptions.seed,
    configFile: options.configFile,
  });
  fs.rmSync(path.dirname(submissionDir), { recursive: true, force: true });
  for (const p of group) {
    if (outcome.ok) {
      writeRecord(options.outDir, { ...p.record, durationMs: Math.round(outcome.value.durationMs) });
      stats.regraded.push(p.source.student);
    } else {
      const { key: _unused, ...withoutKey } = p.record;
      recordNotGraded(options.outDir, { ...withoutKey, status: 'grading-error', reason: outcome.reason }, gradingOptions);
      stats.notGraded.push(p.source.student);
    }
  }
  context.progress.finished({
    student: group.map((p) => p.source.student).join(', '),
    outcome: outcome.ok ? `graded ${outcome.value.score}/${outcome.value.maxScore}` : `not graded: ${outcome.reason}`,
    wallMs: outcome.wallMs,
  });
}

/**
 * A student without a grade: the record says why, and DIR/<student>/ holds only a results.json
 * with 0 points and the reason (what Gradescope shows when an autograder cannot grade), so that no
 * report from an earlier grading is mistaken for this submission's.
 */
function recordNotGraded(dir: string, record: StudentRecord, options: GradingOptions): void {
  const folder = studentDir(dir, record.student);
  for (const file of STUDENT_OUTPUTS) fs.rmSync(path.join(folder, file), { force: true });
  const results = {
    score: 0,
    execution_time: 0,
    output: `Not graded: ${record.reason}`,
    visibility: 'visible',
    stdout_visibility: 'visible',
    tests: [],
    extra_data: { submission: record.student, seed: options.seed, notGraded: { status: record.status, reason: record.reason } },
  };
  writeFileAtomic(path.join(folder, RESULTS_FILE), JSON.stringify(results, null, 2) + '\n');
  writeRecord(dir, record);
}

/** Students graded into DIR before but not in SUBMISSIONS now: their folders stay, outside the gradebook. */
function reportStale(dir: string, current: Set<string>, write: (line: string) => void): void {
  const recordsDir = path.join(dir, CLASS_DATA_DIR, 'students');
  if (!fs.existsSync(recordsDir)) return;
  const stale = fs
    .readdirSync(recordsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((s) => !current.has(s));
  if (stale.length > 0) {
    write(
      `  note: ${stale.length} student(s) graded into ${dir} before are not in this run (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}); their folders are kept but not in ${GRADEBOOK_FILE} or ${CLASS_PAGE_FILE}`,
    );
  }
}
