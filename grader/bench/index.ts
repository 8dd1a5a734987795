/**
 * `npm run bench`: training speed of the copy task. Three parts, each optional (--only):
 *
 * - graded: the trusted LSTM and RNN, the reference solution's lstmForward / lstmBackward through
 *   the sandbox trainer's loop (what grading a correct student costs) and PyTorch, at the graded
 *   configuration;
 * - sweep: FastLstm against PyTorch CPU (float64, one thread, Debian's /usr/bin/python3) over
 *   hidden sizes in one run, optionally with another checkout's FastLstm (--baseline DIR) as a
 *   "before" column;
 * - kernel: the matrix product alone on the LSTM's shapes, against the WebAssembly SIMD peak
 *   measured on this machine and PyTorch's float64 matrix product.
 *
 * Figures are recorded in docs/copy-task.md.
 *
 *   npm run bench [-- --only graded,sweep,kernel] [--steps 1000] [--solution-steps 200] [--threads 1]
 *                 [--hidden 16,32,64,128] [--batch 16] [--delay 25] [--symbols 8] [--copy 3]
 *                 [--seconds 1.5] [--repeats 3] [--baseline DIR] [--seed 42]
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import * as solution from '../../solutions/09-lstm-sequence/lstm-sequence';
import { inputSize, sequenceLength, type CopyTaskConfig } from '../copytask/config';
import { defaultKernel } from '../copytask/kernels/arena';
import { loadGemmWasm } from '../copytask/kernels/wasm';
import { gradedConfig } from '../copytask/tiers';
import { trainLstmOnCopyTask } from '../copytask/train';
import { lstmStepMacs, rnnStepMacs } from './flops';
import { gemmRate, lstmGemmShapes, wasmPeakRate } from './kernel-rate';
import { torchCopyTask, torchGemm } from './torch';
import { fixedSteps, loadTree, medianTrainingSeconds, trainingSeconds, type TrainerTree } from './training-rate';

const PARTS = ['graded', 'sweep', 'kernel'] as const;

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench: --${name} must be a positive whole number, got ${value}`);
  return n;
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`bench: --${name} must be a positive number, got ${value}`);
  return n;
}

function integerList(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined) return fallback;
  const numbers = value.split(',').map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1))
    throw new RangeError(`bench: --${name} must be a comma-separated list of positive whole numbers, got ${value}`);
  return numbers;
}

const gflops = (macsPerStep: number, stepsPerSecond: number) => (2 * macsPerStep * stepsPerSecond) / 1e9;

function benchGraded(seed: number, steps: number, solutionSteps: number, threads: number): void {
  const config = fixedSteps(gradedConfig(seed), steps);
  console.log(
    `\n## Graded configuration: T = ${config.delay}, S = ${config.length}, K = ${config.symbols}, H = ${config.hidden}, ` +
      `batch ${config.batch}, sequence length ${sequenceLength(config)}\n`,
  );
  const tree = loadTree();
  // Warm-up so that every row measures JIT-compiled code.
  trainingSeconds(tree, 'lstm', fixedSteps(config, 20));
  trainingSeconds(tree, 'rnn', fixedSteps(config, 20));
  trainLstmOnCopyTask(solution, fixedSteps(config, 20));
  const rows: { name: string; steps: number; seconds: number; macsPerStep: number }[] = [
    { name: 'reference LSTM (FastLstm)', steps, seconds: trainingSeconds(tree, 'lstm', config), macsPerStep: lstmStepMacs(config) },
    { name: 'vanilla RNN (FastRnn)', steps, seconds: trainingSeconds(tree, 'rnn', config), macsPerStep: rnnStepMacs(config) },
    {
      name: 'solutions/09 lstmForward/lstmBackward',
      steps: solutionSteps,
      seconds: trainLstmOnCopyTask(solution, fixedSteps(config, solutionSteps)).wallMs / 1000,
      macsPerStep: lstmStepMacs(config),
    },
  ];
  const torch = torchCopyTask(config, steps, threads);
  if (torch.ok)
    rows.push({
      name: `PyTorch CPU float64 (torch ${torch.torch}, ${torch.threads} thread(s), nn.LSTM)`,
      steps,
      seconds: torch.seconds,
      macsPerStep: lstmStepMacs(config),
    });
  console.log('| model | steps | seconds | steps/s | ms/step | GFLOP/s (2 × multiply-adds) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const rate = r.steps / r.seconds;
    console.log(
      `| ${r.name} | ${r.steps} | ${r.seconds.toFixed(2)} | ${rate.toFixed(1)} | ${(1000 / rate).toFixed(2)} | ${gflops(r.macsPerStep, rate).toFixed(3)} |`,
    );
  }
  const rate = (k: number) => rows[k].steps / rows[k].seconds;
  console.log(
    `\nmultiply-adds per step: LSTM ${lstmStepMacs(config).toLocaleString('en')}, RNN ${rnnStepMacs(config).toLocaleString('en')}`,
  );
  console.log(`solutions/09 is ${(rate(0) / rate(2)).toFixed(1)}× slower than FastLstm per step`);
  if (torch.ok) console.log(`FastLstm / PyTorch steps per second: ${(rate(0) / rate(3)).toFixed(2)}`);
  else console.log(`PyTorch: skipped, ${torch.skipped}`);
}

interface SweepSettings {
  hidden: number[];
  base: CopyTaskConfig;
  seconds: number;
  repeats: number;
  threads: number;
  baseline: TrainerTree | null;
}

/** Steps per row: about `seconds` at 3 GFLOP/s, so every size takes a similar time. */
function sweepSteps(config: CopyTaskConfig, seconds: number): number {
  return Math.max(5, Math.min(5000, Math.round((seconds * 3e9) / (2 * lstmStepMacs(config)))));
}

