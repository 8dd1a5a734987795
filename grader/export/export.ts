/**
 * Writes the student template (DESIGN.md section 2, docs/student-template.md): the files the
 * manifest ships, with their instructor-only code stripped (strip.ts), the generated student
 * files, and the recorded data (record.ts). The output is reproducible, the same input giving the
 * same bytes (files in sorted order, fixed modes, no timestamps anywhere), and `git init`-ready.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { loadConfig } from '../config';
import { CACHE_DIR, GRADER_ROOT } from '../paths';
import { SKIPPED_FOLDERS, STUDENT_SCRIPTS, ships } from './manifest';
import { answersJson, referenceRunsFor, referenceRunsJson } from './record';
import { stripInstructorOnly } from './strip';

export interface ExportOptions {
  /** The folder to write; it must be empty or missing unless `force`. */
  out: string;
  /** Replace the contents of a non-empty `out` (a `.git` folder in it is kept). */
  force?: boolean;
  /** The seeds whose reference runs are recorded (default: the grading config's seed). */
  seeds?: readonly number[];
  /** Also record the copy task's shown delay tiers (default true). */
  tiers?: boolean;
  /** The course repository (default: this one). */
  root?: string;
  /** The course repository's cache of reference runs (default: its .cache/). */
  cacheDir?: string;
}

export interface ExportSummary {
  out: string;
  files: number;
  bytes: number;
  /** Per source file, what was stripped. */
  stripped: { file: string; names: string[] }[];
  seeds: number[];
  tiers: boolean;
  /** Reference runs recorded. */
  runs: number;
}

/** A usage problem: the message names the argument and the function. */
export class ExportError extends Error {
  override name = 'ExportError';
}

const FILE_MODE = 0o644;
const FOLDER_MODE = 0o755;

/** Every file under `root` (relative, /-separated), folders in SKIPPED_FOLDERS left out, in code-unit order. */
function filesUnder(root: string, relative = ''): string[] {
  const folder = path.join(root, relative);
  const names = readdirSync(folder).sort();
  return names.flatMap((name) => {
    const rel = relative === '' ? name : `${relative}/${name}`;
    const stat = lstatSync(path.join(folder, name));
    if (stat.isDirectory()) return SKIPPED_FOLDERS.includes(name) ? [] : filesUnder(root, rel);
    if (stat.isSymbolicLink()) {
      if (ships(rel)) throw new ExportError(`exportStudentTemplate: ${rel} is a symbolic link; the template ships files only`);
      return [];
    }
    return stat.isFile() ? [rel] : [];
  });
}

const GITIGNORE = `node_modules/
reports/*
!reports/.gitkeep
.cache/
*.log
grader/copytask/kernels/gemm.wasm
`;

function studentPackageJson(root: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter(([name]) => STUDENT_SCRIPTS.includes(name)));
  for (const name of STUDENT_SCRIPTS) {
    if (!(name in scripts))
      throw new ExportError(`exportStudentTemplate: package.json has no script ${JSON.stringify(name)} for the student template`);
  }
  return `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`;
}

