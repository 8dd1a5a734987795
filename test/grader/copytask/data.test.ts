import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../../lib/random';
import { sequenceLength, validateConfig, type CopyTaskConfig } from '../../../grader/copytask/config';
import {
  BLANK,
  baselineLoss,
  delimiterToken,
  fillCopySequence,
  generateCopySequence,
  recallBaselineLoss,
  recallStart,
} from '../../../grader/copytask/data';
import { gradedConfig } from '../../../grader/copytask/tiers';

const sizes = fc.record({
  symbols: fc.integer({ min: 2, max: 10 }),
  length: fc.integer({ min: 1, max: 6 }),
  delay: fc.integer({ min: 1, max: 40 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

const configOf = (s: { symbols: number; length: number; delay: number; seed: number }): CopyTaskConfig => ({
  ...gradedConfig(s.seed),
  symbols: s.symbols,
  length: s.length,
  delay: s.delay,
});

describe('the copy-task generator', () => {
  it('lays out S symbols, T − 1 blanks, the delimiter, S blanks; targets T + S blanks then the symbols', () => {
    const details = fc.check(
      fc.property(sizes, (s) => {
        const config = configOf(s);
        const { inputs, targets } = generateCopySequence(new Random(s.seed), config);
        const S = s.length;
        const T = s.delay;
        expect(inputs.length).toBe(T + 2 * S);
        expect(targets.length).toBe(T + 2 * S);
        const symbols = Array.from(inputs.subarray(0, S));
        for (const symbol of symbols) {
          expect(symbol).toBeGreaterThanOrEqual(1);
          expect(symbol).toBeLessThanOrEqual(s.symbols);
        }
        expect(Array.from(inputs.subarray(S, S + T - 1))).toEqual(new Array(T - 1).fill(BLANK));
        expect(inputs[S + T - 1]).toBe(delimiterToken(config));
        expect(delimiterToken(config)).toBe(s.symbols + 1);
        expect(Array.from(inputs.subarray(S + T))).toEqual(new Array(S).fill(BLANK));
        expect(Array.from(targets.subarray(0, T + S))).toEqual(new Array(T + S).fill(BLANK));
        expect(Array.from(targets.subarray(T + S))).toEqual(symbols);
        expect(recallStart(config)).toBe(T + S);
      }),
      { numRuns: 200, seed: 1 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('is reproducible from the seed and draws every symbol about equally often', () => {
    const config = configOf({ symbols: 4, length: 3, delay: 5, seed: 9 });
    const a = generateCopySequence(new Random(5), config);
    const b = generateCopySequence(new Random(5), config);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    const rng = new Random(11);
    const counts = new Array(5).fill(0);
    const inputs = new Int32Array(sequenceLength(config));
    const targets = new Int32Array(sequenceLength(config));
    for (let n = 0; n < 4000; n++) {
      fillCopySequence(rng, config, inputs, targets);
      for (let s = 0; s < 3; s++) counts[inputs[s]]++;
    }
    expect(counts[0]).toBe(0);
    for (let k = 1; k <= 4; k++) expect(Math.abs(counts[k] / 12000 - 0.25)).toBeLessThan(0.02);
  });

  it('rejects buffers of the wrong length, naming the function and the arguments', () => {
    const config = configOf({ symbols: 4, length: 3, delay: 5, seed: 1 });
    expect(() => fillCopySequence(new Random(1), config, new Int32Array(3), new Int32Array(11))).toThrow(
      /fillCopySequence: arguments inputs and targets must have length T \+ 2S = 11/,
    );
  });
});

describe('the memoryless baseline', () => {
  it('is S·ln(K)/(T + 2S) over all positions and ln(K) over the recall positions', () => {
    const config = configOf({ symbols: 8, length: 5, delay: 10, seed: 1 });
    expect(baselineLoss(config)).toBeCloseTo((5 * Math.log(8)) / 20, 14);
    expect(recallBaselineLoss(config)).toBeCloseTo(Math.log(8), 14);
  });

  it('is the loss of predicting blanks for sure and a uniform guess at each recall position', () => {
    const details = fc.check(
      fc.property(sizes, (s) => {
        const config = configOf(s);
        const L = sequenceLength(config);
        // Memoryless predictor: probability 1 on blank before recall, 1/K on each symbol during recall.
        const total = s.length * -Math.log(1 / s.symbols);
        expect(baselineLoss(config)).toBeCloseTo(total / L, 12);
      }),
      { numRuns: 100, seed: 2 },
    );
    expect(details.failed).toBe(false);
  });
});

describe('validateConfig', () => {
  it('names the bad field and the function', () => {
    expect(() => validateConfig({ ...gradedConfig(1), hidden: 0 }, 'trainCopyTask')).toThrow(
      'trainCopyTask: argument config.hidden must be a positive integer, got 0',
    );
    expect(() => validateConfig({ ...gradedConfig(1), learningRate: Number.NaN }, 'f')).toThrow(/config.learningRate/);
    expect(() => validateConfig({ ...gradedConfig(1), init: 'zeros' }, 'f')).toThrow(/config.init/);
    expect(() => validateConfig(null, 'f')).toThrow('f: argument config must be a CopyTaskConfig object, got null');
    expect(() => validateConfig(gradedConfig(42), 'f')).not.toThrow();
  });
});
