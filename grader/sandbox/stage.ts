/**
 * Staging: a submission's exercise files, transpiled, in a fresh workspace next to the grader's
 * own lib/ (DESIGN.md section 2). Only the files the sandbox will run are taken: each exercise's
 * main file and the submission files it imports, transitively, inside the exercise folders. A
 * file nothing imports is never read, so it cannot stop staging. lib/, package.json,
 * node_modules or solutions/ in the submission are ignored. Student files are compiled in a
 * worker with time and memory limits (compiler.ts): a file that cannot be compiled is a load
 * error for the exercises that use it, never a failure of the grader.
 *
 * The workspace is readable by every user and writable by none but the grader: the sandbox
 * processes run as an unprivileged user (process.ts) and may read it and nothing else.
 */
import { constants as fsConstants, existsSync, promises as fsp, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { CODE_EXERCISES } from '../course';
import { CACHE_DIR, GRADER_ROOT } from '../paths';
import { bundleScript } from './bundle';
import { IsolatedCompiler, type CompilerLimits } from './compiler';
import type { Fault } from './types';
import { TranspileCache } from './transpile-cache';
import { transpileTrusted } from './trusted-transpile';

/** Files larger than this are not staged: no exercise needs it, and it keeps staging bounded. */
const MAX_SOURCE_BYTES = 1_000_000;
/** Permissions in the workspace: readable by the sandbox user, writable only by the grader. */
const FOLDER_MODE = 0o755;
const FILE_MODE = 0o644;

export interface StagedFile {
  /** Absolute path of the staged .js file. */
  jsPath: string;
  /** Path relative to the submission root, e.g. `03-forget-gate/forget-gate.ts`. */
  submissionFile: string;
  sourceMap: SourceMap;
  /** Staged student .js files this one requires, absolute (lib/ is left out: it is trusted). */
  localImports: string[];
  /** Set when the file cannot be loaded (a syntax error, too large, not compilable); its .js is then not written. */
  fault?: Fault;
}

export interface StagedWorkspace {
  /** The workspace folder (under os.tmpdir() unless given). */
  root: string;
  /** The submission folder, absolute. */
  submissionDir: string;
  /** The plain-JS sandbox entry the child process runs. */
  entryFile: string;
  /** Staged exercise .js file per folder, e.g. `03-forget-gate` → `<root>/exercises/03-forget-gate/forget-gate.js`. */
  mainFiles: Map<string, string>;
  /** Every student file staged so far (also broken ones, with their fault), keyed by its staged .js path. */
  files: Map<string, StagedFile>;
  /** Folders whose main file cannot be loaded at all (missing, syntax error, not compilable), with the fault to report. */
  loadErrors: Map<string, Fault>;
  /**
   * Resolves once the folder's main file and everything it imports are staged (or known broken):
   * student files are staged in course order while the first exercises are already graded.
   */
  ready(folder: string): Promise<void>;
  /** Resolves once every exercise is staged; rejects if staging itself failed. */
  complete: Promise<void>;
  /** Stages a trusted task module's folder (once) and returns the staged .js path of the module. */
  stageTask(taskModule: string): Promise<string>;
  /** Stops staging and deletes the workspace; safe to call twice. */
  dispose(): Promise<void>;
}

export interface StageOptions {
  /** Stage into this empty folder instead of a new temporary one. */
  workspaceDir?: string;
  /** Time limits of the student-file compiler. */
  compilerLimits?: CompilerLimits;
  /** Where transpiled files are cached by content (default: the grader's .cache/). */
  cacheDir?: string;
}

/** Stages `submissionDir` (a folder laid out like exercises/) into a new temporary folder or `options.workspaceDir`, completely. */
export async function stageSubmission(submissionDir: string, options: StageOptions = {}): Promise<StagedWorkspace> {
  const workspace = await openWorkspace(submissionDir, options);
  try {
    await workspace.complete;
  } catch (error) {
    await workspace.dispose();
    throw error;
  }
  return workspace;
}

/**
 * The workspace with the grader's lib/ and the sandbox entry in place, readable by the sandbox
 * user: sandbox processes may start at once. The student files are staged in the background,
 * exercise by exercise in course order (StagedWorkspace.ready); the compile worker is already
 * loading TypeScript if any exercise's main file is not in the cache.
 */
export async function openWorkspace(submissionDir: string, options: StageOptions = {}): Promise<StagedWorkspace> {
  if (typeof submissionDir !== 'string' || submissionDir === '') {
    throw new TypeError('stageSubmission: argument submissionDir must be a folder path');
  }
  const { workspaceDir, compilerLimits } = options;
  if (!existsSync(path.resolve(submissionDir))) {
    throw new Error(`stageSubmission: argument submissionDir: the folder ${path.resolve(submissionDir)} does not exist`);
  }
  const submission = await fsp.realpath(submissionDir);
  const root =
    workspaceDir === undefined
      ? await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-sandbox-'))
      : await freshFolder(path.resolve(workspaceDir));
  const realRoot = await fsp.realpath(root);
  const cache = new TranspileCache(options.cacheDir ?? CACHE_DIR);
  const compiler = new IsolatedCompiler(compilerLimits);
  try {
    // Node reads --allow-fs-read as a comma-separated list.
    if (realRoot.includes(',')) {
      throw new Error(`stageSubmission: argument workspaceDir must not contain a comma, got ${realRoot}`);
    }
    await fsp.chmod(realRoot, FOLDER_MODE);
    if (await anyMainFileUncached(submission, cache)) compiler.start();
    await stageTrustedFolder(path.join(GRADER_ROOT, 'lib'), path.join(realRoot, 'lib'));
    const entryFile = path.join(realRoot, '.sandbox', 'entry.js');
    await writeFileIn(entryFile, sandboxEntryScript());
    return workspaceHandle(realRoot, submission, entryFile, new StudentStaging(submission, realRoot, compiler, cache));
  } catch (error) {
    await compiler.close();
    await fsp.rm(realRoot, { recursive: true, force: true });
    throw error;
  }
}

/** True when some exercise's main file would need the compiler (then it starts loading at once). */
async function anyMainFileUncached(submission: string, cache: TranspileCache): Promise<boolean> {
  for (const exercise of CODE_EXERCISES) {
    const source = await readSourceFile(path.join(submission, exercise.file));
    if (typeof source === 'string' && cache.get(source, path.basename(exercise.file)) === undefined) return true;
  }
  return false;
}

function workspaceHandle(root: string, submissionDir: string, entryFile: string, staging: StudentStaging): StagedWorkspace {
  const stagedTasks = new Map<string, Promise<string>>();
  let disposed = false;
  return {
    root,
    submissionDir,
    entryFile,
    mainFiles: staging.mainFiles,
    files: staging.files,
    loadErrors: staging.loadErrors,
    ready: (folder) => staging.ready(folder),
    complete: staging.complete,
    stageTask(taskModule: string): Promise<string> {
      let task = stagedTasks.get(taskModule);
      if (!task) {
        task = stageTaskModule(root, taskModule);
        stagedTasks.set(taskModule, task);
      }
      return task;
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await staging.stop();
      await fsp.rm(root, { recursive: true, force: true });
    },
  };
}

// ---- student files ------------------------------------------------------------------------------

interface PendingFile {
  /** Absolute path of the .ts file in the submission. */
  source: string;
  submissionFile: string;
  jsPath: string;
}

const EXERCISE_FOLDERS = new Set(CODE_EXERCISES.map((e) => e.folder));

/**
 * Stages every exercise's main file and what it imports, transitively, one exercise after the
 * other in course order, in the background; each exercise is ready as soon as its files are.
 */
class StudentStaging {
  readonly mainFiles = new Map<string, string>();
  readonly files = new Map<string, StagedFile>();
  readonly loadErrors = new Map<string, Fault>();
  readonly complete: Promise<void>;
  private readonly readiness = new Map<string, { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void }>();
  private readonly queued = new Set<string>();
  private stopped = false;

  constructor(
    private readonly submission: string,
    private readonly root: string,
    private readonly compiler: IsolatedCompiler,
    private readonly cache: TranspileCache,
  ) {
    for (const exercise of CODE_EXERCISES) {
      this.mainFiles.set(exercise.folder, stagedJsPath(root, exercise.file));
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      // A failure is reported through whoever waits; nobody waiting is no unhandled rejection.
      promise.catch(() => undefined);
      this.readiness.set(exercise.folder, { promise, resolve, reject });
    }
    this.complete = this.run();
    this.complete.catch(() => undefined);
  }

  ready(folder: string): Promise<void> {
    const entry = this.readiness.get(folder);
    if (!entry) throw new RangeError(`StagedWorkspace.ready: argument folder must be an exercise folder, got ${JSON.stringify(folder)}`);
    return entry.promise;
  }

  /** Stops staging (the compile worker first) and waits until nothing more is written. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.compiler.close();
    await this.complete.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      for (const exercise of CODE_EXERCISES) {
        if (this.stopped) throw new Error('stageSubmission: staging was stopped');
        await this.stageExercise(exercise.folder, exercise.file);
        this.readiness.get(exercise.folder)?.resolve();
      }
    } catch (error) {
      for (const entry of this.readiness.values()) entry.reject(error);
      throw error;
    } finally {
      await this.compiler.close();
    }
  }

  private async stageExercise(folder: string, file: string): Promise<void> {
    const shown = displayPath(this.submission);
    const link = await symbolicLinkOn(this.submission, file);
    if (link !== undefined) {
      // A link could point at the reference solution, which the grader itself may read: refused.
      this.loadErrors.set(folder, { kind: 'load-error', message: `${shown}/${link} is a symbolic link: submit the file itself.`, file });
      return;
    }
    if (!(await isRegularFile(path.join(this.submission, file)))) {
      this.loadErrors.set(folder, {
        kind: 'load-error',
        message: `${shown}/${file} is missing: the grader looks for exactly this file name.`,
        file,
      });
      return;
    }
    const main = stagedJsPath(this.root, file);
    await this.stageWithImports({ source: path.join(this.submission, file), submissionFile: file, jsPath: main });
    const fault = this.files.get(main)?.fault;
    if (fault) this.loadErrors.set(folder, fault);
  }

  /** Stages a file, then what it imports, depth first (a cycle stops at a file already on its way). */
  private async stageWithImports(pending: PendingFile): Promise<void> {
    if (this.queued.has(pending.jsPath)) return;
    this.queued.add(pending.jsPath);
    const { file, imports } = await stageStudentFile(pending, this.compiler, this.cache);
    this.files.set(file.jsPath, file);
    for (const request of imports) {
      const dependency = await resolveSubmissionImport(this.submission, this.root, pending.source, request);
      if (dependency === undefined) continue;
      file.localImports.push(dependency.jsPath);
      await this.stageWithImports(dependency);
    }
  }
}

function stagedJsPath(root: string, submissionFile: string): string {
  return path.join(root, 'exercises', submissionFile.replace(/\.ts$/, '.js'));
}

const EMPTY_SOURCE_MAP = { version: 3, file: '', sources: [], names: [], mappings: '' };

async function stageStudentFile(
  pending: PendingFile,
  compiler: IsolatedCompiler,
  cache: TranspileCache,
): Promise<{ file: StagedFile; imports: string[] }> {
  const { jsPath, submissionFile } = pending;
  const broken = (message: string, line?: number): { file: StagedFile; imports: string[] } => ({
    file: {
      jsPath,
      submissionFile,
      sourceMap: new SourceMap(EMPTY_SOURCE_MAP as never),
      localImports: [],
      fault: { kind: 'load-error', file: submissionFile, message, ...(line === undefined ? {} : { line }) },
    },
    imports: [],
  });
  const source = await readSourceFile(pending.source);
  if (source === 'too-large') return broken(`${submissionFile} is larger than 1 MB, which no exercise needs.`);
  if (source === undefined) return broken(`${submissionFile} could not be read.`);
  const fileName = path.basename(pending.source);
  let transpiled = cache.get(source, fileName);
  if (transpiled === undefined) {
    const compiled = await compiler.compile(source, fileName);
    if (!compiled.ok) return broken(`${submissionFile} could not be compiled: ${compiled.reason}.`);
    transpiled = compiled.file;
    cache.set(source, fileName, transpiled);
  }
  const { js, sourceMap, syntaxError, imports } = transpiled;
  if (syntaxError) return broken(`${submissionFile}: line ${syntaxError.line}: ${syntaxError.message}`, syntaxError.line);
  await writeFileIn(jsPath, js);
  return { file: { jsPath, submissionFile, sourceMap: new SourceMap(JSON.parse(sourceMap)), localImports: [] }, imports };
}

/**
 * The submission file a relative import of `fromSource` names, when it is a regular .ts file
 * inside an exercise folder (`./x`, `./x.js` → x.ts, or x/index.ts); undefined otherwise (lib/
 * comes from the grader; anything else is not staged and fails to load).
 */
async function resolveSubmissionImport(
  submission: string,
  root: string,
  fromSource: string,
  request: string,
): Promise<PendingFile | undefined> {
  if (!request.startsWith('./') && !request.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(fromSource), request).replace(/\.(ts|js)$/, '');
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    const relative = path.relative(submission, candidate);
    const parts = relative.split(path.sep);
    if (relative.startsWith('..') || path.isAbsolute(relative) || !EXERCISE_FOLDERS.has(parts[0])) return undefined;
    if (parts.some((part) => part === 'node_modules' || part.startsWith('.'))) return undefined;
    const submissionFile = parts.join('/');
    if ((await symbolicLinkOn(submission, submissionFile)) !== undefined) continue;
    if (await isRegularFile(candidate)) return { source: candidate, submissionFile, jsPath: stagedJsPath(root, submissionFile) };
  }
  return undefined;
}

