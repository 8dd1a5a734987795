import { describe, expect, it } from 'vitest';
import { MISTAKES, mistakeById } from '../../grader/mistakes/catalogue';
import { formatRows, measureMistake, measureRecognition } from '../../grader/mistakes/measure';
import { recogniseMistake } from '../../grader/mistakes/recognise';
import { loadReference, loadTreeModule } from '../../grader/mistakes/variants';
import { Random } from '../../lib/random';
import type { LstmParams } from '../../lib/types';

const SAMPLES = 50;

/** A plain-JSON copy: typed arrays become number arrays, as in results.json. */
const asPlain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));

function randomParams(rng: Random, H: number, D: number): LstmParams {
  const gate = () => ({ W: rng.matrix(H, H + D, -2, 2), b: rng.vector(H, -1, 1) });
  return { forget: gate(), input: gate(), candidate: gate(), output: gate() };
}

describe('recogniseMistake on the mistake\'s own function', () => {
  const rows = measureRecognition(SAMPLES);
  it('prints the per-mistake recognition rate', () => {
    console.log(formatRows(rows));
    expect(rows).toHaveLength(MISTAKES.length);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s: named on ≥ 80% of inputs where it shows, never for the reference', (_, row) => {
    expect(row.differing).toBe(SAMPLES);
    expect(row.rate).toBeGreaterThanOrEqual(0.8);
    expect(row.falsePositives).toBe(0);
  });
});

describe('recogniseMistake through later exercises', () => {
  // A mistake in the student's earlier code shows in every later exercise that calls it.
  it.each([
    ['sigmoid-derivative-as-sigmoid', 'forget-gate', 'forgetGateBackward'],
    ['tanh-derivative-one-minus-tanh', 'candidate', 'candidateBackward'],
    ['affine-x-before-h', 'output-gate', 'outputGate'],
    ['hidden-state-without-tanh', 'lstm-cell', 'lstmCellForward'],
    ['forget-gate-backward-skips-sigmoid', 'lstm-cell', 'lstmCellBackward'],
    ['cell-state-dcprev-missing-forget', 'lstm-sequence', 'lstmBackward'],
    ['lstm-cell-drops-dc-through-h', 'lstm-sequence', 'lstmBackward'],
  ] as const)('%s seen through %s.%s', (id, exercise, fn) => {
    const row = measureMistake(mistakeById(id), 20, 99, exercise, fn);
    expect(row.differing).toBe(20);
    expect(row.rate).toBeGreaterThanOrEqual(0.8);
    expect(row.falsePositives).toBe(0);
  });
});

