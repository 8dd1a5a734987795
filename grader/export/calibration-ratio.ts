/**
 * Measures the ratios behind SOLUTION_TO_FORWARD_RATIO in grader/copytask/time-budget.ts and
 * grader/weather/time-budget.ts. A grade calibrates a training task's time budget on solutions/
 * through the trainer the sandbox runs; the student template has no solutions/ and no backward
 * code, so it times the forward-only stand-in (grader/reference/forward-only.ts) through the same
 * trainer and multiplies by the ratio. Both calibrations run cold in the grading process, so this
 * times each in a fresh process (JIT warm-up included), alternately, for several rounds, and
 * prints the medians and their ratio per task. The constants are these ratios rounded up.
 *
 *   node -r ts-node/register/transpile-only grader/export/calibration-ratio.ts [--rounds 7]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { CALIBRATION_STEPS, SOLUTION_TO_FORWARD_RATIO as COPY_RATIO } from '../copytask/time-budget';
import { CALIBRATION_DAYS, SOLUTION_TO_FORWARD_RATIO as WEATHER_RATIO } from '../weather/time-budget';

export type Task = 'copy' | 'weather';
export type Side = 'solutions' | 'forward';

/** In the child: ms per calibration unit (copy task: step; weather: example) of one cold run. */
export async function measure(task: Task, side: Side): Promise<number> {
  const { REFERENCE } = await import('../course');
  const { forwardOnlyLstmSequence, forwardOnlyReadout } = await import('../reference/forward-only');
  if (task === 'copy') {
    const { gradedConfig } = await import('../copytask/tiers');
    const { trainLstmOnCopyTask } = await import('../copytask/train');
    const config = { ...gradedConfig(42), maxSteps: CALIBRATION_STEPS, solveWindow: CALIBRATION_STEPS + 1 };
    const module =
      side === 'solutions' ? await import('../../solutions/09-lstm-sequence/lstm-sequence') : forwardOnlyLstmSequence(REFERENCE);
    return trainLstmOnCopyTask(module as never, config).wallMs / CALIBRATION_STEPS;
  }
  const { loadSeattleWeather } = await import('../weather/dataset');
  const { HELD_OUT_YEAR, splitByYear, trainingData } = await import('../weather/split');
  const { taskConfig } = await import('../weather/settings');
  const { exampleCount } = await import('../weather/trainer/data');
  const { studentsRecord } = await import('../weather/trainer/student');
  const { trainSequenceTask } = await import('../weather/trainer/train');
  const data = trainingData(splitByYear(loadSeattleWeather(), HELD_OUT_YEAR), 'classification');
  // The sample calibrateTimeBudget trains on: one epoch over the first CALIBRATION_DAYS days.
  const config = { ...taskConfig('classification', 42), epochs: 1 };
  const days = Math.min(CALIBRATION_DAYS, data.features.rows);
  const sample = {
    features: { rows: days, cols: data.features.cols, data: data.features.data.subarray(0, days * data.features.cols) },
    targets: data.targets.subarray(0, days),
  };
  const modules =
    side === 'solutions'
      ? {
          sequence: await import('../../solutions/09-lstm-sequence/lstm-sequence'),
          readout: await import('../../solutions/11-readout/readout'),
        }
      : { sequence: forwardOnlyLstmSequence(REFERENCE), readout: forwardOnlyReadout(REFERENCE) };
  return trainSequenceTask(studentsRecord(modules as never), config, sample).wallMs / exampleCount(sample, config);
}

function inFreshProcess(task: Task, side: Side): number {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--measure', `${task}:${side}`], {
    encoding: 'utf8',
  });
  const value = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(value))
    throw new Error(`calibration-ratio: measuring ${task} ${side} failed: ${run.stderr.trim().split('\n').pop()}`);
  return value;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, measure: { type: 'string' } } });
  if (values.measure) {
    const [task, side] = values.measure.split(':') as [Task, Side];
    process.stdout.write(`${await measure(task, side)}\n`);
    return;
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`calibration-ratio: --rounds must be a positive whole number, got ${values.rounds}`);
  for (const [task, constant] of [
    ['copy', COPY_RATIO],
    ['weather', WEATHER_RATIO],
  ] as const) {
    const times: Record<Side, number[]> = { solutions: [], forward: [] };
    for (let round = 0; round < rounds; round++) {
      for (const side of ['solutions', 'forward'] as const) times[side].push(inFreshProcess(task, side));
    }
    const ratios = times.solutions.map((s, k) => s / times.forward[k]);
    process.stdout.write(
      `${task}: solutions ${median(times.solutions).toFixed(3)} ms, forward-only ${median(times.forward).toFixed(3)} ms per unit; ` +
        `ratio median ${median(ratios).toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}); constant ${constant}\n`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