function benchSweep({ hidden, base, seconds, repeats, threads, baseline }: SweepSettings): void {
  console.log(
    `\n## Size sweep: T = ${base.delay}, S = ${base.length}, K = ${base.symbols}, batch ${base.batch}, sequence length ${sequenceLength(base)}; ` +
      `float64, one thread, median of ${repeats} timed runs each, all in this one run\n`,
  );
  const tree = loadTree();
  const before = baseline !== null ? ` ${baseline.label} steps/s | GFLOP/s |` : '';
  const beforeRatio = baseline !== null ? ' FastLstm / before |' : '';
  console.log(`| H | steps | FastLstm steps/s | GFLOP/s |${before} PyTorch steps/s | GFLOP/s | FastLstm / PyTorch |${beforeRatio}`);
  console.log(
    `| ---: | ---: | ---: | ---: |${baseline !== null ? ' ---: | ---: |' : ''} ---: | ---: | ---: |${baseline !== null ? ' ---: |' : ''}`,
  );
  let torchNote = '';
  for (const H of hidden) {
    const config = { ...base, hidden: H };
    const steps = sweepSteps(config, seconds);
    const macs = lstmStepMacs(config);
    const fast = steps / medianTrainingSeconds(tree, 'lstm', config, steps, repeats);
    const old = baseline !== null ? steps / medianTrainingSeconds(baseline, 'lstm', config, steps, repeats) : null;
    const torch = torchCopyTask(fixedSteps(config, steps), steps, threads, repeats);
    const torchRate = torch.ok ? steps / torch.seconds : null;
    if (torch.ok)
      torchNote = `PyTorch: torch ${torch.torch}, ${torch.threads} thread(s), nn.LSTM + Linear + cross-entropy + clip_grad_norm_ + Adam (torch_copy.py)`;
    else torchNote = `PyTorch: skipped, ${torch.skipped}`;
    const cell = (rate: number | null) => (rate === null ? '— | — |' : `${rate.toFixed(1)} | ${gflops(macs, rate).toFixed(2)} |`);
    const ratio = (a: number, b: number | null) => (b === null ? '—' : (a / b).toFixed(2));
    console.log(
      `| ${H} | ${steps} | ${cell(fast)}${old !== null ? ` ${cell(old)}` : ''} ${cell(torchRate)} ${ratio(fast, torchRate)} |${old !== null ? ` ${ratio(fast, old)} |` : ''}`,
    );
  }
  console.log(`\n${torchNote}`);
}