/** The text of a regular file, read without following a link or blocking on a FIFO; 'too-large' past the cap. */
async function readSourceFile(file: string): Promise<string | 'too-large' | undefined> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_SOURCE_BYTES) return 'too-large';
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await fsp.lstat(file)).isFile() && !file.endsWith('.d.ts');
  } catch {
    return false;
  }
}

/** The first part of `relative` (folder or file) that is a symbolic link, if any. */
async function symbolicLinkOn(root: string, relative: string): Promise<string | undefined> {
  const parts = relative.split('/');
  for (let k = 1; k <= parts.length; k++) {
    const partial = parts.slice(0, k).join('/');
    try {
      if ((await fsp.lstat(path.join(root, partial))).isSymbolicLink()) return partial;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// ---- trusted files ------------------------------------------------------------------------------

/** The JavaScript of one of the grader's own files (trusted: transpiled on the main thread, by swc). */
async function trustedJs(source: string): Promise<string> {
  return transpileTrusted(await fsp.readFile(source, 'utf8'), path.basename(source));
}

async function tsFilesOf(folder: string): Promise<string[]> {
  return (await fsp.readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name)
    .sort();
}

/** Transpiles every .ts file of a trusted folder (not recursive) into `target`. */
async function stageTrustedFolder(sourceFolder: string, target: string): Promise<void> {
  for (const name of await tsFilesOf(sourceFolder)) {
    await writeFileIn(path.join(target, name.replace(/\.ts$/, '.js')), await trustedJs(path.join(sourceFolder, name)));
  }
}

const CHILD_FOLDER = path.join(__dirname, 'child');
let entryScript: string | undefined;

/** The sandbox's own modules (child/) as one script, their modules out of student code's reach (bundle.ts). */
function sandboxEntryScript(): string {
  if (entryScript === undefined) {
    const modules = readdirSync(CHILD_FOLDER)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => ({
        name: name.replace(/\.ts$/, ''),
        js: transpileTrusted(readFileSync(path.join(CHILD_FOLDER, name), 'utf8'), name),
      }));
    entryScript = bundleScript(modules, 'entry');
  }
  return entryScript;
}

/**
 * Stages a trusted task module under `<root>/grader/...`, at the same place relative to lib/ as in
 * the grader, with every file of grader/ it requires, directly or not (read from the transpiled
 * code, so type-only imports do not count): its `../../lib/...` imports resolve to the staged lib,
 * and nothing of the grader it does not run is put where student code could read it.
 */
async function stageTaskModule(root: string, taskModule: string): Promise<string> {
  const absolute = path.resolve(taskModule);
  const relative = path.relative(GRADER_ROOT, absolute);
  if (!absolute.endsWith('.ts') || relative.startsWith('..') || !relative.startsWith(`grader${path.sep}`) || !existsSync(absolute)) {
    throw new Error(
      `runTask: argument taskModule must be an existing .ts file under ${path.join(GRADER_ROOT, 'grader')}, got ${taskModule}`,
    );
  }
  const graderFolder = path.join(GRADER_ROOT, 'grader') + path.sep;
  const pending = [absolute];
  const staged = new Set(pending);
  while (pending.length > 0) {
    const source = pending.pop() as string;
    const js = await trustedJs(source);
    await writeFileIn(path.join(root, path.relative(GRADER_ROOT, source).replace(/\.ts$/, '.js')), js);
    for (const [, specifier] of js.matchAll(/\brequire\("(\.{1,2}\/[^"]*)"\)/g)) {
      const required = `${path.resolve(path.dirname(source), specifier)}.ts`;
      // lib/ is staged already; node: modules are not relative.
      if (required.startsWith(graderFolder) && !staged.has(required)) {
        staged.add(required);
        pending.push(required);
      }
    }
  }
  return path.join(root, relative.replace(/\.ts$/, '.js'));
}

// ---- the workspace on disk ------------------------------------------------------------------------

/**
 * Writes a workspace file readable by every user and writable by the grader alone, whatever its
 * umask: the folders it creates 0755, the file 0644.
 */
async function writeFileIn(file: string, content: string): Promise<void> {
  const folder = path.dirname(file);
  const firstCreated = await fsp.mkdir(folder, { recursive: true });
  if (firstCreated !== undefined) {
    for (let created = folder; ; created = path.dirname(created)) {
      await fsp.chmod(created, FOLDER_MODE);
      if (created === firstCreated || created === path.dirname(created)) break;
    }
  }
  await fsp.writeFile(file, content);
  await fsp.chmod(file, FILE_MODE);
}

/** A folder that must be empty or absent; created if needed. */
async function freshFolder(folder: string): Promise<string> {
  await fsp.mkdir(folder, { recursive: true });
  if ((await fsp.readdir(folder)).length > 0) {
    throw new Error(`stageSubmission: argument workspaceDir must be an empty folder, ${folder} is not empty`);
  }
  return folder;
}

/** The submission folder as a student would name it: relative to the working folder when inside it. */
function displayPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? folder : relative.split(path.sep).join('/');
}
