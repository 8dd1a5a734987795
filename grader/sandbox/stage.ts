/**
 * Staging: a submission's exercise files, transpiled, in a fresh workspace next to the grader's
 * own lib/ (DESIGN.md section 2). Only exercise .ts files are taken from the submission; lib/,
 * package.json, node_modules or solutions/ in it are ignored. The sandbox process may read this
 * workspace and nothing else.
 */
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { CODE_EXERCISES } from '../exercises';
import type { Fault } from './types';
import { importedModules, transpileTypeScript } from './transpile';

/** The grader checkout this file belongs to (grader/sandbox/ → root). */
export const GRADER_ROOT = path.resolve(__dirname, '..', '..');

/** Files larger than this are not staged: no exercise needs it, and it keeps staging bounded. */
const MAX_SOURCE_BYTES = 1_000_000;

export interface StagedFile {
  /** Absolute path of the staged .js file. */
  jsPath: string;
  /** Path relative to the submission root, e.g. `03-forget-gate/forget-gate.ts`. */
  submissionFile: string;
  sourceMap: SourceMap;
  /** Staged student .js files this one requires, absolute (lib/ is left out: it is trusted). */
  localImports: string[];
  /** Set when the file cannot be loaded (a syntax error, too large); its .js is then not written. */
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
  /** Every student file found (also broken ones, with their fault), keyed by its staged .js path. */
  files: Map<string, StagedFile>;
  /** Folders that cannot be loaded at all (missing file, syntax error), with the fault to report. */
  loadErrors: Map<string, Fault>;
  /** Stages a trusted task module's folder (once) and returns the staged .js path of the module. */
  stageTask(taskModule: string): Promise<string>;
  /** Deletes the workspace; safe to call twice. */
  dispose(): Promise<void>;
}

/** Stages `submissionDir` (a folder laid out like exercises/) into `workspaceDir` or a new temporary folder. */
export async function stageSubmission(submissionDir: string, workspaceDir?: string): Promise<StagedWorkspace> {
  if (typeof submissionDir !== 'string' || submissionDir === '') {
    throw new TypeError('stageSubmission: argument submissionDir must be a folder path');
  }
  if (!existsSync(path.resolve(submissionDir))) {
    throw new Error(`stageSubmission: argument submissionDir: the folder ${path.resolve(submissionDir)} does not exist`);
  }
  const submission = await fsp.realpath(submissionDir);
  const root = workspaceDir === undefined
    ? await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-sandbox-'))
    : await freshFolder(path.resolve(workspaceDir));
  const realRoot = await fsp.realpath(root);
  // Node reads --allow-fs-read as a comma-separated list.
  if (realRoot.includes(',')) {
    throw new Error(`stageSubmission: argument workspaceDir must not contain a comma, got ${realRoot}`);
  }

  await transpileTree(path.join(GRADER_ROOT, 'lib'), path.join(realRoot, 'lib'));
  // The sandbox entry and the value codec it shares with the grader.
  await transpileTree(path.join(__dirname, 'child'), path.join(realRoot, '.sandbox'));
  const entryFile = path.join(realRoot, '.sandbox', 'entry.js');

  const files = new Map<string, StagedFile>();
  const mainFiles = new Map<string, string>();
  const loadErrors = new Map<string, Fault>();
  const shown = displayPath(submission);
  for (const exercise of CODE_EXERCISES) {
    const sourceFolder = path.join(submission, exercise.folder);
    const stagedMain = path.join(realRoot, 'exercises', exercise.file.replace(/\.ts$/, '.js'));
    mainFiles.set(exercise.folder, stagedMain);
    const link = await symbolicLinkOn(submission, exercise.file);
    if (link !== undefined) {
      // A link could point at the reference solution, which the grader itself may read: refused.
      loadErrors.set(exercise.folder, {
        kind: 'load-error',
        message: `${shown}/${link} is a symbolic link: submit the file itself.`,
        file: exercise.file,
      });
      continue;
    }
    if (!existsSync(path.join(submission, exercise.file))) {
      loadErrors.set(exercise.folder, {
        kind: 'load-error',
        message: `${shown}/${exercise.file} is missing: the grader looks for exactly this file name.`,
        file: exercise.file,
      });
    }
    for (const source of await typeScriptFiles(sourceFolder)) {
      const relative = path.relative(sourceFolder, source).split(path.sep).join('/');
      const staged = await stageStudentFile(source, path.join(stagedFolderOf(realRoot, exercise.folder), relative.replace(/\.ts$/, '.js')),
        `${exercise.folder}/${relative}`);
      files.set(staged.jsPath, staged);
      // A syntax error anywhere in the folder stops the exercise: the main file's error comes first.
      if (staged.fault && (staged.jsPath === stagedMain || !loadErrors.has(exercise.folder))) {
        loadErrors.set(exercise.folder, staged.fault);
      }
    }
  }
  for (const file of files.values()) {
    file.localImports = file.localImports.filter((p) => files.has(p));
  }

  const stagedTasks = new Map<string, Promise<string>>();
  let disposed = false;
  return {
    root: realRoot,
    submissionDir: submission,
    entryFile,
    mainFiles,
    files,
    loadErrors,
    stageTask(taskModule: string): Promise<string> {
      let staged = stagedTasks.get(taskModule);
      if (!staged) {
        staged = stageTaskModule(realRoot, taskModule);
        stagedTasks.set(taskModule, staged);
      }
      return staged;
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await fsp.rm(realRoot, { recursive: true, force: true });
    },
  };
}

