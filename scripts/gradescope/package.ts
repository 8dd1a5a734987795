/**
 * `npm run package:gradescope`: builds the Gradescope autograder zip — setup.sh and
 * run_autograder at the root, the grader's own files, and gradescope.config.json.
 *
 *   npm run package:gradescope -- [--out FILE] [--visibility V] [--stdout-visibility V] [--grade-arg ARG]...
 *
 * solutions/ is included because the checks compare with the reference forward passes
 * (grader/checks/specs import them); the zip is for the instructor's Gradescope account only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import AdmZip from 'adm-zip';
import { CONFIG_FILE, parseConfig, parseVisibility, type GradescopeConfig } from './config';

/** What the grader needs at run time, relative to the repository root. */
export const PACKAGED_PATHS = ['package.json', 'package-lock.json', 'tsconfig.json', 'lib', 'grader', 'solutions', 'scripts/gradescope'];
/** Scripts that go to the zip's root, executable. */
export const ROOT_SCRIPTS = ['setup.sh', 'run_autograder'];
export const DEFAULT_OUT = 'reports/gradescope-autograder.zip';

const SKIPPED_NAMES = new Set(['node_modules', '.DS_Store', '.git']);

export interface PackageOptions {
  repoRoot: string;
  outFile: string;
  config: GradescopeConfig;
}

function filesUnder(repoRoot: string, relative: string): string[] {
  const absolute = path.join(repoRoot, relative);
  if (!fs.existsSync(absolute)) throw new Error(`buildGradescopeZip: ${relative} is missing from ${repoRoot}`);
  if (fs.statSync(absolute).isFile()) return [relative];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => !SKIPPED_NAMES.has(entry.name) && !entry.name.endsWith('.log'))
    .flatMap((entry) => filesUnder(repoRoot, path.posix.join(relative, entry.name)))
    .sort();
}

/** Writes the zip and returns its entry names. */
export function buildGradescopeZip(options: PackageOptions): string[] {
  const zip = new AdmZip();
  const scriptsDir = path.join(options.repoRoot, 'scripts/gradescope');
  for (const script of ROOT_SCRIPTS) {
    const file = path.join(scriptsDir, script);
    if (!fs.existsSync(file)) throw new Error(`buildGradescopeZip: scripts/gradescope/${script} is missing`);
    zip.addFile(script, fs.readFileSync(file), '', 0o755);
  }
  zip.addFile(CONFIG_FILE, Buffer.from(`${JSON.stringify(options.config, null, 2)}\n`, 'utf8'), '', 0o644);
  for (const relative of PACKAGED_PATHS.flatMap((p) => filesUnder(options.repoRoot, p))) {
    zip.addFile(relative, fs.readFileSync(path.join(options.repoRoot, relative)), '', 0o644);
  }
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  zip.writeZip(options.outFile);
  return zip.getEntries().map((entry) => entry.entryName);
}

/** Parses the command line into package options (bad input throws, naming the option). */
export function parsePackageArgs(argv: string[], repoRoot: string): PackageOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      visibility: { type: 'string' },
      'stdout-visibility': { type: 'string' },
      'grade-arg': { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = parseConfig({ gradeArgs: values['grade-arg'] ?? [] });
  if (values.visibility !== undefined) config.visibility = parseVisibility(values.visibility, 'parsePackageArgs', '--visibility');
  if (values['stdout-visibility'] !== undefined) {
    config.stdoutVisibility = parseVisibility(values['stdout-visibility'], 'parsePackageArgs', '--stdout-visibility');
  }
  return { repoRoot, outFile: path.resolve(repoRoot, values.out ?? DEFAULT_OUT), config };
}

if (require.main === module) {
  try {
    const options = parsePackageArgs(process.argv.slice(2), path.resolve(__dirname, '../..'));
    const entries = buildGradescopeZip(options);
    const { size } = fs.statSync(options.outFile);
    process.stdout.write(`Wrote ${options.outFile} (${entries.length} files, ${(size / 1024).toFixed(0)} KiB).\n`);
  } catch (error) {
    process.stderr.write(`package:gradescope: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
