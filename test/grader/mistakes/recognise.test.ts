/**
 * Naming catalogued mistakes field by field on the generic probes: every variant of the answer key
 * is named when a student's function behaves exactly like it, nothing is named for the reference,
 * a candidate that predicts a difference the student does not have is never named, and a second,
 * uncatalogued bug in another field leaves the first one named.
 */
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../../grader/answer-key';
import { CODE_EXERCISES, MISTAKES, type ExerciseId } from '../../../grader/course';
import { behave, liveAnswers, pairOf, type Behaviour } from '../../../grader/mistakes/answers';
import { candidateMistakes, recognise } from '../../../grader/mistakes/recognise';
import type { Library } from '../../../grader/reference/library';

const answers = liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary });

function studentLike(library: Library, fn: string): Behaviour[] {
  return answers.probeArgs(fn).map((args) => behave(library, fn, args)!);
}

function recogniseAs(exercise: ExerciseId, fn: string, student: Behaviour[]) {
  const { spec } = pairOf(fn);
  return recognise({
    exercise,
    fn,
    argNames: fn === spec.forward ? spec.forwardArgNames : spec.backwardArgNames,
    student,
    reference: answers.reference(fn),
    variant: (id) => answers.variant(id, fn),
  });
}

describe("recognise on the mistake's own function", () => {
  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s is named, and nothing else', (id, mistake) => {
    const recognition = recogniseAs(mistake.exercise, mistake.fn, studentLike(variantLibrary(id), mistake.fn));
    expect(recognition.failingFields.length).toBeGreaterThan(0);
    const named = recognition.named.map((m) => m.id);
    const tied = recognition.oneOf.flatMap((t) => t.mistakes.map((m) => m.id));
    expect([...named, ...tied]).toContain(id);
    expect(named.filter((n) => n !== id)).toEqual([]);
    expect(recognition.unexplained).toEqual([]);
  });
});

describe('recognise through the later exercises that call a mistake', () => {
  const cases = MISTAKES.flatMap((m) =>
    CODE_EXERCISES.filter((e) => e.dependsOn.includes(m.exercise)).flatMap((e) =>
      Object.keys(e.exports).map((fn) => [m.id, e.id, fn] as const),
    ),
  );
  it('names the mistake, or nothing, but never another one', () => {
    let named = 0;
    let shown = 0;
    for (const [id, exercise, fn] of cases) {
      const recognition = recogniseAs(exercise, fn, studentLike(variantLibrary(id), fn));
      if (recognition.failingFields.length === 0) continue;
      shown++;
      const ids = [...recognition.named.map((m) => m.id), ...recognition.oneOf.flatMap((t) => t.mistakes.map((m) => m.id))];
      expect(recognition.named.filter((m) => m.id !== id).map((m) => `${id} via ${fn}: ${m.id}`)).toEqual([]);
      if (ids.includes(id)) named++;
    }
    expect(shown).toBeGreaterThan(80);
    expect(named / shown).toBeGreaterThan(0.95);
  });
});

describe('recognise details', () => {
  it('names nothing for the reference itself', () => {
    for (const exercise of CODE_EXERCISES) {
      for (const fn of Object.keys(exercise.exports)) {
        const recognition = recogniseAs(exercise.id, fn, studentLike(FULL_REFERENCE, fn));
        expect(recognition, fn).toEqual({ failingFields: [], named: [], oneOf: [], unexplained: [] });
      }
    }
  });

  it('names a mistake for the fields it explains when another field has a bug of its own', () => {
    // BPTT that drops the dc carry and also returns dc0 as zeros.
    const student = studentLike(variantLibrary('bptt-drops-dc-carry'), 'lstmBackward').map((b) => ({
      ...b,
      value: { ...(b.value as object), dc0: new Float64Array((b.value as { dc0: Float64Array }).dc0.length) },
    }));
    const recognition = recogniseAs('lstm-sequence', 'lstmBackward', student);
    expect(recognition.named.map((m) => m.id)).toEqual(['bptt-drops-dc-carry']);
    expect(recognition.named[0].fields).toContain('grads.forget.dW');
    expect(recognition.named[0].fields).not.toContain('dc0');
    expect(recognition.unexplained).toEqual(['dc0']);
  });

  it('does not name a mistake that predicts a difference the student does not have', () => {
    // Only dW of the forget gate is wrong, as if only its steps were overwritten: no catalogued mistake is that.
    const reference = studentLike(FULL_REFERENCE, 'lstmBackward');
    const overwritten = studentLike(variantLibrary('bptt-grads-overwritten'), 'lstmBackward');
    const student = reference.map((b, k) => {
      const value = structuredClone(b.value) as { grads: { forget: unknown } };
      value.grads.forget = (overwritten[k].value as { grads: { forget: unknown } }).grads.forget;
      return { ...b, value };
    });
    const recognition = recogniseAs('lstm-sequence', 'lstmBackward', student);
    expect(recognition.failingFields.sort()).toEqual(['grads.forget.dW', 'grads.forget.db']);
    expect(recognition.named).toEqual([]);
    expect(recognition.unexplained.sort()).toEqual(['grads.forget.dW', 'grads.forget.db']);
  });

  it('offers the mistakes of the exercise and of those it builds on, nothing later', () => {
    const ids = candidateMistakes('forget-gate').map((m) => m.exercise);
    expect(new Set(ids)).toEqual(new Set(['forget-gate', 'activations', 'affine']));
  });
});
