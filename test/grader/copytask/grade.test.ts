import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as solution from '../../../solutions/09-lstm-sequence/lstm-sequence';
import { referenceRuns, runCopyTask } from '../../../grader/copytask/grade';
import { trainLstmOnCopyTask, type TrainOutcome } from '../../../grader/copytask/train';
import { ACCURACY_BAR, gradedConfig, SHOWN_DELAYS } from '../../../grader/copytask/tiers';
import { loadConfig, taskPoints } from '../../../grader/config';
import { EXERCISES_DIR, SOLUTIONS_DIR } from '../../../grader/paths';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import { buildMistakeSubmission } from '../../fixtures/mistake-patches';
import type { CallOutcome, Runner } from '../../../grader/sandbox/types';

/** The seed CI grades with (grader/grading-config.json). */
const CI_SEED = 42;
const cacheDir = mkdtempSync(join(tmpdir(), 'copytask-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** The graded settings with a smaller step budget, so that a run that never solves stays quick. */
const QUICK = { maxSteps: 1000 };
/** The copy task's points from the grading config. */
const points = taskPoints(loadConfig(), 'copy-task');

/** A Runner whose runTask answers with `answer` (for outcomes a real student could send back). */
function fakeRunner(answer: () => CallOutcome): Runner {
  const unused = () => {
    throw new Error('not used by the copy task');
  };
  return {
    call: unused,
    callMany: unused,
    callManyParts: unused,
    runTask: async () => answer(),
    output: () => '',
    endExercise: async () => {},
    close: async () => {},
  };
}

describe('the graded tier', () => {
  it('is solved by the reference LSTM at the CI seed and not by the vanilla RNN', () => {
    const { lstm, rnn } = referenceRuns(gradedConfig(CI_SEED), cacheDir);
    expect(lstm.stepsToSolve).not.toBeNull();
    expect(lstm.accuracy).toBeGreaterThanOrEqual(ACCURACY_BAR);
    expect(rnn.stepsToSolve).toBeNull();
    expect(rnn.accuracy).toBeLessThan(ACCURACY_BAR);
    // Both runs are cached for the next grade.
    expect(readdirSync(join(cacheDir, 'copytask')).length).toBe(2);
  });
});

describe('runCopyTask', () => {
  it('passes the reference solution, with a curve that follows the reference run, and fills CopyTaskData', async () => {
    const progress: [number, number][] = [];
    const { checks, data } = await runCopyTask(createDirectRunner(SOLUTIONS_DIR), {
      seed: CI_SEED,
      cacheDir,
      points,
      configOverrides: QUICK,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(checks.map((c) => [c.id, c.status, c.score])).toEqual([
      ['solves-graded-delay', 'passed', 8],
      ['follows-reference', 'passed', 2],
    ]);
    expect(checks.every((c) => c.exercise === 'copy-task')).toBe(true);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const [student, reference, rnn] = data.models;
    expect(student.name).toBe('student');
    expect(student.accuracy).toBeGreaterThanOrEqual(ACCURACY_BAR);
    expect(student.stepsToSolve).not.toBeNull();
    expect(reference.stepsToSolve).not.toBeNull();
    expect(rnn.stepsToSolve).toBeNull();
    expect(data.baselineLoss).toBeCloseTo((3 * Math.log(2)) / 16, 12);
    expect(data.gates?.forget).toHaveLength(16);
    expect(data.gates?.forget[0]).toHaveLength(16);
    expect(data.gates?.tokens).toHaveLength(16);
    expect(data.config.delay).toBe(10);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('fails an LSTM whose BPTT drops the cell-state carry, saying the copy task is not solved', async () => {
    // The catalogued mistake, graded like any submission: staged and trained in the sandbox.
    const submission = buildMistakeSubmission('bptt-drops-dc-carry');
    const runner = await openSandbox({ submissionDir: submission });
    let run;
    try {
      run = await runCopyTask(runner, { seed: CI_SEED, cacheDir, configOverrides: QUICK, points: { ...points, 'solves-graded-delay': 5 } });
    } finally {
      await runner.close();
    }
    const { checks, data } = run;
    const [solve, follows] = checks;
    expect(solve.status).toBe('failed');
    expect(solve.score).toBe(0);
    expect(solve.maxScore).toBe(5);
    expect(solve.message).toMatch(
      /^Your LSTM does not solve the copy task: after 1000 steps it recalls .*% of the symbols across a delay of 10 steps/,
    );
    expect(solve.message).toMatch(/dcPrev/);
    expect(follows.status).toBe('failed');
    expect(follows.message).toMatch(/parts from the reference's/);
    expect(data.models[0].stepsToSolve).toBeNull();
    expect(data.models[0].accuracy).toBeLessThan(ACCURACY_BAR);
  });

  it('rejects returned weights with NaN, the wrong shape or extra fields', async () => {
    const config = { ...gradedConfig(CI_SEED), ...QUICK };
    const honest = trainLstmOnCopyTask(solution, { ...config, maxSteps: 2 });
    const tampered: [string, (o: TrainOutcome & Record<string, unknown>) => void, RegExp][] = [
      ['NaN', (o) => (o.params.forget.b[0] = Number.NaN), /params\.forget\.b\[0\] is NaN/],
      ['shape', (o) => (o.readout.W = { rows: 1, cols: 1, data: new Float64Array(1) }), /readout\.W must be 3 × 16, got 1 × 1/],
      ['extra field', (o) => (o.accuracy = 1), /unexpected field accuracy/],
    ];
    for (const [, tamper, expected] of tampered) {
      const value = structuredClone(honest) as TrainOutcome & Record<string, unknown>;
      tamper(value);
      const { checks } = await runCopyTask(
        fakeRunner(() => ({ ok: true, value, argsAfter: [] })),
        { seed: CI_SEED, cacheDir, points, configOverrides: QUICK },
      );
      for (const check of checks) {
        expect(check.status).toBe('failed');
        expect(check.score).toBe(0);
        expect(check.message).toMatch(/^The trained weights were rejected: /);
        expect(check.message).toMatch(expected);
      }
    }
  });

  it('reports a stub as not attempted and a run past the time budget as an error naming the budget', async () => {
    const stub = await runCopyTask(createDirectRunner(EXERCISES_DIR), { seed: CI_SEED, cacheDir, points, configOverrides: QUICK });
    expect(stub.checks.map((c) => c.status)).toEqual(['not-attempted', 'not-attempted']);
    expect(stub.data.models[0]).toMatchObject({ name: 'student', stepsToSolve: null, curve: [] });
    let timeoutAsked = 0;
    const slow: Runner = {
      ...fakeRunner(() => ({ ok: false, fault: { kind: 'timeout', message: 'ran too long' } })),
      runTask: async (_module, _fn, _folder, _args, timeoutMs) => {
        timeoutAsked = timeoutMs;
        return { ok: false, fault: { kind: 'timeout', message: 'ran too long' } };
      },
    };
    const { checks, data } = await runCopyTask(slow, { seed: CI_SEED, cacheDir, points, configOverrides: QUICK });
    expect(checks[0].status).toBe('error');
    expect(checks[0].message).toMatch(/ran past its time budget of [\d.]+ s \(3× the reference's time on this machine\)/);
    expect(Number.isInteger(timeoutAsked)).toBe(true);
    expect(timeoutAsked).toBe(data.config.timeBudgetMs);
  });

  it('rejects bad options, naming the argument', async () => {
    const runner = fakeRunner(() => ({ ok: false, fault: { kind: 'crashed', message: '' } }));
    await expect(runCopyTask(runner, { seed: 1.5, cacheDir, points })).rejects.toThrow(
      'runCopyTask: argument options.seed must be an integer, got 1.5',
    );
    await expect(runCopyTask(runner, { seed: 1, cacheDir: '', points })).rejects.toThrow(
      'runCopyTask: argument options.cacheDir must be a folder path',
    );
    await expect(runCopyTask(runner, { seed: 1, cacheDir, points, configOverrides: { hidden: -1 } })).rejects.toThrow(
      'runCopyTask: argument config.hidden must be a positive integer, got -1',
    );
  });
});

describe('runCopyTask with tiers', () => {
  it('adds the reference LSTM and the RNN at every shown delay, and counts them in the progress', async () => {
    const progress: number[] = [];
    const { data } = await runCopyTask(createDirectRunner(SOLUTIONS_DIR), {
      seed: CI_SEED,
      cacheDir,
      points,
      tiers: true,
      // A tiny step budget: this checks the plumbing, the tier figures are in docs/copy-task.md.
      configOverrides: { ...QUICK, maxSteps: 60 },
      onProgress: (_done, total) => progress.push(total),
    });
    expect(data.tiers?.map((t) => [t.delay, t.model])).toEqual(
      SHOWN_DELAYS.flatMap((delay) => [
        [delay, 'reference'],
        [delay, 'rnn'],
      ]),
    );
    for (const row of data.tiers ?? []) {
      expect(row.symbols).toBe(3);
      expect(row.accuracy).toBeGreaterThanOrEqual(0);
      expect(row.accuracy).toBeLessThanOrEqual(1);
    }
    expect(new Set(progress)).toEqual(new Set([3 + SHOWN_DELAYS.length]));
  });
});
