/**
 * Times the uncached compute of the copy task's trusted reference runs, as grade.ts does it on a
 * cache miss: train the reference LSTM and the RNN (trainReferenceLstm / trainReferenceRnn), then
 * evaluate each on the held-out sequences, for the graded configuration and, with --tiers, the
 * delay tiers that `npm run grade -- --tiers` adds. --tree runs another checkout's code (e.g. a copy
 * of the code before a change), so hyperfine can time before and after side by side:
 *
 *   hyperfine -w 1 -r 5 \
 *     'node -r ts-node/register/transpile-only grader/bench/reference-runs.ts --tree /tmp/baseline' \
 *     'node -r ts-node/register/transpile-only grader/bench/reference-runs.ts'
 *
 * Prints one line per run and the total compute time, wall and CPU (user + system of the whole
 * process, JIT threads included; less sensitive than wall time to other jobs on a shared machine).
 * The process also pays Node start-up, which neither figure includes.
 * With --compare DIR it instead runs DIR's code and this checkout's alternately in fresh processes,
 * --rounds times each, and prints both medians of the compute time and their ratio:
 *
 *   node -r ts-node/register/transpile-only grader/bench/reference-runs.ts --compare /tmp/baseline --rounds 5 [--tiers]
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CopyTaskConfig } from '../copytask/config';
import type { Evaluation } from '../copytask/evaluate';
import type { ReadoutParams } from '../copytask/readout';
import type { SequenceModel } from '../copytask/sequence-model';
import type { LstmParams } from '../../lib/types';
import type { RnnParams } from '../copytask/init';

interface ReferenceTree {
  trainReferenceLstm(config: CopyTaskConfig): { params: LstmParams; readout: ReadoutParams; stepsRun: number; stepsToSolve: number | null };
  trainReferenceRnn(config: CopyTaskConfig): { params: RnnParams; readout: ReadoutParams; stepsRun: number; stepsToSolve: number | null };
  FastLstm: new (params: LstmParams, length: number) => SequenceModel;
  FastRnn: new (params: RnnParams, length: number) => SequenceModel;
  evaluateModel(model: SequenceModel, readout: ReadoutParams, config: CopyTaskConfig, seed: number, sequences: number): Evaluation;
  evaluationSeed(seed: number): number;
  gradedConfig(seed: number): CopyTaskConfig;
  shownTiers(seed: number): { config: CopyTaskConfig }[];
  EVALUATION_SEQUENCES: number;
}

function loadReferenceTree(root: string): ReferenceTree {
  const folder = join(resolve(root), 'grader', 'copytask');
  const modules = ['reference', 'fast-lstm', 'fast-rnn', 'evaluate', 'tiers'].map((file) => require(join(folder, file)) as object);
  return Object.assign({}, ...modules) as ReferenceTree;
}

const THIS_CHECKOUT = join(__dirname, '..', '..');

/** Runs the reference runs of `root` in a fresh process; returns its compute seconds, wall and CPU. */
function computeSecondsOf(root: string, tiers: boolean, seed: number): { wall: number; cpu: number } {
  const args = ['-r', 'ts-node/register/transpile-only', __filename, '--tree', root, '--seed', String(seed), ...(tiers ? ['--tiers'] : [])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: THIS_CHECKOUT });
  const match = /^compute ([\d.]+) s, CPU ([\d.]+) s/m.exec(run.stdout);
  if (run.status !== 0 || match === null)
    throw new Error(`reference-runs: the run of ${root} failed: ${run.stderr.trim().split('\n').pop()}`);
  return { wall: Number(match[1]), cpu: Number(match[2]) };
}

function compare(baseline: string, rounds: number, tiers: boolean, seed: number): void {
  const before: { wall: number; cpu: number }[] = [];
  const after: { wall: number; cpu: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const b = computeSecondsOf(baseline, tiers, seed);
    const a = computeSecondsOf(THIS_CHECKOUT, tiers, seed);
    before.push(b);
    after.push(a);
    console.log(
      `round ${round}: before ${b.wall.toFixed(2)} s (CPU ${b.cpu.toFixed(2)} s), after ${a.wall.toFixed(2)} s (CPU ${a.cpu.toFixed(2)} s), ratio ${(b.wall / a.wall).toFixed(2)}`,
    );
  }
  const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
  // Each round runs both back to back, so its ratio sees the same machine load; the median of those
  // ratios is the robust wall-time figure on a shared machine.
  const wallRatios = before.map((b, k) => b.wall / after[k].wall);
  const cpu = (v: { cpu: number }[]) => median(v.map((x) => x.cpu));
  console.log(
    `median of ${rounds} rounds (${resolve(baseline)} before, this checkout after): wall ${median(before.map((b) => b.wall)).toFixed(2)} s → ` +
      `${median(after.map((a) => a.wall)).toFixed(2)} s, median per-round ratio ${median(wallRatios).toFixed(2)}×; ` +
      `CPU ${cpu(before).toFixed(2)} s → ${cpu(after).toFixed(2)} s, ${(cpu(before) / cpu(after)).toFixed(2)}×`,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      tree: { type: 'string' },
      tiers: { type: 'boolean' },
      seed: { type: 'string' },
      compare: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new RangeError(`reference-runs: --seed must be a whole number, got ${values.seed}`);
  if (values.compare !== undefined) {
    const rounds = values.rounds === undefined ? 5 : Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1)
      throw new RangeError(`reference-runs: --rounds must be a positive whole number, got ${values.rounds}`);
    compare(values.compare, rounds, values.tiers === true, seed);
    return;
  }
  const root = values.tree ?? THIS_CHECKOUT;
  const tree = loadReferenceTree(root);
  const configs = [tree.gradedConfig(seed), ...(values.tiers ? tree.shownTiers(seed).map((t) => t.config) : [])];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const config of configs) {
    const length = config.delay + 2 * config.length;
    const evaluationSeed = tree.evaluationSeed(config.seed);
    for (const kind of ['lstm', 'rnn'] as const) {
      const runStarted = performance.now();
      const run = kind === 'lstm' ? tree.trainReferenceLstm(config) : tree.trainReferenceRnn(config);
      const model =
        kind === 'lstm' ? new tree.FastLstm(run.params as LstmParams, length) : new tree.FastRnn(run.params as RnnParams, length);
      const evaluation = tree.evaluateModel(model, run.readout, config, evaluationSeed, tree.EVALUATION_SEQUENCES);
      const ms = performance.now() - runStarted;
      console.log(
        `T = ${config.delay} ${kind}: ${run.stepsRun} steps (solved: ${run.stepsToSolve ?? 'no'}), held-out accuracy ${evaluation.accuracy.toFixed(3)}, ${ms.toFixed(0)} ms`,
      );
    }
  }
  const cpu = process.cpuUsage(cpuStarted);
  console.log(
    `compute ${((performance.now() - started) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${resolve(root)})`,
  );
}

main();
