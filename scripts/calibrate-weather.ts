/**
 * Calibrates the sequence tasks' pass rule (docs/sequence-tasks.md): for every seed, grades the
 * reference solutions (solutions/09 and solutions/11, trained student-style through the very trainer
 * the sandbox runs) with runSequenceTasks, and records the reference's held-out scores, the
 * baselines, the margins and whether every check passed; then grades each known-bug variant
 * (scripts/weather/bug-variants.ts) at a few seeds, each of which must fail a check.
 *
 *   node -r ts-node/register/transpile-only scripts/calibrate-weather.ts [--seeds 1-50] [--bug-seeds 1-5] [--out FILE]
 *   node -r ts-node/register/transpile-only scripts/calibrate-weather.ts --timing 5
 *   node -r ts-node/register/transpile-only scripts/calibrate-weather.ts --sweep '[{"window":5},{"hidden":12}]' [--seeds 1-30]
 *
 * Prints a Markdown report (also written to --out when given). With --timing N it only times the
 * training of each task N times, student-style (solutions/ through trainSequenceTask, in this
 * process) and with the fast reference, and prints the medians. With --sweep it trains the fast
 * reference (bit-identical to solutions/, test/grader/weather/trainer/train.test.ts) at each change
 * of the graded configuration over the seeds and prints the smallest, 10th-percentile and median
 * margins: how the configuration was chosen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { READOUT_BUGS, REFERENCE_MODULES, SEQUENCE_BUGS, modulesWithBug } from './weather/bug-variants';
import { inProcessTrainer } from './weather/in-process-trainer';
import { loadSeattleWeather } from '../grader/weather/dataset';
import { classificationGain, regressionSkill } from '../grader/weather/checks';
import { evaluateClassification, evaluateRegression } from '../grader/weather/evaluate';
import { runSequenceTasks } from '../grader/weather/grade';
import { trainReference } from '../grader/weather/reference';
import { REQUIRED_ACCURACY_GAIN, REQUIRED_SKILL, TASKS, taskConfig } from '../grader/weather/settings';
import { HELD_OUT_YEAR, splitByYear, trainingData } from '../grader/weather/split';
import type { SequenceTaskConfig } from '../grader/weather/trainer/config';
import { studentsRecord } from '../grader/weather/trainer/student';
import { trainSequenceTask } from '../grader/weather/trainer/train';
import { loadConfig, taskPoints } from '../grader/config';

/** The sequence tasks' points from the grading config. */
const points = taskPoints(loadConfig(), 'sequence-tasks');

function seedRange(text: string, option: string): number[] {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const seeds = match
    ? Array.from({ length: Number(match[2]) - Number(match[1]) + 1 }, (_, k) => Number(match[1]) + k)
    : text.split(',').map(Number);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`calibrate-weather: --${option} must be a range like 1-50 or a list like 1,2,3, got ${text}`);
  }
  return seeds;
}