describe('recogniseMistake details', () => {
  const rng = new Random(3);
  const H = 3;
  const D = 2;
  const params = randomParams(rng, H, D);
  const hPrev = rng.vector(H);
  const cPrev = rng.vector(H, -2, 2);
  const x = rng.vector(D);

  it('names h = o ⊙ C from a JSON copy of the output, with name and hint', () => {
    const args = [params, hPrev, cPrev, x];
    const actual = loadTreeModule('hidden-state-without-tanh', 'lstm-cell').lstmCellForward(...structuredClone(args));
    const named = recogniseMistake({ exercise: 'lstm-cell', fn: 'lstmCellForward', args, actual: asPlain(actual) });
    expect(named).toEqual({
      id: 'hidden-state-without-tanh',
      name: mistakeById('hidden-state-without-tanh').name,
      hint: mistakeById('hidden-state-without-tanh').hint,
    });
  });

  it('accepts arguments as plain JSON, as a report counterexample stores them', () => {
    const args = [params, hPrev, cPrev, x];
    const actual = loadTreeModule('cell-state-gates-swapped', 'lstm-cell').lstmCellForward(...structuredClone(args));
    const named = recogniseMistake({ exercise: 'lstm-cell', fn: 'lstmCellForward', args: asPlain(args) as unknown[], actual: asPlain(actual) });
    expect(named?.id).toBe('cell-state-gates-swapped');
  });

  it('names an in-place change only from argsAfter, and not when the arguments are untouched', () => {
    const s = new Float64Array([0.2, 0.5, 0.9]);
    const ds = new Float64Array([1, -2, 3]);
    const args = [s, ds];
    const expected = loadReference('activations').sigmoidBackward(...structuredClone(args));
    const changed = [s, Float64Array.from(ds, (v, k) => v * s[k] * (1 - s[k]))];
    expect(recogniseMistake({ exercise: 'activations', fn: 'sigmoidBackward', args, actual: expected, argsAfter: changed })?.id).toBe(
      'sigmoid-backward-changes-ds',
    );
    expect(recogniseMistake({ exercise: 'activations', fn: 'sigmoidBackward', args, actual: expected, argsAfter: args })).toBeUndefined();
    expect(recogniseMistake({ exercise: 'activations', fn: 'sigmoidBackward', args, actual: expected })).toBeUndefined();
  });

  it('still names a value mistake when the submission also changes its arguments', () => {
    const s = new Float64Array([0.2, 0.5]);
    const ds = new Float64Array([1, -2]);
    const args = [s, ds];
    const scrambled = [s, new Float64Array([7, 7])];
    const named = recogniseMistake({
      exercise: 'activations',
      fn: 'sigmoidBackward',
      args,
      actual: new Float64Array([0.2, -1]),
      argsAfter: scrambled,
    });
    expect(named?.id).toBe('sigmoid-derivative-as-sigmoid');
  });

  it('returns undefined for an output no variant explains', () => {
    const args = [params, hPrev, cPrev, x];
    const actual = loadReference('lstm-cell').lstmCellForward(...structuredClone(args)) as { h: Float64Array };
    actual.h[0] += 0.5;
    expect(recogniseMistake({ exercise: 'lstm-cell', fn: 'lstmCellForward', args, actual })).toBeUndefined();
    expect(recogniseMistake({ exercise: 'lstm-cell', fn: 'lstmCellForward', args, actual: 'not even numbers' })).toBeUndefined();
  });

  it('names a mistake of an earlier exercise seen through a later one', () => {
    const args = [params.forget, hPrev, x];
    const actual = loadTreeModule('affine-missing-bias', 'forget-gate').forgetGate(...structuredClone(args));
    expect(recogniseMistake({ exercise: 'forget-gate', fn: 'forgetGate', args, actual })?.id).toBe('affine-missing-bias');
  });

  it('prefers the mistake of the exercise under test when an earlier one gives the same output', () => {
    // With one step, a cell that ignores its upstream dc and a BPTT that ignores dcLast look alike.
    const xs = [x];
    const run = loadReference('lstm-sequence').lstmForward(params, xs, hPrev, cPrev) as { caches: unknown[] };
    const dh = rng.vector(H);
    const dcLast = rng.vector(H);
    const args = [params, run.caches, [dh], dcLast];
    const viaCell = loadTreeModule('lstm-cell-ignores-upstream-dc', 'lstm-sequence').lstmBackward(...structuredClone(args));
    const viaSequence = loadTreeModule('bptt-ignores-dclast', 'lstm-sequence').lstmBackward(...structuredClone(args));
    expect(asPlain(viaCell)).toEqual(asPlain(viaSequence));
    expect(recogniseMistake({ exercise: 'lstm-sequence', fn: 'lstmBackward', args, actual: viaCell })?.id).toBe('bptt-ignores-dclast');
    // Asked about the cell itself, the cell's mistake is the one named.
    const cellArgs = [params, run.caches[0], dh, dcLast];
    const cellActual = loadTreeModule('lstm-cell-ignores-upstream-dc', 'lstm-cell').lstmCellBackward(...structuredClone(cellArgs));
    expect(recogniseMistake({ exercise: 'lstm-cell', fn: 'lstmCellBackward', args: cellArgs, actual: cellActual })?.id).toBe(
      'lstm-cell-ignores-upstream-dc',
    );
  });

  it('rejects a malformed query, naming the argument and the function', () => {
    const base = { args: [], actual: null };
    expect(() => recogniseMistake({ ...base, exercise: 'copy-task', fn: 'x' })).toThrow(/recogniseMistake: argument query.exercise/);
    // @ts-expect-error an unknown exercise id on purpose
    expect(() => recogniseMistake({ ...base, exercise: 'nope', fn: 'x' })).toThrow(/argument query.exercise/);
    expect(() => recogniseMistake({ ...base, exercise: 'affine', fn: 'sigmoid' })).toThrow(/argument query.fn must be an export of affine/);
    expect(() => recogniseMistake({ ...base, exercise: 'affine', fn: 'toString' })).toThrow(/argument query.fn/);
    // @ts-expect-error args must be an array
    expect(() => recogniseMistake({ exercise: 'affine', fn: 'affine', args: 1, actual: null })).toThrow(/argument query.args/);
    expect(() => recogniseMistake({ exercise: 'affine', fn: 'affine', args: [1], actual: null, argsAfter: [] })).toThrow(
      /argument query.argsAfter/,
    );
  });

  it('answers a failing query quickly once the variants are loaded', () => {
    const rngT = new Random(11);
    const p = randomParams(rngT, 5, 5);
    const xs = Array.from({ length: 6 }, () => rngT.vector(5));
    const run = loadReference('lstm-sequence').lstmForward(p, xs, rngT.vector(5), rngT.vector(5)) as { caches: unknown[] };
    const args = [p, run.caches, xs.map(() => rngT.vector(5)), rngT.vector(5)];
    const actual = loadTreeModule('bptt-grads-overwritten', 'lstm-sequence').lstmBackward(...structuredClone(args));
    recogniseMistake({ exercise: 'lstm-sequence', fn: 'lstmBackward', args, actual });
    const started = performance.now();
    const named = recogniseMistake({ exercise: 'lstm-sequence', fn: 'lstmBackward', args, actual });
    const elapsed = performance.now() - started;
    console.log(`recogniseMistake on lstmBackward (H = D = 5, T = 6): ${elapsed.toFixed(1)} ms`);
    expect(named?.id).toBe('bptt-grads-overwritten');
  });
});
