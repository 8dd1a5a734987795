/**
 * The answer key against the course and against the teaching solutions: every catalogued mistake
 * has an in-memory variant and every variant a catalogued mistake; each variant behaves exactly
 * like the solutions with that mistake patched in (test/fixtures/mistake-patches.ts), on the
 * mistake's own function and on random cases of it; and no variant is a no-op.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSWER_KEYS, FULL_REFERENCE, variantLibrary } from '../../../grader/answer-key';
import { activationsKey } from '../../../grader/answer-key/01-activations';
import { affineKey } from '../../../grader/answer-key/02-affine';
import { cellStateKey } from '../../../grader/answer-key/06-cell-state';
import { outputGateExerciseKey } from '../../../grader/answer-key/07-output-gate';
import { lstmCellKey } from '../../../grader/answer-key/08-lstm-cell';
import { lstmSequenceKey } from '../../../grader/answer-key/09-lstm-sequence';
import { readoutKey } from '../../../grader/answer-key/11-readout';
import { candidateKey, forgetGateKey, inputGateKey } from '../../../grader/answer-key/gates';
import type { AnswerKey } from '../../../grader/answer-key/types';
import { extremeValue, gridValue } from '../../../grader/checks/arbitraries';
import { CODE_EXERCISES, MISTAKES, mistakeById } from '../../../grader/course';
import { valuesMatch } from '../../../grader/mistakes/compare';
import { behave } from '../../../grader/mistakes/answers';
import { createDirectRunner } from '../../../grader/sandbox/direct-runner';
import type { Runner } from '../../../grader/sandbox/types';
import { applyPatch, buildMistakeSubmission, MISTAKE_PATCHES } from '../../fixtures/mistake-patches';

describe('the catalogue of mistakes', () => {
  it('holds at least 24 mistakes with unique kebab-case ids', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(24);
    const ids = MISTAKES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('keeps the mistakes the course promises to recognise (DESIGN.md section 4)', () => {
    const required = [
      'sigmoid-derivative-as-sigmoid',
      'tanh-derivative-one-minus-tanh',
      'sigmoid-backward-treats-s-as-z',
      'sigmoid-naive-overflow',
      'tanh-naive-exponentials',
      'affine-x-before-h',
      'affine-missing-bias',
      'affine-db-zeros',
      'affine-backward-split-wrong',
      'forget-gate-backward-skips-sigmoid',
      'forget-gate-tanh',
      'output-gate-tanh',
      'candidate-sigmoid',
      'candidate-backward-sigmoid-derivative',
      'cell-state-dcprev-missing-forget',
      'cell-state-df-di-swapped',
      'hidden-state-without-tanh',
      'hidden-state-backward-missing-tanh-derivative',
      'lstm-cell-drops-dc-through-h',
      'lstm-cell-dhprev-one-gate',
      'lstm-cell-ignores-upstream-dc',
      'bptt-grads-overwritten',
      'bptt-drops-dh-carry',
      'bptt-drops-dc-carry',
      'bptt-ignores-dclast',
      'sigmoid-backward-changes-ds',
      'lstm-forward-changes-h0-c0',
    ];
    const ids = new Set(MISTAKES.map((m) => m.id));
    expect(required.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('has at least two mistakes for every exercise with code, each naming an export and with a hint', () => {
    for (const exercise of CODE_EXERCISES) {
      expect(exercise.mistakes.length, exercise.id).toBeGreaterThanOrEqual(2);
      for (const m of exercise.mistakes) {
        expect(Object.keys(exercise.exports), m.id).toContain(m.fn);
        expect(m.name.length, m.id).toBeGreaterThan(10);
        expect(m.name.length, m.id).toBeLessThanOrEqual(100);
        expect(m.hint.length, m.id).toBeGreaterThan(40);
      }
    }
  });

  it('has one variant per mistake in the answer key, and no variant without a mistake', () => {
    const variants = Object.entries(ANSWER_KEYS).flatMap(([exercise, key]) => Object.keys(key!.variants).map((id) => `${exercise}/${id}`));
    expect(variants.sort()).toEqual(MISTAKES.map((m) => `${m.exercise}/${m.id}`).sort());
  });

  it('mistakeById rejects an unknown id with the argument named', () => {
    expect(() => mistakeById('no-such-mistake')).toThrow(/mistakeById: argument mistakeId "no-such-mistake"/);
  });
});

describe('each variant behaves like the solutions with the mistake patched in', () => {
  const runners: Runner[] = [];
  afterAll(() => Promise.all(runners.map((r) => r.close())));

  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s', async (id, mistake) => {
    const exercise = CODE_EXERCISES.find((e) => e.id === mistake.exercise)!;
    const runner = createDirectRunner(buildMistakeSubmission(id));
    runners.push(runner);
    const variant = variantLibrary(id);
    let differs = 0;
    for (const pair of exercise.pairs.filter((p) => p.forward === mistake.fn || p.backward === mistake.fn)) {
      const cases = [
        ...fc.sample(pair.arbitrary(gridValue), { seed: 11, numRuns: 20 }),
        ...fc.sample(pair.arbitrary(extremeValue), { seed: 12, numRuns: 10 }),
      ];
      for (const c of cases) {
        const forwardArgs = pair.forwardArgs(c);
        const args =
          mistake.fn === pair.forward ? forwardArgs : pair.backwardArgs(c, FULL_REFERENCE[pair.forward](...structuredClone(forwardArgs)));
        const patched = await runner.call(exercise.folder, mistake.fn, structuredClone(args));
        const inMemory = behave(variant, mistake.fn, args);
        expect(patched.ok && inMemory !== undefined).toBe(true);
        if (!patched.ok || inMemory === undefined) return;
        expect(valuesMatch(inMemory.value, patched.value), 'output').toBe(true);
        expect(valuesMatch(inMemory.argsAfter, patched.argsAfter), 'arguments after the call').toBe(true);
        const reference = behave(FULL_REFERENCE, mistake.fn, args)!;
        if (!valuesMatch(reference.value, inMemory.value) || !valuesMatch(reference.argsAfter, inMemory.argsAfter)) differs++;
      }
    }
    expect(differs, 'cases where the variant differs from the reference').toBeGreaterThan(0);
  });
});

describe('the patches of the test fixtures', () => {
  it('applyPatch names the mistake and the step when a find is missing or repeated', () => {
    expect(() => applyPatch('nothing to see', 'affine-missing-bias')).toThrow(/step 0 of mistake affine-missing-bias .* found it 0 times/);
    expect(() => applyPatch('let sum = b[r]; let sum = b[r];', 'affine-missing-bias')).toThrow(/found it 2 times/);
    expect(() => applyPatch('x', 'no-such-mistake')).toThrow(/applyPatch: argument mistakeId "no-such-mistake" has no patch/);
  });

  it('covers every catalogued mistake', () => {
    expect(Object.keys(MISTAKE_PATCHES).sort()).toEqual(MISTAKES.map((m) => m.id).sort());
  });
});

describe('ANSWER_KEYS', () => {
  const keys: [string, AnswerKey][] = [
    ['activations', activationsKey],
    ['affine', affineKey],
    ['forget-gate', forgetGateKey],
    ['input-gate', inputGateKey],
    ['candidate', candidateKey],
    ['cell-state', cellStateKey],
    ['output-gate', outputGateExerciseKey],
    ['lstm-cell', lstmCellKey],
    ['lstm-sequence', lstmSequenceKey],
    ['readout', readoutKey],
  ];

  it('maps every code exercise, in course order, to the key of its file', () => {
    expect(Object.keys(ANSWER_KEYS)).toEqual(CODE_EXERCISES.map((e) => e.id));
    expect(keys.map(([id]) => id)).toEqual(CODE_EXERCISES.map((e) => e.id));
    for (const [id, key] of keys) expect(ANSWER_KEYS[id as keyof typeof ANSWER_KEYS], id).toBe(key);
  });

  it('gives each exercise exactly the backward passes of its pairs', () => {
    for (const exercise of CODE_EXERCISES) {
      expect(Object.keys(ANSWER_KEYS[exercise.id]!.backward).sort(), exercise.id).toEqual(exercise.pairs.map((p) => p.backward).sort());
    }
  });

  it("builds the full reference from the course's forward passes and the keys' backward passes", () => {
    const exports = CODE_EXERCISES.flatMap((e) => Object.keys(e.exports)).sort();
    expect(Object.keys(FULL_REFERENCE).sort()).toEqual(exports);
    expect(() => variantLibrary('no-such-mistake')).toThrow(/mistakeById: argument mistakeId "no-such-mistake" is not in the catalogue/);
    expect(variantLibrary('forget-gate-tanh')).toBe(variantLibrary('forget-gate-tanh'));
  });
});
