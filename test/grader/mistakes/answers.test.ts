/**
 * The answers a diagnosis compares with: computed live by the answer key's code, or recorded as
 * data for the student template (which ships no backward code). The recording gives back exactly
 * the live answers, typed arrays as Float64Array, for every function and every mistake that can
 * show in it.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../../grader/answer-key';
import { CODE_EXERCISES, MISTAKES } from '../../../grader/course';
import { behave, liveAnswers, pairOf, probeArgsFor, recordAnswers, recordedAnswers } from '../../../grader/mistakes/answers';

const live = liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary });
const json = recordAnswers(live);
const recorded = recordedAnswers(json);
const functions = CODE_EXERCISES.flatMap((e) => Object.keys(e.exports).map((fn) => [fn, e] as const));

/**
 * A deep copy with −0 written as 0 (JSON cannot tell them apart, and no comparison of answers
 * does), typed arrays tagged as such, and NaN and ±Infinity kept: those must survive.
 */
function zeroSigned(value: unknown): unknown {
  const number = (v: number) => (Object.is(v, -0) ? 0 : v);
  if (typeof value === 'number') return number(value);
  // As plain numbers under a tag: typed arrays compare byte by byte, and NaN's sign bit is not part of its value.
  if (value instanceof Float64Array) return { f64: Array.from(value, number) };
  if (Array.isArray(value)) return value.map(zeroSigned);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zeroSigned(v)]));
  return value;
}

describe('recordAnswers and recordedAnswers', () => {
  it('record plain JSON', () => {
    expect(typeof json).toBe('string');
    expect(Object.keys(JSON.parse(json) as object)).toEqual(functions.map(([fn]) => fn));
  });

  it.each(functions)('give back the live probe arguments and reference answers of %s', (fn) => {
    expect(zeroSigned(recorded.probeArgs(fn))).toStrictEqual(zeroSigned(live.probeArgs(fn)));
    expect(zeroSigned(recorded.reference(fn))).toStrictEqual(zeroSigned(live.reference(fn)));
  });

  it('give back the answers of every mistake of the exercise or of one it depends on', () => {
    const differing: string[] = [];
    let compared = 0;
    for (const [fn, exercise] of functions) {
      for (const mistake of MISTAKES.filter((m) => m.exercise === exercise.id || exercise.dependsOn.includes(m.exercise))) {
        compared++;
        if (!isDeepStrictEqual(zeroSigned(recorded.variant(mistake.id, fn)), zeroSigned(live.variant(mistake.id, fn))))
          differing.push(`${mistake.id} in ${fn}`);
      }
    }
    expect(compared).toBeGreaterThan(MISTAKES.length);
    expect(differing).toEqual([]);
  });

  it('bring typed arrays back as Float64Array', () => {
    const [gate, hPrev] = recorded.probeArgs('forgetGate')[0] as [{ W: { data: unknown }; b: unknown }, unknown];
    expect(gate.W.data).toBeInstanceOf(Float64Array);
    expect(gate.b).toBeInstanceOf(Float64Array);
    expect(hPrev).toBeInstanceOf(Float64Array);
    expect(recorded.reference('cellStateBackward')[0].value).toMatchObject({ dcPrev: expect.any(Float64Array) });
  });

  it('keep the NaN of a formula that overflows on the extreme probe: it is what names the mistake', () => {
    const extreme = (source: typeof live) => source.variant('sigmoid-naive-overflow', 'sigmoid')[3]!.value as Float64Array;
    expect(Array.from(extreme(live)).some(Number.isNaN)).toBe(true);
    expect(Array.from(extreme(recorded)).map(Number.isNaN)).toEqual(Array.from(extreme(live)).map(Number.isNaN));
  });

  it('read a variant recorded as null (it threw on that probe) as undefined', () => {
    const data = {
      affine: {
        args: [[{ f64: [1] }]],
        reference: [{ value: { f64: [2] }, argsAfter: [] }],
        variants: { m: [null, { value: { f64: [3] }, argsAfter: [] }] },
      },
    };
    const answers = recordedAnswers(JSON.stringify(data));
    expect(answers.variant('m', 'affine')).toStrictEqual([undefined, { value: Float64Array.of(3), argsAfter: [] }]);
    expect(answers.probeArgs('affine')).toStrictEqual([[Float64Array.of(1)]]);
  });

  it('hand out copies: changing an answer does not change the next one', () => {
    const first = recorded.probeArgs('sigmoid');
    (first[0][0] as Float64Array)[0] = 12345;
    expect(recorded.probeArgs('sigmoid')).toStrictEqual(live.probeArgs('sigmoid'));
  });

  it('reject a function that was not recorded, naming it, and know no answers of a mistake not recorded for a function', () => {
    expect(() => recorded.probeArgs('peephole')).toThrow(new RangeError('recordedAnswers: no recorded answers for "peephole"'));
    expect(recorded.variant('bptt-drops-dc-carry', 'sigmoid')).toEqual([]);
  });
});

describe('liveAnswers', () => {
  it("answer on the probe arguments: a forward's are the case's own, a backward's are built on the reference forward", () => {
    const { spec } = pairOf('cellStateBackward');
    expect(live.probeArgs('cellState')).toEqual(probeArgsFor('cellState'));
    expect(live.probeArgs('cellStateBackward')).toHaveLength(4);
    expect(live.reference('cellState')).toEqual(live.probeArgs('cellState').map((args) => behave(FULL_REFERENCE, 'cellState', args)));
    expect(spec.backward).toBe('cellStateBackward');
  });

  it('rejects an unknown function, naming the argument', () => {
    expect(() => pairOf('peephole')).toThrow(new RangeError('pairOf: argument fn "peephole" is not an export of any exercise'));
  });
});
