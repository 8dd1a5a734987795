/**
 * The bench's trainer timings (grader/bench/training-rate.ts): loading another checkout's trainer,
 * fixing the step count, timing it, and the median the tables print. loadTree requires the
 * checkout's files at run time (under ts-node in the bench); here the checkouts are plain
 * JavaScript stand-ins, and the timings run on this checkout's trainer imported directly.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fixedSteps,
  loadTree,
  median,
  medianTrainingSeconds,
  trainingSeconds,
  type TrainerTree,
} from '../../../grader/bench/training-rate';
import { FastLstm } from '../../../grader/copytask/fast-lstm';
import { FastRnn } from '../../../grader/copytask/fast-rnn';
import { initLstmParams, initRnnParams } from '../../../grader/copytask/init';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { runTraining } from '../../../grader/copytask/train-loop';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A checkout whose grader/copytask/ holds `files` (name → CommonJS source). */
function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-checkout-'));
  roots.push(root);
  mkdirSync(path.join(root, 'grader', 'copytask'), { recursive: true });
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(root, 'grader', 'copytask', `${name}.js`), source);
  return root;
}

describe('loadTree', () => {
  it("takes the trainer's parts from the checkout it is given, under the label given", () => {
    const root = checkout({
      'fast-lstm': 'exports.FastLstm = class FastLstm {};',
      'fast-rnn': 'exports.FastRnn = class FastRnn {};',
      init: 'exports.initLstmParams = () => "lstm"; exports.initRnnParams = () => "rnn";',
      'train-loop': 'exports.runTraining = () => ({ wallMs: 1 });',
    });
    const tree = loadTree(root, 'before');
    expect(tree.label).toBe('before');
    expect(tree.FastLstm.name).toBe('FastLstm');
    expect(tree.initRnnParams(gradedConfig(1))).toBe('rnn');
  });

  it('refuses a folder that does not look like a checkout', () => {
    const root = checkout({ 'fast-lstm': '', 'fast-rnn': '', init: '', 'train-loop': '' });
    expect(() => loadTree(root)).toThrow(
      `bench: ${root} does not look like an lstm-lab checkout (grader/copytask/fast-lstm.ts and train-loop.ts)`,
    );
    expect(() => loadTree(path.join(root, 'nothing-here'))).toThrow(/Cannot find module/);
  });
});

describe('timings', () => {
  const tree: TrainerTree = { label: 'this checkout', FastLstm, FastRnn, initLstmParams, initRnnParams, runTraining };

  it('fixedSteps runs exactly that many steps: the solve test is pushed out of reach', () => {
    expect(fixedSteps(gradedConfig(3), 7)).toEqual({ ...gradedConfig(3), maxSteps: 7, solveWindow: 8 });
  });

  it('trainingSeconds and medianTrainingSeconds time a few steps of the LSTM and the RNN', () => {
    const config = fixedSteps(gradedConfig(1), 3);
    for (const model of ['lstm', 'rnn'] as const) {
      const seconds = trainingSeconds(tree, model, config);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(60);
    }
    expect(medianTrainingSeconds(tree, 'rnn', gradedConfig(1), 2, 3)).toBeGreaterThan(0);
  });

  it('median: the middle value, or the mean of the two middle ones; the input is left as it was', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