function stagedFolderOf(root: string, folder: string): string {
  return path.join(root, 'exercises', folder);
}

async function stageStudentFile(source: string, jsPath: string, submissionFile: string): Promise<StagedFile> {
  const empty = new SourceMap({ version: 3, file: '', sources: [], names: [], mappings: '' } as never);
  const stat = await fsp.stat(source);
  if (stat.size > MAX_SOURCE_BYTES) {
    return {
      jsPath, submissionFile, sourceMap: empty, localImports: [],
      fault: { kind: 'load-error', file: submissionFile, message: `${submissionFile} is larger than 1 MB, which no exercise needs.` },
    };
  }
  const transpiled = transpileTypeScript(await fsp.readFile(source, 'utf8'), path.basename(source));
  if (transpiled.syntaxError) {
    const { line, message } = transpiled.syntaxError;
    return {
      jsPath, submissionFile, sourceMap: empty, localImports: [],
      fault: { kind: 'load-error', file: submissionFile, line, message: `${submissionFile}: line ${line}: ${message}` },
    };
  }
  await fsp.mkdir(path.dirname(jsPath), { recursive: true });
  await fsp.writeFile(jsPath, transpiled.js);
  const localImports = importedModules(transpiled.js)
    .filter((request) => request.startsWith('.'))
    .map((request) => resolveStaged(path.dirname(jsPath), request));
  return { jsPath, submissionFile, sourceMap: new SourceMap(JSON.parse(transpiled.sourceMap)), localImports };
}

/** Where a relative import of a staged file lands: `./x` → `<dir>/x.js` (or `<dir>/x/index.js`). */
function resolveStaged(fromDir: string, request: string): string {
  const target = path.resolve(fromDir, request).replace(/\.(ts|js)$/, '');
  return existsSync(target) && !existsSync(`${target}.js`) ? path.join(target, 'index.js') : `${target}.js`;
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

/**
 * The .ts files in a folder and its subfolders (no declaration files, no node_modules or dot
 * folders). Symbolic links are not followed: they are neither files nor folders to readdir.
 */
async function typeScriptFiles(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await typeScriptFiles(full)));
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      found.push(full);
    }
  }
  return found.sort();
}

/** Transpiles every .ts file of a trusted folder (not recursive) into `target`. */
async function transpileTree(sourceFolder: string, target: string): Promise<void> {
  for (const entry of await fsp.readdir(sourceFolder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      await writeTranspiled(path.join(sourceFolder, entry.name), path.join(target, entry.name.replace(/\.ts$/, '.js')));
    }
  }
}

async function writeTranspiled(source: string, target: string): Promise<void> {
  const transpiled = transpileTypeScript(await fsp.readFile(source, 'utf8'), path.basename(source));
  if (transpiled.syntaxError) {
    throw new Error(`stageSubmission: the grader's own file ${source} has a syntax error: line ${transpiled.syntaxError.line}: ${transpiled.syntaxError.message}`);
  }
  await fsp.mkdir(path.dirname(target), { recursive: true });
  await fsp.writeFile(target, transpiled.js);
}

/**
 * Stages the folder of a trusted task module under `<root>/grader/...`, at the same place
 * relative to lib/ as in the grader, so its `../../lib/...` imports resolve to the staged lib.
 */
async function stageTaskModule(root: string, taskModule: string): Promise<string> {
  const absolute = path.resolve(taskModule);
  const relative = path.relative(GRADER_ROOT, absolute);
  if (!absolute.endsWith('.ts') || relative.startsWith('..') || !relative.startsWith(`grader${path.sep}`) || !existsSync(absolute)) {
    throw new Error(`runTask: argument taskModule must be an existing .ts file under ${path.join(GRADER_ROOT, 'grader')}, got ${taskModule}`);
  }
  const stagedFolder = path.join(root, path.dirname(relative));
  await transpileTree(path.dirname(absolute), stagedFolder);
  return path.join(root, relative.replace(/\.ts$/, '.js'));
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