function benchKernel(H: number, base: CopyTaskConfig, threads: number): void {
  const shapes = lstmGemmShapes(H, inputSize(base), base.batch, sequenceLength(base));
  const kernel = defaultKernel();
  console.log(
    `\n## Matrix product alone (the LSTM's products at H = ${H}, batch ${base.batch}, sequence length ${sequenceLength(base)})\n`,
  );
  const rates = shapes.map((shape) => ({
    shape,
    wasm: kernel === 'webassembly' ? gemmRate(shape, 'webassembly') : null,
    ts: gemmRate(shape, 'typescript'),
  }));
  const peak = wasmPeakRate();
  const torch = torchGemm([256, 512], threads);
  const torchPeak = torch.ok ? Math.max(...torch.results.map((r) => r.gflops)) : null;
  console.log('| product | WebAssembly SIMD GFLOP/s | % of WebAssembly peak | TypeScript GFLOP/s |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const { shape, wasm, ts } of rates) {
    const share = wasm !== null && peak !== null ? `${((100 * wasm) / peak).toFixed(0)} %` : '—';
    console.log(`| ${shape.name} | ${wasm === null ? '—' : wasm.toFixed(2)} | ${share} | ${ts.toFixed(2)} |`);
  }
  console.log(
    `\npeak: ${peak === null ? 'no WebAssembly kernel' : `${peak.toFixed(2)} GFLOP/s`} = WebAssembly SIMD, 12 independent f64x2 multiply-add chains ` +
      'without memory traffic (multiplyAddPeak in gemm.assembly.ts), the most that instruction mix issues on this core; ' +
      'every GFLOP/s figure here is the best of 5 windows of 0.3 s',
  );
  if (torch.ok) {
    console.log(
      `PyTorch float64 matrix product, one thread: ${torch.results.map((r) => `${r.n}³ ${r.gflops.toFixed(2)} GFLOP/s`).join(', ')} (best ${torchPeak?.toFixed(2)}; BLAS: ${torch.blas})`,
    );
  } else {
    console.log(`PyTorch matrix product: skipped, ${torch.skipped}`);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      steps: { type: 'string' },
      'solution-steps': { type: 'string' },
      threads: { type: 'string' },
      seed: { type: 'string' },
      hidden: { type: 'string' },
      batch: { type: 'string' },
      delay: { type: 'string' },
      symbols: { type: 'string' },
      copy: { type: 'string' },
      seconds: { type: 'string' },
      repeats: { type: 'string' },
      baseline: { type: 'string' },
    },
  });
  const parts = values.only === undefined ? [...PARTS] : values.only.split(',');
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new RangeError(`bench: --only takes ${PARTS.join(', ')}, got ${unknown.join(', ')}`);
  const threads = positiveInteger(values.threads, 1, 'threads');
  const seed = positiveInteger(values.seed, 42, 'seed');
  const hidden = integerList(values.hidden, [16, 32, 64, 128], 'hidden');
  const base: CopyTaskConfig = {
    ...gradedConfig(seed),
    batch: positiveInteger(values.batch, 16, 'batch'),
    delay: positiveInteger(values.delay, 25, 'delay'),
    symbols: positiveInteger(values.symbols, 8, 'symbols'),
    length: positiveInteger(values.copy, 3, 'copy'),
  };
  const wasm = loadGemmWasm();
  console.log(
    `copy-task bench · Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · matrix-product kernel: ${defaultKernel()}` +
      (wasm.available ? '' : ` (${wasm.reason})`),
  );
  if (parts.includes('graded')) {
    benchGraded(
      seed,
      positiveInteger(values.steps, 1000, 'steps'),
      positiveInteger(values['solution-steps'], 200, 'solution-steps'),
      threads,
    );
  }
  if (parts.includes('sweep')) {
    benchSweep({
      hidden,
      base,
      seconds: positiveNumber(values.seconds, 1.5, 'seconds'),
      repeats: positiveInteger(values.repeats, 3, 'repeats'),
      threads,
      baseline: values.baseline === undefined ? null : loadTree(values.baseline, 'before'),
    });
  }
  if (parts.includes('kernel')) benchKernel(Math.max(...hidden), base, threads);
}

main();
