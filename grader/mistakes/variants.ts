/**
 * Known-bug variants of the reference, built on demand.
 *
 * A variant tree is a copy of solutions/ with one mistake's patch applied, transpiled to CommonJS
 * with `typescript.transpileModule` next to a transpiled copy of lib/, under
 * .cache/mistakes/<hash>/ (git-ignored). The hash covers every source that goes in, so an edit to
 * solutions/, lib/ or the catalogue gives a new tree and a stale one is never loaded. The tree is
 * loaded with require() in-process: it is our own patched reference, never a submission's code.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TypeScript from 'typescript';
import { CODE_EXERCISES, exerciseInfo, type ExerciseId } from '../exercises';
import { applyPatch, mistakeById } from './catalogue';

/** The exports of an exercise module: function name → function. */
export type ExerciseModule = Record<string, Function>;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOLUTIONS_DIR = path.join(REPO_ROOT, 'solutions');
const LIB_DIR = path.join(REPO_ROOT, 'lib');
/** Where variant trees live; exported for tests and docs. */
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'mistakes');

/** Native require: the trees are plain CommonJS and must not go through a test runner's transform. */
const nativeRequire = createRequire(__filename);

/** A source file of a tree: path relative to the tree root (e.g. `solutions/03-forget-gate/forget-gate.ts`) → text. */
type SourceTree = Map<string, string>;

let referenceSources: SourceTree | undefined;
const treeDirs = new Map<string, string>();
const modules = new Map<string, ExerciseModule>();
const transpiled = new Map<string, string>();

function readReferenceSources(): SourceTree {
  if (referenceSources) return referenceSources;
  const sources: SourceTree = new Map();
  for (const name of fs.readdirSync(LIB_DIR).filter((n) => n.endsWith('.ts')).sort()) {
    sources.set(`lib/${name}`, fs.readFileSync(path.join(LIB_DIR, name), 'utf8'));
  }
  for (const info of CODE_EXERCISES) {
    sources.set(`solutions/${info.file}`, fs.readFileSync(path.join(SOLUTIONS_DIR, info.file), 'utf8'));
  }
  referenceSources = sources;
  return sources;
}

/** The reference sources with the mistake's patch applied (the reference itself for `null`). */
function sourcesFor(mistakeId: string | null): SourceTree {
  const reference = readReferenceSources();
  if (mistakeId === null) return reference;
  const mistake = mistakeById(mistakeId);
  const key = `solutions/${exerciseInfo(mistake.exercise).file}`;
  const patched = new Map(reference);
  patched.set(key, applyPatch(reference.get(key) as string, mistake));
  return patched;
}

/** The TypeScript compiler is large; it is loaded only when a tree has to be built. */
let compiler: typeof TypeScript | undefined;
const typescript = (): typeof TypeScript => (compiler ??= nativeRequire('typescript') as typeof TypeScript);
const typescriptVersion = (): string => (nativeRequire('typescript/package.json') as { version: string }).version;

function transpile(source: string, fileName: string): string {
  const key = createHash('sha256').update(source).digest('hex');
  let js = transpiled.get(key);
  if (js === undefined) {
    const ts = typescript();
    js = ts.transpileModule(source, {
      fileName,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      reportDiagnostics: false,
    }).outputText;
    transpiled.set(key, js);
  }
  return js;
}

function treeHash(sources: SourceTree): string {
  const hash = createHash('sha256').update(`typescript ${typescriptVersion()}\n`);
  for (const [file, text] of sources) hash.update(`${file}\n${text.length}\n${text}`);
  return hash.digest('hex').slice(0, 20);
}

/**
 * The folder of the transpiled tree for a mistake (`null`: the unpatched reference), building it
 * if needed. Written to a temporary folder and renamed into place, so a concurrent process (a
 * parallel test worker) never sees half a tree.
 */
export function variantTreeDir(mistakeId: string | null): string {
  const memoKey = mistakeId ?? '';
  const known = treeDirs.get(memoKey);
  if (known) return known;
  const sources = sourcesFor(mistakeId);
  const dir = path.join(CACHE_DIR, treeHash(sources));
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const staging = fs.mkdtempSync(`${dir}.tmp-`);
    for (const [file, text] of sources) {
      const target = path.join(staging, file.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, transpile(text, file));
    }
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another process finished the same tree first; its copy is identical.
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(dir)) throw error;
    }
  }
  treeDirs.set(memoKey, dir);
  return dir;
}

/** The exports of `exercise` in the tree of `mistakeId` (`null`: the reference). */
export function loadTreeModule(mistakeId: string | null, exercise: ExerciseId): ExerciseModule {
  const info = exerciseInfo(exercise);
  if (info.folder === '') {
    throw new RangeError(`loadTreeModule: argument exercise ${JSON.stringify(exercise)} has no code of its own`);
  }
  const key = `${mistakeId ?? ''}\u0000${exercise}`;
  let loaded = modules.get(key);
  if (!loaded) {
    const file = path.join(variantTreeDir(mistakeId), 'solutions', info.file.replace(/\.ts$/, '.js'));
    loaded = nativeRequire(file) as ExerciseModule;
    modules.set(key, loaded);
  }
  return loaded;
}

/**
 * The exports of the patched exercise module of a mistake; the earlier exercises it imports are
 * the reference's.
 */
export function loadVariant(mistakeId: string): ExerciseModule {
  return loadTreeModule(mistakeId, mistakeById(mistakeId).exercise);
}

/** The reference exercise module, loaded the same way as the variants (so numerics agree bit for bit). */
export function loadReference(exercise: ExerciseId): ExerciseModule {
  return loadTreeModule(null, exercise);
}

/**
 * Writes a full submission laid out like exercises/: every exercise file of solutions/, with the
 * mistake's file patched. Returns the folder (a fresh temporary one when `destDir` is omitted).
 */
export async function buildMistakeSubmission(mistakeId: string, destDir?: string): Promise<string> {
  const sources = sourcesFor(mistakeId);
  const root = destDir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), `lstm-mistake-${mistakeId}-`)));
  for (const info of CODE_EXERCISES) {
    const target = path.join(root, info.file);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.writeFile(target, sources.get(`solutions/${info.file}`) as string);
  }
  return root;
}
