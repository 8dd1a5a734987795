/**
 * CPU milliseconds per training step of FastLstm and FastRnn, this checkout against another one
 * (--baseline DIR), in one process: after a warm-up run, the median of 3 runs of --steps steps each.
 * CPU time (user + system of the process) moves less than wall time when other jobs share the
 * machine, so this is the steady-state comparison; `npm run bench` gives the wall-time tables.
 *
 *   node -r ts-node/register/transpile-only grader/bench/step-cpu.ts --baseline /tmp/baseline [--hidden 16] [--steps 1000]
 *
 * --hidden 16 (the default) times the graded configuration; another H times the bench's sweep
 * configuration (T = 25, S = 3, K = 8, batch 16) at that H.
 */
import { parseArgs } from 'node:util';
import { gradedConfig } from '../copytask/tiers';
import { fixedSteps, loadTree, median, trainingSeconds, type TrainerTree } from './training-rate';
import type { CopyTaskConfig } from '../copytask/config';

function cpuMsPerStep(tree: TrainerTree, model: 'lstm' | 'rnn', config: CopyTaskConfig, steps: number): number {
  trainingSeconds(tree, model, fixedSteps(config, Math.min(20, steps)));
  const runs = Array.from({ length: 3 }, () => {
    const started = process.cpuUsage();
    trainingSeconds(tree, model, fixedSteps(config, steps));
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000 / steps;
  });
  return median(runs);
}

function main(): void {
  const { values } = parseArgs({ options: { baseline: { type: 'string' }, hidden: { type: 'string' }, steps: { type: 'string' } } });
  if (values.baseline === undefined) throw new RangeError('step-cpu: --baseline DIR (another checkout to compare with) is required');
  const hidden = values.hidden === undefined ? 16 : Number(values.hidden);
  const steps = values.steps === undefined ? 1000 : Number(values.steps);
  for (const [name, value] of [
    ['hidden', hidden],
    ['steps', steps],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`step-cpu: --${name} must be a positive whole number, got ${value}`);
  }
  const config = hidden === 16 ? gradedConfig(42) : { ...gradedConfig(42), delay: 25, symbols: 8, batch: 16, hidden };
  const now = loadTree();
  const before = loadTree(values.baseline, 'before');
  for (const model of ['lstm', 'rnn'] as const) {
    const old = cpuMsPerStep(before, model, config, steps);
    const fresh = cpuMsPerStep(now, model, config, steps);
    console.log(
      `${model} H = ${hidden}: before ${old.toFixed(3)} ms CPU per step, after ${fresh.toFixed(3)}, ${(old / fresh).toFixed(2)}×`,
    );
  }
}

main();
