/**
 * The reference solutions through the sandbox give exactly what the same calls give in-process
 * (the direct runner): values, nested structures and arguments survive the trip bit for bit.
 * Also: batching, trusted tasks, output per folder, closing, and bad arguments from the grader.
 */
import fc from 'fast-check';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../grader/course';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import type { CallOutcome, Runner } from '../../../grader/sandbox/types';
import { forwardMany } from '../../../grader/sandbox/probe/probe-task';
import * as referenceSequence from '../../../solutions/09-lstm-sequence/lstm-sequence';
import { exerciseArgs } from '../../helpers/exercise-args';
import { SOLUTIONS_DIR } from '../../fixtures/hostile-cases';
import { processesMentioning } from '../../helpers/sandbox';

const PROBE_TASK = path.resolve(__dirname, '..', '..', '..', 'grader', 'sandbox', 'probe', 'probe-task.ts');

let sandbox: Runner;
const direct = createDirectRunner(SOLUTIONS_DIR);

beforeAll(async () => {
  sandbox = await openSandbox({ submissionDir: SOLUTIONS_DIR });
});
afterAll(async () => {
  await sandbox.close();
});

describe('reference solutions through the sandbox', () => {
  for (const exercise of CODE_EXERCISES) {
    for (const fn of Object.keys(exercise.exports)) {
      it(`${exercise.folder} ${fn} matches the in-process call, batched and alone`, async () => {
        const shapes = fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          H: fc.integer({ min: 1, max: 5 }),
          D: fc.integer({ min: 1, max: 5 }),
          T: fc.integer({ min: 1, max: 6 }),
        });
        const cases = fc.sample(shapes, { numRuns: 12, seed: 42 });
        const argsList = cases.map(({ seed, H, D, T }) => exerciseArgs(fn, seed, H, D, T));
        const batched = await sandbox.callMany(exercise.folder, fn, argsList);
        const expected = await direct.callMany(exercise.folder, fn, argsList);
        expect(batched).toEqual(expected);
        for (const outcome of batched) expect(outcome.ok).toBe(true);
        const alone = await sandbox.call(exercise.folder, fn, argsList[0]);
        expect(alone).toEqual(expected[0]);
        // Fresh copies: the grader's own arguments are not the ones handed back.
        if (alone.ok) expect(alone.argsAfter[0]).not.toBe(argsList[0][0]);
      });
    }
  }

  it('keeps Float64Array as Float64Array and numbers bit for bit (NaN, -0, subnormals)', async () => {
    const z = Float64Array.from([-0, 5e-324, -1e308, NaN, Infinity]);
    const outcome = await sandbox.call('01-activations', 'tanh', [z]);
    const expected = await direct.call('01-activations', 'tanh', [z]);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok || !expected.ok) return;
    expect(outcome.value).toBeInstanceOf(Float64Array);
    expect(Object.is((outcome.value as Float64Array)[0], -0)).toBe(true);
    expect(outcome.value).toEqual(expected.value);
  });

  it('runs a trusted task next to the student code and returns its result', async () => {
    const outcome = await sandbox.runTask(PROBE_TASK, 'forwardMany', ['09-lstm-sequence'], [11, 5, 6], 10_000);
    expect(outcome.ok, JSON.stringify(!outcome.ok && outcome.fault)).toBe(true);
    if (outcome.ok) expect(outcome.value).toEqual(forwardMany({ '09-lstm-sequence': referenceSequence }, 11, 5, 6));
  });

  it('gives a task the modules of several folders, by folder', async () => {
    const outcome = await sandbox.runTask(PROBE_TASK, 'exportNames', ['09-lstm-sequence', '08-lstm-cell'], [], 10_000);
    const direct = await createDirectRunner(SOLUTIONS_DIR).runTask(
      PROBE_TASK,
      'exportNames',
      ['09-lstm-sequence', '08-lstm-cell'],
      [],
      10_000,
    );
    expect(outcome).toEqual({
      ok: true,
      value: { '08-lstm-cell': ['lstmCellBackward', 'lstmCellForward'], '09-lstm-sequence': ['lstmBackward', 'lstmForward'] },
      argsAfter: [],
    });
    expect(direct).toEqual(outcome);
  });

  it("endExercise stops the processes of a folder (its own and its tasks'); a later call starts afresh", async () => {
    const workspaceDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-end-exercise-'));
    const runner = await openSandbox({ submissionDir: SOLUTIONS_DIR, workspaceDir });
    try {
      const z = Float64Array.from([0.25]);
      expect((await runner.call('01-activations', 'sigmoid', [z])).ok).toBe(true);
      expect((await runner.runTask(PROBE_TASK, 'forwardMany', ['09-lstm-sequence'], [1, 1, 2], 10_000)).ok).toBe(true);
      // Two warm spares, the folder's process and the task's.
      const before = processesMentioning(workspaceDir);
      expect(before).toHaveLength(4);
      await runner.endExercise('09-lstm-sequence');
      expect(processesMentioning(workspaceDir)).toHaveLength(3);
      await runner.endExercise('01-activations');
      expect(processesMentioning(workspaceDir)).toHaveLength(2);
      expect((await runner.call('01-activations', 'sigmoid', [z])).ok).toBe(true);
      expect(processesMentioning(workspaceDir)).toHaveLength(3);
      await expect(runner.endExercise('99-nope')).rejects.toThrow(/endExercise: argument folder/);
    } finally {
      await runner.close();
    }
  });

  it('keeps warm spares only while some folder has not had a process: none is left unused once every folder had one', async () => {
    const workspaceDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-spares-'));
    const runner = await openSandbox({ submissionDir: SOLUTIONS_DIR, workspaceDir, maxProcesses: CODE_EXERCISES.length });
    try {
      for (const [k, exercise] of CODE_EXERCISES.entries()) {
        const fn = Object.keys(exercise.exports)[0];
        expect((await runner.call(exercise.folder, fn, exerciseArgs(fn, k, 2, 3, 2))).ok).toBe(true);
        const waiting = CODE_EXERCISES.length - k - 1;
        // The folders' processes, and a spare for each folder still to come, at most two. Polled: a
        // process that is just starting shows no command line for a moment while it exec()s.
        await expect.poll(() => processesMentioning(workspaceDir).length, { timeout: 5000 }).toBe(k + 1 + Math.min(2, waiting));
      }
    } finally {
      await runner.close();
    }
  });

  it('answers calls for parts with the parts at the paths only, exactly as the direct runner does', async () => {
    const argsList = [0, 1, 2].map((seed) => exerciseArgs('lstmForward', seed, 2, 3, 3));
    const paths = ['hs[0]', 'hs[2]', 'cs[2]', 'missing', 'hs[7]'];
    const parts = await sandbox.callManyParts('09-lstm-sequence', 'lstmForward', argsList, paths);
    expect(parts).toEqual(await direct.callManyParts('09-lstm-sequence', 'lstmForward', argsList, paths));
    const whole = await direct.callMany('09-lstm-sequence', 'lstmForward', argsList);
    parts.forEach((outcome, k) => {
      const full = whole[k] as Extract<CallOutcome, { ok: true }>;
      const value = full.value as { hs: Float64Array[]; cs: Float64Array[] };
      expect(outcome).toEqual({ ok: true, value: [value.hs[0], value.hs[2], value.cs[2], undefined, undefined], argsAfter: [] });
    });
    // '' is the whole answer.
    const z = Float64Array.from([0.5, -2]);
    expect(await sandbox.callManyParts('01-activations', 'sigmoid', [[z]], [''])).toEqual(
      await direct.callManyParts('01-activations', 'sigmoid', [[z]], ['']),
    );
  });

  it('refuses calls for parts without usable paths, naming the method and argument', async () => {
    for (const runner of [sandbox, direct]) {
      await expect(runner.callManyParts('01-activations', 'sigmoid', [[Float64Array.of(1)]], [])).rejects.toThrow(
        /callManyParts: argument paths/,
      );
      await expect(runner.callManyParts('01-activations', 'sigmoid', [[Float64Array.of(1)]], ['hs[x]'])).rejects.toThrow(
        /callManyParts: argument paths holds a bad path/,
      );
      await expect(runner.callManyParts('10-nope', 'x', [[]], ['h'])).rejects.toThrow(/callManyParts.*argument folder/);
    }
  });

  it('answers an empty batch with no calls', async () => {
    expect(await sandbox.callMany('02-affine', 'affine', [])).toEqual([]);
  });

  it('refuses bad arguments from the grader with an error naming the method and argument', async () => {
    await expect(sandbox.call('10-nope', 'x', [])).rejects.toThrow(/call.*argument folder/i);
    await expect(sandbox.callMany('01-activations', '', [[]])).rejects.toThrow(/callMany: argument fn/);
    await expect(sandbox.callMany('01-activations', 'sigmoid', [1] as never)).rejects.toThrow(/callMany: argument argsList/);
    await expect(sandbox.runTask(PROBE_TASK, 'forwardMany', ['09-lstm-sequence'], [], 0)).rejects.toThrow(/runTask: argument timeoutMs/);
    await expect(sandbox.runTask('/etc/passwd', 'x', ['09-lstm-sequence'], [], 1000)).rejects.toThrow(/runTask: argument taskModule/);
    await expect(sandbox.runTask(PROBE_TASK, 'forwardMany', [], [], 1000)).rejects.toThrow(
      /runTask: argument folders must be a non-empty list/,
    );
    await expect(sandbox.runTask(PROBE_TASK, 'forwardMany', ['09-lstm-sequence', '09-lstm-sequence'], [], 1000)).rejects.toThrow(
      /runTask: argument folders/,
    );
    await expect(sandbox.runTask(PROBE_TASK, 'forwardMany', ['11-nope'], [], 1000)).rejects.toThrow(
      /runTask: argument folder must be an exercise folder/,
    );
    expect(() => sandbox.output('nope')).toThrow(/output: argument folder/);
    await expect(openSandbox({ submissionDir: SOLUTIONS_DIR, callTimeoutMs: -1 })).rejects.toThrow(/openSandbox: option callTimeoutMs/);
    await expect(openSandbox({ submissionDir: '/nonexistent/submission' })).rejects.toThrow(/submissionDir/);
    await expect(openSandbox({ submissionDir: 3 as never })).rejects.toThrow(/openSandbox: option submissionDir must be a folder path/);
    await expect(openSandbox({ submissionDir: SOLUTIONS_DIR, workspaceDir: '' })).rejects.toThrow(/openSandbox: option workspaceDir/);
  });
});
