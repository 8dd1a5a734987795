/**
 * The diagnosis of a function with wrong answers, on the generic probes through the runner: a
 * catalogued mistake is named when the student behaves like its variant; a wrong field no
 * catalogued mistake explains gets a generic finding; the reference gets no diagnosis, and neither
 * does a student whose function faults on a probe (nothing to compare).
 */
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../../grader/answer-key';
import { pairRun } from '../../../grader/checks/pair-run';
import { loadConfig } from '../../../grader/config';
import { mistakeById, REFERENCE, type ExerciseId } from '../../../grader/course';
import { liveAnswers, pairOf, type AnswerSource } from '../../../grader/mistakes/answers';
import { diagnose } from '../../../grader/mistakes/diagnose';
import type { Vector } from '../../../lib/types';
import { libraryRunner, type Behaviour } from '../../helpers/library-runner';

const config = loadConfig();
const answers = liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary });
/** The same answers without any catalogued mistake: what a grader knows of a mistake nobody catalogued. */
const noMistakes: AnswerSource = { ...answers, variant: () => [] };

function diagnoseStudent(fn: string, overrides: Record<string, Behaviour>, source: AnswerSource | undefined) {
  const { exercise, spec } = pairOf(fn);
  const runner = libraryRunner(FULL_REFERENCE, overrides);
  const pair = pairRun({
    exercise: exercise as typeof exercise & { id: ExerciseId },
    spec,
    runner,
    tolerance: config.tolerance,
    referenceForward: REFERENCE[spec.forward],
  });
  return { diagnosis: diagnose(pair, fn, source), runner };
}

const named = (id: string) => {
  const { name, hint } = mistakeById(id);
  return { id, name, hint };
};

/** cellStateBackward that passes dc straight back as dcPrev (the forget-gate factor left out). */
const dcPrevIsDc = (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => ({
  ...FULL_REFERENCE.cellStateBackward(f, cPrev, i, cTilde, dc),
  dcPrev: Float64Array.from(dc),
});

describe('diagnose', () => {
  it("names the catalogued mistake a student's function behaves like, for the fields it explains", async () => {
    const id = 'forget-gate-backward-skips-sigmoid';
    const { diagnosis, runner } = diagnoseStudent(
      'forgetGateBackward',
      { forgetGateBackward: variantLibrary(id).forgetGateBackward },
      answers,
    );
    expect(await diagnosis).toEqual({
      fn: 'forgetGateBackward',
      failingFields: ['dW', 'db', 'dhPrev', 'dx'],
      named: [{ ...named(id), fields: ['dW', 'db', 'dhPrev', 'dx'] }],
      oneOf: [],
      findings: [],
    });
    // The student's function is called once per probe, through the runner.
    expect(runner.calls).toEqual(['forgetGateBackward', 'forgetGateBackward', 'forgetGateBackward', 'forgetGateBackward']);
  });

  it('names the missing forget factor of a dcPrev that is dc', async () => {
    expect(await diagnoseStudent('cellStateBackward', { cellStateBackward: dcPrevIsDc }, answers).diagnosis).toEqual({
      fn: 'cellStateBackward',
      failingFields: ['dcPrev'],
      named: [{ ...named('cell-state-dcprev-missing-forget'), fields: ['dcPrev'] }],
      oneOf: [],
      findings: [],
    });
  });

  it('says "divided by f" of a dcPrev that is dc when no catalogued mistake explains it', async () => {
    expect(await diagnoseStudent('cellStateBackward', { cellStateBackward: dcPrevIsDc }, noMistakes).diagnosis).toEqual({
      fn: 'cellStateBackward',
      failingFields: ['dcPrev'],
      named: [],
      oneOf: [],
      findings: [{ fields: ['dcPrev'], text: 'Your dcPrev equals the expected value divided by f: a factor f is missing.' }],
    });
  });

  it('gives the reference no diagnosis', async () => {
    for (const fn of ['forgetGateBackward', 'cellStateBackward', 'lstmBackward', 'hiddenState']) {
      expect(await diagnoseStudent(fn, {}, answers).diagnosis, fn).toBeUndefined();
    }
  });

  it('gives no diagnosis when the function faults on a probe, even if its other answers are wrong', async () => {
    const faultsOnExtremes = (f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) => {
      if ([f, cPrev, i, cTilde, dc].some((v) => v.some((x) => Math.abs(x) >= 1000))) throw new Error('overflow');
      return dcPrevIsDc(f, cPrev, i, cTilde, dc);
    };
    expect(await diagnoseStudent('cellStateBackward', { cellStateBackward: faultsOnExtremes }, answers).diagnosis).toBeUndefined();
    expect(
      await diagnoseStudent('cellStateBackward', { cellStateBackward: { kind: 'timeout', message: 'too slow' } }, answers).diagnosis,
    ).toBeUndefined();
  });

  it('without answers, explains a forward against the reference forward without naming, and says nothing of a backward', async () => {
    const diagnosis = await diagnoseStudent(
      'hiddenState',
      { hiddenState: variantLibrary('hidden-state-without-tanh').hiddenState },
      undefined,
    ).diagnosis;
    expect(diagnosis).toEqual({
      fn: 'hiddenState',
      failingFields: [''],
      named: [],
      oneOf: [],
      findings: [{ fields: [''], text: 'Your result has c where the expected value has tanh(c).' }],
    });
    expect(await diagnoseStudent('cellStateBackward', { cellStateBackward: dcPrevIsDc }, undefined).diagnosis).toBeUndefined();
  });
});