function studentTsconfig(root: string): string {
  const file = path.join(root, 'tsconfig.json');
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
  if (error) throw new ExportError(`exportStudentTemplate: tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const course = config as { compilerOptions?: Record<string, unknown>; 'ts-node'?: unknown };
  const template = {
    compilerOptions: { ...course.compilerOptions, noUnusedLocals: false },
    include: ['lib', 'exercises', 'grader'],
    exclude: ['node_modules', 'reports'],
    ...(course['ts-node'] === undefined ? {} : { 'ts-node': course['ts-node'] }),
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

function fromTemplate(name: string, seeds: readonly number[]): string {
  return readFileSync(path.join(__dirname, 'template', name), 'utf8').replaceAll('{{SEEDS}}', seeds.join(', '));
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The output folder, checked and emptied (except .git) as the options allow. */
function prepareOut(out: string, root: string, force: boolean): string {
  if (typeof out !== 'string' || out === '') throw new ExportError('exportStudentTemplate: argument out must be a folder path');
  const resolved = path.resolve(out);
  const real = existsSync(resolved) ? realpathSync(resolved) : resolved;
  if (isInside(root, real) || isInside(real, root)) {
    throw new ExportError(`exportStudentTemplate: argument out must be a folder outside the course repository ${root}, got ${out}`);
  }
  if (existsSync(real)) {
    if (!lstatSync(real).isDirectory()) throw new ExportError(`exportStudentTemplate: argument out must be a folder, ${out} is a file`);
    const entries = readdirSync(real).filter((name) => name !== '.git');
    if (entries.length > 0 && !force) {
      throw new ExportError(
        `exportStudentTemplate: argument out: ${out} is not empty (pass --force to replace its contents; a .git folder in it is kept)`,
      );
    }
    for (const name of entries) rmSync(path.join(real, name), { recursive: true, force: true });
  }
  return real;
}

/** Every file of the template, by relative path, and what was stripped. */
export async function buildTemplate(options: Omit<ExportOptions, 'out' | 'force'> = {}): Promise<{
  files: Map<string, Buffer | string>;
  stripped: ExportSummary['stripped'];
  seeds: number[];
  tiers: boolean;
  runs: number;
}> {
  const root = path.resolve(options.root ?? GRADER_ROOT);
  const seeds = [...new Set(options.seeds ?? [loadConfig(path.join(root, 'grader', 'grading-config.json')).seed])].sort((a, b) => a - b);
  for (const seed of seeds) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new ExportError(`exportStudentTemplate: argument seeds must hold whole numbers from 0 to 4294967295, got ${seed}`);
  }
  const tiers = options.tiers ?? true;
  const files = new Map<string, Buffer | string>();
  const stripped: ExportSummary['stripped'] = [];
  for (const file of filesUnder(root).filter(ships)) {
    const bytes = readFileSync(path.join(root, file));
    if (!file.endsWith('.ts')) {
      files.set(file, bytes);
      continue;
    }
    const result = stripInstructorOnly(file, bytes.toString('utf8'));
    if (result.stripped.length > 0) stripped.push({ file, names: result.stripped });
    files.set(file, result.text);
  }
  const runs = referenceRunsFor({ seeds, tiers, cacheDir: options.cacheDir ?? CACHE_DIR });
  const generated: [string, string][] = [
    ['README.md', fromTemplate('README.md', seeds)],
    ['package.json', studentPackageJson(root)],
    ['tsconfig.json', studentTsconfig(root)],
    ['.gitignore', GITIGNORE],
    ['grader/recorded/README.md', fromTemplate('recorded-README.md', seeds)],
    ['grader/recorded/answers.json', answersJson()],
    ['grader/recorded/reference-runs.json', referenceRunsJson(runs)],
  ];
  for (const [file, text] of generated) {
    if (files.has(file))
      throw new ExportError(`exportStudentTemplate: ${file} is both shipped and generated; fix grader/export/manifest.ts`);
    files.set(file, text);
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), stripped, seeds, tiers, runs: runs.length };
}

/** Writes the student template into options.out. */
export async function exportStudentTemplate(options: ExportOptions): Promise<ExportSummary> {
  const root = path.resolve(options.root ?? GRADER_ROOT);
  const out = prepareOut(options.out, root, options.force ?? false);
  const template = await buildTemplate(options);
  let bytes = 0;
  mkdirSync(out, { recursive: true, mode: FOLDER_MODE });
  for (const [file, content] of template.files) {
    const target = path.join(out, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true, mode: FOLDER_MODE });
    writeFileSync(target, content);
    chmodSync(target, FILE_MODE);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }
  return {
    out,
    files: template.files.size,
    bytes,
    stripped: template.stripped,
    seeds: template.seeds,
    tiers: template.tiers,
    runs: template.runs,
  };
}
