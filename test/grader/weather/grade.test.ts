/**
 * runSequenceTasks end to end, with trainSequenceTask run in this process on the reference
 * solutions, on the stubs and on known-bug variants (the sandbox itself is tested elsewhere; the
 * values cross as structured clones here too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as stubReadout from '../../../exercises/11-readout/readout';
import * as stubSequence from '../../../exercises/09-lstm-sequence/lstm-sequence';
import { REFERENCE_MODULES, modulesWithBug } from '../../../scripts/weather/bug-variants';
import { inProcessTrainer } from '../../../scripts/weather/in-process-trainer';
import { runSequenceTasks, type SequenceTaskTrainer } from '../../../grader/weather/grade';
import { loadConfig, taskPoints } from '../../../grader/config';

/** The sequence tasks' points from the grading config. */
const points = taskPoints(loadConfig(), 'sequence-tasks');

const cacheDir = mkdtempSync(join(tmpdir(), 'weather-grade-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const SEED = 42;
const byId = <C extends { id: string }>(checks: C[]) => Object.fromEntries(checks.map((c) => [c.id, c])) as Record<string, C>;

describe('runSequenceTasks on the reference solutions', async () => {
  const progress: number[] = [];
  const { checks, data } = await runSequenceTasks(inProcessTrainer(REFERENCE_MODULES), {
    seed: SEED,
    cacheDir,
    points,
    onProgress: (done) => progress.push(done),
  });

  it('passes all four checks with full points', () => {
    expect(checks.map((c) => [c.id, c.status, c.score])).toEqual([
      ['regression-beats-baselines', 'passed', 3],
      ['classification-beats-baselines', 'passed', 3],
      ['regression-follows-reference', 'passed', 2],
      ['classification-follows-reference', 'passed', 2],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports the data the report pages draw: the forecast series, the confusion matrices, the curves', () => {
    expect(data.config).toMatchObject({
      heldOutYear: 2015,
      trainingPeriod: { first: '2012-01-01', last: '2014-12-31', days: 1096 },
      heldOutPeriod: { first: '2015-01-01', last: '2015-12-31', days: 365 },
      window: 7,
      hidden: 8,
      calibration: 'solutions',
    });
    expect(data.config.features).toHaveLength(11);
    expect(data.config.timeBudgetMs).toBeGreaterThan(5000);
    const r = data.regression;
    expect(r.series).toHaveLength(365);
    r.series.forEach((row) => expect(Math.abs((row.student as number) - row.reference)).toBeLessThan(1e-9));
    expect(r.bestBaseline).toBe('persistence');
    expect(r.student.skill).toBeGreaterThanOrEqual(r.requiredSkill);
    expect(r.student.curve.length).toBe(r.reference.curve.length);
    const c = data.classification;
    expect(c.student.scores!.confusion).toEqual(c.reference.scores.confusion);
    expect(c.student.gain).toBeGreaterThanOrEqual(c.requiredGain);
    expect(c.bestBaseline).toBe('persistence');
    expect(data.findings).toEqual({ regression: [], classification: [] });
    // Plain JSON, as results.json needs it.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('runSequenceTasks on stubs', () => {
  it('says "not attempted" when exercise 11 or exercise 09 is still a stub', async () => {
    for (const modules of [
      { ...REFERENCE_MODULES, readout: stubReadout },
      { ...REFERENCE_MODULES, sequence: stubSequence },
    ]) {
      const { checks, data } = await runSequenceTasks(inProcessTrainer(modules as never), { seed: SEED, cacheDir, points });
      expect(checks.map((c) => c.status)).toEqual(['not-attempted', 'not-attempted', 'not-attempted', 'not-attempted']);
      expect(checks[0].message).toMatch(/^The sequence tasks train your exercise 09 .* is not implemented yet/);
      expect(data.regression.student.status).toBe('not-attempted');
      expect(data.regression.series[0].student).toBeNull();
    }
  });
});

describe('runSequenceTasks on known bugs', () => {
  const cases: [string, string, string[]][] = [
    ['bptt-drops-dc-carry', 'lstmBackward', ['regression-follows-reference', 'classification-follows-reference']],
    [
      'bptt-grads-overwritten',
      'lstmBackward',
      ['regression-beats-baselines', 'regression-follows-reference', 'classification-follows-reference'],
    ],
    [
      'softmax-gradient-without-onehot',
      'softmaxCrossEntropyBackward',
      ['classification-beats-baselines', 'classification-follows-reference'],
    ],
    ['mse-gradient-wrong-sign', 'mseLossBackward', ['regression-beats-baselines', 'regression-follows-reference']],
  ];
  for (const [bug, fn, failing] of cases) {
    it(`fails ${bug} and says to look at ${fn}`, async () => {
      const { checks } = await runSequenceTasks(inProcessTrainer(modulesWithBug(bug)), { seed: SEED, cacheDir, points });
      const failed = checks.filter((c) => c.status === 'failed');
      expect(failed.map((c) => c.id)).toEqual(expect.arrayContaining(failing));
      for (const check of failed) {
        expect(check.message).toContain(`Look at ${fn} first.`);
        expect(check.fn).toBe(fn);
        expect(check.score).toBe(0);
      }
    });
  }
});

describe('runSequenceTasks on a run that stops on a NaN loss', () => {
  it('says where training stopped and reports it as plain JSON', async () => {
    const nanLoss = {
      ...REFERENCE_MODULES.readout,
      mseLoss: (y: Float64Array, target: Float64Array) => (target[0] > 1.5 ? Number.NaN : REFERENCE_MODULES.readout.mseLoss(y, target)),
    };
    const { checks, data } = await runSequenceTasks(inProcessTrainer({ ...REFERENCE_MODULES, readout: nanLoss }), {
      seed: SEED,
      cacheDir,
      points,
    });
    const regression = byId(checks)['regression-beats-baselines'];
    expect(regression.status).toBe('failed');
    expect(regression.message).toMatch(/Training stopped at step \d+: the batch's loss was NaN/);
    expect(data.regression.student.diverged).toMatchObject({ loss: null });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('runSequenceTasks on faults', () => {
  it('turns a timeout into an error that gives the budget, and a forged result into a rejection', async () => {
    const timeout: SequenceTaskTrainer = async () => ({ ok: false, fault: { kind: 'timeout', message: 'too slow' } });
    const slow = byId((await runSequenceTasks(timeout, { seed: SEED, cacheDir, points })).checks);
    expect(slow['regression-beats-baselines'].status).toBe('error');
    expect(slow['regression-beats-baselines'].message).toMatch(
      /^Training your model on the next day's maximum temperature ran past its time budget of \d+\.\d s/,
    );
    const forged: SequenceTaskTrainer = async () => ({ ok: true, value: { params: {} }, argsAfter: [] });
    const rejected = byId((await runSequenceTasks(forged, { seed: SEED, cacheDir, points })).checks);
    expect(rejected['classification-follows-reference'].status).toBe('failed');
    expect(rejected['classification-follows-reference'].message).toBe(
      'The trained weights were rejected: the training result is missing field readout.',
    );
  });

  it('checks its own arguments', async () => {
    await expect(runSequenceTasks(null as never, { seed: 1, cacheDir, points })).rejects.toThrow(
      'runSequenceTasks: argument train must be a function',
    );
    await expect(runSequenceTasks(inProcessTrainer(REFERENCE_MODULES), { seed: 1.5, cacheDir, points })).rejects.toThrow(
      'runSequenceTasks: argument options.seed must be an integer, got 1.5',
    );
    await expect(runSequenceTasks(inProcessTrainer(REFERENCE_MODULES), { seed: 1, cacheDir: '', points })).rejects.toThrow(
      'runSequenceTasks: argument options.cacheDir must be a folder path',
    );
  });
});
