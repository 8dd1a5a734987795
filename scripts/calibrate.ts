/**
 * Calibrates the gradient tolerance: grades the reference solutions (in-process, they are
 * trusted) at many seeds with every check, and records for every gradient comparison how close
 * it came to the pass rule |a − n| ≤ atol + rtol·max(|a|, |n|).
 *
 *   node -r ts-node/register/transpile-only scripts/calibrate.ts --from 1 --to 2001
 *
 * Prints, per check, the worst absolute error, the worst relative error and the worst "use" of
 * the tolerance (error / allowed; the margin is its inverse), and exits 1 if the reference lost
 * a point at any seed. docs/grading.md records the figures.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPairChecks } from '../grader/checks/run-pair';
import { loadConfig } from '../grader/config';
import { CODE_EXERCISES, REFERENCE } from '../grader/course';
import { createDirectRunner } from '../grader/sandbox/direct-runner';

interface Worst {
  comparisons: number;
  maxAbs: number;
  maxRel: number;
  maxUse: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string', default: '1' }, to: { type: 'string', default: '2001' } } });
  const from = Number(values.from);
  const to = Number(values.to);
  const config = loadConfig();
  const tol = config.tolerance.gradient;
  const runner = createDirectRunner(path.resolve(__dirname, '..', 'solutions'));
  const worst = new Map<string, Worst>();
  const lost: string[] = [];
  const started = Date.now();
  for (let seed = from; seed < to; seed++) {
    for (const exercise of CODE_EXERCISES) {
      for (const spec of exercise.pairs) {
        const results = await runPairChecks(exercise, spec, {
          runner,
          config,
          seed,
          referenceForward: (fn) => REFERENCE[fn],
          replayCommand: (id, p) => `--seed ${seed} --replay ${id}@${p}`,
          observe(checkId, analytic, numerical) {
            const w = worst.get(checkId) ?? { comparisons: 0, maxAbs: 0, maxRel: 0, maxUse: 0 };
            const error = Math.abs(analytic - numerical);
            const scale = Math.max(Math.abs(analytic), Math.abs(numerical));
            w.comparisons++;
            w.maxAbs = Math.max(w.maxAbs, error);
            if (scale > 1e-3) w.maxRel = Math.max(w.maxRel, error / scale);
            w.maxUse = Math.max(w.maxUse, error / (tol.atol + tol.rtol * scale));
            worst.set(checkId, w);
          },
        });
        for (const r of results) if (r.status !== 'passed') lost.push(`seed ${seed}: ${r.id}: ${r.message}`);
      }
    }
    if ((seed - from) % 50 === 49)
      process.stderr.write(`  seeds ${from}..${seed} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await runner.close();
  console.log(`Seeds ${from}..${to - 1}, tolerance atol ${tol.atol}, rtol ${tol.rtol}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log('check | comparisons | worst |a−n| | worst |a−n|/max(|a|,|n|) | worst error/allowed');
  for (const [id, w] of [...worst.entries()].sort()) {
    console.log(`${id} | ${w.comparisons} | ${w.maxAbs.toExponential(2)} | ${w.maxRel.toExponential(2)} | ${w.maxUse.toExponential(2)}`);
  }
  const overall = Math.max(...[...worst.values()].map((w) => w.maxUse));
  console.log(`Largest error/allowed over all checks: ${overall.toExponential(2)} (margin ×${(1 / overall).toFixed(0)})`);
  console.log(lost.length === 0 ? 'The reference got full marks at every seed.' : `The reference lost points:\n${lost.join('\n')}`);
  return lost.length === 0 ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
