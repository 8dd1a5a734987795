/**
 * The class-grading speed measurement (docs/class-grading.md): builds a synthetic class of
 * `--size` students (scripts/class/synthetic-class.ts), grades it from scratch `--runs` times with
 * `npm run grade:class` and prints submissions per minute for each run and their median, with the
 * machine's load average, which the figure depends on.
 *
 *     npm run bench:class -- [--size 60] [--runs 3] [--jobs N] [--quick]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'd3-array';
import { GRADER_ROOT } from '../../grader/paths';
import { benchmarkClass, writeSyntheticClass } from './synthetic-class';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '60' },
      runs: { type: 'string', default: '3' },
      jobs: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  const size = Number(values.size);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs: must be a whole number ≥ 1, got ${values.runs}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lab-bench-class-'));
  try {
    const submissions = path.join(root, 'submissions');
    await writeSyntheticClass(submissions, benchmarkClass(size));
    const jobs = values.jobs ?? String(os.availableParallelism());
    process.stdout.write(
      `Synthetic class: ${size} students in ${submissions}; ${jobs} jobs${values.quick ? ', --quick' : ''}; ${os.availableParallelism()} cores.\n`,
    );
    const rates: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const out = path.join(root, `out-${run}`);
      const load = os.loadavg()[0];
      const started = performance.now();
      const result = spawnSync(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          'grader/class/cli.ts',
          submissions,
          '--out',
          out,
          '--jobs',
          jobs,
          ...(values.quick ? ['--quick'] : []),
        ],
        { cwd: GRADER_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const minutes = (performance.now() - started) / 60_000;
      if (result.status === 2) throw new Error(`grade:class could not run:\n${result.stdout}`);
      const summary =
        result.stdout
          .trim()
          .split('\n')
          .find((l) => / students: /.test(l)) ?? '';
      rates.push(size / minutes);
      process.stdout.write(
        `run ${run}: ${(minutes * 60).toFixed(1)} s, ${(size / minutes).toFixed(1)} submissions/min (load average before: ${load.toFixed(2)}) — ${summary}\n`,
      );
    }
    process.stdout.write(`median: ${median(rates)!.toFixed(1)} submissions/min over ${runs} run(s)\n`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:class: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