const fixed = (x: number, digits: number) => x.toFixed(digits);
const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU time of `run` in milliseconds (CPU time is what a busy machine does not inflate). */
function timed(run: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

/**
 * Time of the training alone (no process start-up), per task: student-style (solutions/ through
 * trainSequenceTask, probe included) and the fast reference, `runs` times each; prints the medians.
 */
function timing(runs: number): void {
  const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
  const show = (xs: number[]) => `median ${median(xs).toFixed(0)} ms [${xs.map((x) => x.toFixed(0)).join(', ')}]`;
  for (const task of TASKS) {
    const config = taskConfig(task, 42);
    const data = trainingData(split, task);
    const student = Array.from({ length: runs }, () => timed(() => trainSequenceTask(studentsRecord(REFERENCE_MODULES), config, data)));
    const reference = Array.from({ length: runs }, () => timed(() => trainReference(config, data)));
    console.log(
      `${task}, solutions/ through trainSequenceTask: wall ${show(student.map((t) => t.wall))}, CPU ${show(student.map((t) => t.cpu))}`,
    );
    console.log(`${task}, fast reference: wall ${show(reference.map((t) => t.wall))}, CPU ${show(reference.map((t) => t.cpu))}`);
  }
}

/** Margins of the fast reference over `seeds` for each change of the graded configuration. */
function sweep(changes: Partial<SequenceTaskConfig>[], seeds: number[]): void {
  const split = splitByYear(loadSeattleWeather(), HELD_OUT_YEAR);
  for (const change of changes) {
    const cells = TASKS.map((task) => {
      const data = trainingData(split, task);
      let ms = 0;
      const margins = seeds
        .map((seed) => {
          const config = { ...taskConfig(task, seed), ...change };
          const run = trainReference(config, data);
          ms += run.wallMs;
          return task === 'regression'
            ? regressionSkill(evaluateRegression(run.params, run.readout, split, config.window))
            : classificationGain(evaluateClassification(run.params, run.readout, split, config.window));
        })
        .sort((a, b) => a - b);
      return `${task}: min ${pct(margins[0], 2)}, p10 ${pct(margins[Math.floor(margins.length / 10)], 2)}, median ${pct(median(margins), 2)}, ${(ms / seeds.length).toFixed(0)} ms/run`;
    });
    console.log(`${JSON.stringify(change)} | ${cells.join(' | ')}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      'bug-seeds': { type: 'string' },
      out: { type: 'string' },
      timing: { type: 'string' },
      sweep: { type: 'string' },
    },
  });
  if (values.sweep !== undefined) {
    const changes = JSON.parse(values.sweep) as unknown;
    if (!Array.isArray(changes)) throw new TypeError('calibrate-weather: --sweep must be a JSON array of configuration changes');
    sweep(changes as Partial<SequenceTaskConfig>[], seedRange(values.seeds ?? '1-30', 'seeds'));
    return;
  }
  if (values.timing !== undefined) {
    const runs = Number(values.timing);
    if (!Number.isInteger(runs) || runs < 1)
      throw new RangeError(`calibrate-weather: --timing must be a positive whole number, got ${values.timing}`);
    timing(runs);
    return;
  }
  const seeds = seedRange(values.seeds ?? '1-50', 'seeds');
  const bugSeeds = seedRange(values['bug-seeds'] ?? '1-5', 'bug-seeds');
  const cacheDir = mkdtempSync(join(tmpdir(), 'calibrate-weather-'));
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const c = taskConfig('regression', 0);
  say(
    `Configuration: N = ${c.window} days, H = ${c.hidden}, ${c.epochs} epochs, batch ${c.batch}, Adam ${c.learningRate} → ${c.finalLearningRate} (half cosine), ` +
      `clip ${c.clipNorm}, forget bias ${c.forgetBias}. Bars: skill ≥ ${pct(REQUIRED_SKILL, 0)}, accuracy gain ≥ ${pct(REQUIRED_ACCURACY_GAIN, 0)}.`,
  );
  say('');
  say(
    '| seed | ref. RMSE °C | persistence | climatology | skill | ref. accuracy | persistence | majority | gain | all 4 checks | student-style s (regr. + class.) |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |');
  const skills: number[] = [];
  const gains: number[] = [];
  const trainSeconds: number[] = [];
  let failures = 0;
  try {
    for (const seed of seeds) {
      const { checks, data } = await runSequenceTasks(inProcessTrainer(REFERENCE_MODULES), { seed, cacheDir, points });
      const r = data.regression;
      const k = data.classification;
      const passed = checks.every((check) => check.status === 'passed');
      if (!passed) failures++;
      skills.push(r.reference.skill);
      gains.push(k.reference.gain);
      const seconds = (r.student.wallMs + k.student.wallMs) / 1000;
      trainSeconds.push(seconds);
      say(
        `| ${seed} | ${fixed(r.reference.scores.rmse, 3)} | ${fixed(r.baselines.persistence.rmse, 3)} | ${fixed(r.baselines.climatology.rmse, 3)} | ${pct(r.reference.skill)} ` +
          `| ${pct(k.reference.scores.accuracy)} | ${pct(k.baselines.persistence.accuracy)} | ${pct(k.baselines.majority.accuracy)} | ${pct(k.reference.gain)} ` +
          `| ${
            passed
              ? 'yes'
              : `**no**: ${checks
                  .filter((x) => x.status !== 'passed')
                  .map((x) => x.id)
                  .join(', ')}`
          } | ${fixed(seconds, 2)} |`,
      );
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    say('');
    say(`Seeds: ${seeds.length}; reference solutions failing a check: ${failures}.`);
    say(
      `Regression skill (1 − RMSE / persistence RMSE): min ${pct(sorted(skills)[0], 2)}, median ${pct(median(skills), 2)}, max ${pct(sorted(skills).at(-1)!, 2)}; bar ${pct(REQUIRED_SKILL, 0)}.`,
    );
    say(
      `Classification gain (accuracy − best baseline): min ${pct(sorted(gains)[0], 2)}, median ${pct(median(gains), 2)}, max ${pct(sorted(gains).at(-1)!, 2)}; bar ${pct(REQUIRED_ACCURACY_GAIN, 0)}.`,
    );
    say(`Student-style training, both tasks: median ${fixed(median(trainSeconds), 2)} s, max ${fixed(sorted(trainSeconds).at(-1)!, 2)} s.`);
    say('');
    say('| bug variant | seed | failing checks | first message |');
    say('| --- | ---: | --- | --- |');
    let bugsPassing = 0;
    for (const bug of [...Object.keys(SEQUENCE_BUGS), ...Object.keys(READOUT_BUGS)]) {
      for (const seed of bugSeeds) {
        const { checks } = await runSequenceTasks(inProcessTrainer(modulesWithBug(bug)), { seed, cacheDir, points });
        const failing = checks.filter((check) => check.status !== 'passed');
        if (failing.length === 0) bugsPassing++;
        const message = failing[0]?.message.replace(/\|/g, '\\|') ?? '**passed every check**';
        say(`| ${bug} | ${seed} | ${failing.map((x) => x.id).join(', ') || '—'} | ${message} |`);
      }
    }
    say('');
    say(`Bug variants passing every check: ${bugsPassing}.`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
