/**
 * `npm run bench`: training speed of the copy task at the graded configuration. Prints, for the
 * same number of steps: the allocation-free reference LSTM (the trusted reference runs), the
 * vanilla RNN, the reference solution's lstmForward / lstmBackward through the sandbox trainer's
 * loop (what grading a correct student costs), and the same loop in PyTorch CPU float64 when
 * Debian's /usr/bin/python3 has torch. Figures are recorded in docs/copy-task.md.
 *
 *   npm run bench [-- --steps 1000] [--solution-steps 200] [--threads 1]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as solution from '../../solutions/09-lstm-sequence/lstm-sequence';
import { sequenceLength, type CopyTaskConfig } from '../copytask/config';
import { FastLstm } from '../copytask/fast-lstm';
import { FastRnn } from '../copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../copytask/init';
import { gradedConfig } from '../copytask/tiers';
import { trainCopyTask } from '../copytask/train';
import { runTraining } from '../copytask/train-loop';
import { lstmStepMacs, rnnStepMacs } from './flops';

const PYTHON = '/usr/bin/python3';

interface Row {
  name: string;
  steps: number;
  seconds: number;
  macsPerStep: number;
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench: --${name} must be a positive whole number, got ${value}`);
  return n;
}

/** `steps` steps exactly: the solve test is pushed out of reach so training never stops early. */
function fixedSteps(config: CopyTaskConfig, steps: number): CopyTaskConfig {
  return { ...config, maxSteps: steps, solveWindow: steps + 1 };
}

function benchLstm(config: CopyTaskConfig): number {
  const { params, readout } = initLstmParams(config);
  return runTraining(new FastLstm(params, sequenceLength(config)), readout, config).wallMs / 1000;
}

function benchRnn(config: CopyTaskConfig): number {
  const { params, readout } = initRnnParams(config);
  return runTraining(new FastRnn(params, sequenceLength(config)), readout, config).wallMs / 1000;
}

function benchTorch(config: CopyTaskConfig, steps: number, threads: number): { seconds: number; note: string } | { skipped: string } {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `torch is not installed for ${PYTHON} (apt-get install python3-torch)` };
  const args = JSON.stringify({ ...config, steps, threads });
  const run = spawnSync(PYTHON, [join(__dirname, 'torch_copy.py'), args], { encoding: 'utf8' });
  if (run.status !== 0) return { skipped: `the PyTorch run failed: ${run.stderr.trim().split('\n').pop()}` };
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { seconds: number; torch: string; threads: number };
  return { seconds: result.seconds, note: `torch ${result.torch}, ${result.threads} thread(s), nn.LSTM` };
}

function main(): void {
  const { values } = parseArgs({
    options: { steps: { type: 'string' }, 'solution-steps': { type: 'string' }, threads: { type: 'string' }, seed: { type: 'string' } },
  });
  const steps = positiveInteger(values.steps, 1000, 'steps');
  const solutionSteps = positiveInteger(values['solution-steps'], 200, 'solution-steps');
  const threads = positiveInteger(values.threads, 1, 'threads');
  const seed = positiveInteger(values.seed, 42, 'seed');
  const config = fixedSteps(gradedConfig(seed), steps);
  console.log(
    `copy-task bench · T = ${config.delay}, S = ${config.length}, K = ${config.symbols}, H = ${config.hidden}, batch ${config.batch}, ` +
      `sequence length ${sequenceLength(config)} · Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'}`,
  );
  // Warm-up so that every row measures JIT-compiled code.
  benchLstm(fixedSteps(config, 20));
  benchRnn(fixedSteps(config, 20));
  trainCopyTask(solution, fixedSteps(config, 20));
  const rows: Row[] = [
    { name: 'reference LSTM (FastLstm)', steps, seconds: benchLstm(config), macsPerStep: lstmStepMacs(config) },
    { name: 'vanilla RNN (FastRnn)', steps, seconds: benchRnn(config), macsPerStep: rnnStepMacs(config) },
    {
      name: 'solutions/09 lstmForward/lstmBackward',
      steps: solutionSteps,
      seconds: trainCopyTask(solution, fixedSteps(config, solutionSteps)).wallMs / 1000,
      macsPerStep: lstmStepMacs(config),
    },
  ];
  const torch = benchTorch(config, steps, threads);
  if ('seconds' in torch) rows.push({ name: `PyTorch CPU float64 (${torch.note})`, steps, seconds: torch.seconds, macsPerStep: lstmStepMacs(config) });

  const fast = rows[0];
  const stepsPerSecond = (r: Row) => r.steps / r.seconds;
  console.log(`\n| model | steps | seconds | steps/s | ms/step | GFLOP/s (2 × multiply-adds) |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const r of rows) {
    const gflops = (2 * r.macsPerStep * stepsPerSecond(r)) / 1e9;
    console.log(
      `| ${r.name} | ${r.steps} | ${r.seconds.toFixed(2)} | ${stepsPerSecond(r).toFixed(1)} | ${(1000 / stepsPerSecond(r)).toFixed(2)} | ${gflops.toFixed(3)} |`,
    );
  }
  console.log(`\nmultiply-adds per step: LSTM ${lstmStepMacs(config).toLocaleString('en')}, RNN ${rnnStepMacs(config).toLocaleString('en')}`);
  console.log(`solutions/09 is ${(stepsPerSecond(fast) / stepsPerSecond(rows[2])).toFixed(1)}× slower than FastLstm per step`);
  if ('seconds' in torch) {
    const ratio = stepsPerSecond(fast) / stepsPerSecond(rows[rows.length - 1]);
    console.log(`FastLstm / PyTorch steps per second: ${ratio.toFixed(2)} (${ratio >= 1 ? 'TypeScript faster' : 'PyTorch faster'})`);
  } else {
    console.log(`PyTorch: skipped, ${torch.skipped}`);
  }
}

main();
