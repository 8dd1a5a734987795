/**
 * `npm run export:student -- --out DIR`: writes the repository students start from (DESIGN.md
 * section 2, docs/student-template.md). Exit code 0 when written, 2 when it could not be.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportError, exportStudentTemplate, type ExportOptions } from './export';

const HELP = `Usage: npm run export:student -- --out DIR [options]

Writes the student template: exercises/ with the stubs, lib/, the grader without its
instructor-only code, the workflows, a student README, and the recorded data the grader needs
instead of the answer key and the reference trainers (docs/student-template.md).

Options:
  --out DIR        where to write it: a new or empty folder outside this repository (required)
  --force          replace the contents of a non-empty DIR (a .git folder in it is kept)
  --seeds N[,N]    record the reference runs of these grading seeds (default: the seed of
                   grader/grading-config.json)
  --no-tiers       do not record the copy task's shown delay tiers (npm run grade -- --tiers)
  -h, --help       show this help`;

export function parseExportArgs(argv: string[], cwd: string): ExportOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        seeds: { type: 'string' },
        'no-tiers': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new ExportError(`parseExportArgs: ${(error as Error).message.replace(/\. To specify.*$/s, '')} (see --help)`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.out === undefined || v.out === '')
    throw new ExportError('parseExportArgs: --out DIR is required (where to write the student template)');
  let seeds: number[] | undefined;
  if (v.seeds !== undefined) {
    const parts = v.seeds.split(',').map((s) => s.trim());
    if (parts.some((s) => !/^\d+$/.test(s) || Number(s) > 0xffffffff)) {
      throw new ExportError(
        `parseExportArgs: --seeds must be whole numbers from 0 to 4294967295 separated by commas, got ${JSON.stringify(v.seeds)}`,
      );
    }
    seeds = parts.map(Number);
  }
  return { out: path.resolve(cwd, v.out), force: v.force, seeds, tiers: !v['no-tiers'] };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseExportArgs(argv, process.cwd());
    if (options === 'help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const started = performance.now();
    const summary = await exportStudentTemplate(options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const names = summary.stripped.reduce((n, s) => n + s.names.length, 0);
    process.stdout.write(
      `Wrote the student template to ${summary.out}: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(2)} MB, in ${seconds} s.\n` +
        `  stripped ${names} instructor-only declarations in ${summary.stripped.length} files: ${summary.stripped.map((s) => s.file).join(', ')}\n` +
        `  recorded the answers and ${summary.runs} reference runs (seed ${summary.seeds.join(', ')}${summary.tiers ? ', with the shown tiers' : ''})\n` +
        `Next: cd ${summary.out} && git init && git add -A && git commit -m "Student template"\n`,
    );
    return 0;
  } catch (error) {
    const known = error instanceof ExportError;
    process.stderr.write(
      `lstm-lab export:student: ${known ? (error as Error).message : `the export could not run: ${error instanceof Error ? error.stack : String(error)}`}\n`,
    );
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
