/**
 * A file cache for trusted reference runs, which depend only on their configuration, their data and
 * the code. Each entry's key hashes all three; the code version hashes every source and data file
 * under the folders a run depends on (recursively, so the kernels are included), so editing any of
 * them invalidates every entry of that cache. Build outputs (*.wasm) are left out: they follow from
 * their hashed sources, and whichever kernel ran gives the same bits.
 *
 * The student template cannot compute these runs (its trainers ship without their backward pass,
 * docs/student-template.md), so `npm run export:student` records the runs of the graded
 * configuration as data (RECORDED_RUNS), keyed by namespace, kind and key only: the template's code
 * differs from the course's by the stripped bodies. A recorded run is used before the file cache;
 * a run the template needs but does not have fails with ReferenceRunUnavailable, naming the seed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GRADER_ROOT, RECORDED_DIR } from './paths';
import { isNotInTemplate, ReferenceRunUnavailable } from './student-template';

/** The student template's recorded reference runs (absent in the course repository). */
export const RECORDED_RUNS = join(RECORDED_DIR, 'reference-runs.json');

/** A recorded run: what a cache gave out for (namespace, kind, key), as JSON. */
export interface RecordedRun {
  namespace: string;
  kind: string;
  key: unknown;
  value: unknown;
}

/** The identity of a run across the course repository and the template (no code version). */
export function recordedRunId(namespace: string, kind: string, key: unknown): string {
  return JSON.stringify([namespace, kind, key]);
}

const recordedFiles = new Map<string, Map<string, RecordedRun> | null>();

/** The runs recorded in `file`, by recordedRunId; null when there is no such file (the course repository). */
function recordedRuns(file: string): Map<string, RecordedRun> | null {
  if (!recordedFiles.has(file)) {
    const runs = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecordedRun[]) : null;
    recordedFiles.set(file, runs && new Map(runs.map((run) => [recordedRunId(run.namespace, run.kind, run.key), run])));
  }
  return recordedFiles.get(file)!;
}

let recording: RecordedRun[] | null = null;

/**
 * Runs `fn` and returns every run the caches gave out meanwhile, computed or read, as plain JSON
 * (npm run export:student records them for the student template).
 */
export function recordRuns(fn: () => void): RecordedRun[] {
  if (recording !== null) throw new Error('recordRuns: already recording');
  recording = [];
  try {
    fn();
    return recording;
  } finally {
    recording = null;
  }
}

/** The seed a run key holds (its `seed` or `config.seed`), if any. */
function seedOf(key: unknown): number | undefined {
  if (typeof key !== 'object' || key === null) return undefined;
  const record = key as { seed?: unknown; config?: { seed?: unknown } };
  const seed = record.seed ?? record.config?.seed;
  return typeof seed === 'number' ? seed : undefined;
}

function unavailable(runs: Map<string, RecordedRun>, namespace: string, kind: string, key: unknown): ReferenceRunUnavailable {
  const seed = seedOf(key);
  const recordedSeeds = [
    ...new Set([...runs.values()].filter((r) => r.namespace === namespace && r.kind === kind).map((r) => seedOf(r.key))),
  ]
    .filter((s): s is number => s !== undefined)
    .sort((a, b) => a - b);
  const missingSeed = seed !== undefined && !recordedSeeds.includes(seed);
  const has = recordedSeeds.length > 0 ? ` (it has seed ${recordedSeeds.join(', ')})` : '';
  const advice = missingSeed
    ? `grade this exercise without --seed, or ask your instructor to record seed ${seed}`
    : 'grade this exercise with the default settings';
  return new ReferenceRunUnavailable(
    `The reference run for ${missingSeed ? `seed ${seed}` : 'this configuration'} is not in this student template${has}, ` +
      `which cannot train the reference itself: ${advice} (${namespace} ${kind}).`,
  );
}

export interface RunCache {
  /** sha256 of the sources and data the cached runs depend on. */
  codeVersion(): string;
  /** The cache file for `kind` (e.g. "reference-lstm") and a JSON-able key. */
  cachePath(cacheDir: string, kind: string, key: unknown): string;
  /**
   * The cached value for (kind, key), or `compute()`'s, which is then stored. An unreadable or
   * corrupt entry is recomputed; the write goes through a temporary file and a rename, so a
   * concurrent reader never sees half a file; a read-only checkout still grades.
   */
  cached<T>(cacheDir: string, kind: string, key: unknown, compute: () => T): { value: T; hit: boolean };
}

/** Every file under `folder`, recursively, in a fixed order, build outputs left out. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() && !entry.name.endsWith('.wasm') && !entry.name.endsWith('.tmp') ? [path] : [];
    });
}

/**
 * A cache stored under `<cacheDir>/<namespace>/`, keyed on the files under `sourceFolders`, with the
 * runs recorded in `recordedFile` (the student template's) in front of it.
 */
export function runCache(namespace: string, sourceFolders: readonly string[], recordedFile = RECORDED_RUNS): RunCache {
  let codeVersionMemo: string | undefined;
  const codeVersion = (): string => {
    if (codeVersionMemo === undefined) {
      const hash = createHash('sha256');
      for (const file of sourceFolders.flatMap(filesUnder)) hash.update(relative(GRADER_ROOT, file)).update(readFileSync(file));
      codeVersionMemo = hash.digest('hex');
    }
    return codeVersionMemo;
  };
  const cachePath = (cacheDir: string, kind: string, key: unknown): string => {
    const digest = createHash('sha256')
      .update(JSON.stringify({ kind, key, code: codeVersion() }))
      .digest('hex');
    return join(cacheDir, namespace, `${kind}-${digest.slice(0, 24)}.json`);
  };
  const cached = <T>(cacheDir: string, kind: string, key: unknown, compute: () => T): { value: T; hit: boolean } => {
    const result = lookUp(cacheDir, kind, key, compute);
    recording?.push(JSON.parse(JSON.stringify({ namespace, kind, key, value: result.value })) as RecordedRun);
    return result;
  };
  const lookUp = <T>(cacheDir: string, kind: string, key: unknown, compute: () => T): { value: T; hit: boolean } => {
    const recorded = recordedRuns(recordedFile);
    const run = recorded?.get(recordedRunId(namespace, kind, key));
    if (run !== undefined) return { value: structuredClone(run.value) as T, hit: true };
    const file = cachePath(cacheDir, kind, key);
    try {
      return { value: JSON.parse(readFileSync(file, 'utf8')) as T, hit: true };
    } catch {
      // missing or corrupt: compute it again
    }
    let value: T;
    try {
      value = compute();
    } catch (error) {
      if (recorded !== null && isNotInTemplate(error)) throw unavailable(recorded, namespace, kind, key);
      throw error;
    }
    try {
      mkdirSync(join(cacheDir, namespace), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(value));
      renameSync(temporary, file);
    } catch {
      // Not writable: the next grade computes it again.
    }
    return { value, hit: false };
  };
  return { codeVersion, cachePath, cached };
}
