/**
 * Names the catalogued mistakes behind a function's wrong answers (DESIGN.md section 4), field by
 * field, on the generic probes (probes.ts). A wrong name is worse than no name, so:
 *
 * - a field is failing when the student's answer differs from the reference's at some probe;
 * - a mistake explains a failing field when its variant equals the student's answer on that field
 *   at every probe;
 * - a mistake is only considered when it is consistent: on every field where the student agrees
 *   with the reference, its variant agrees too (a variant that predicts a difference the student
 *   does not have is not the student's mistake);
 * - mistakes are chosen greedily, the one explaining the most failing fields first; when two
 *   explain the same fields, both are given ("one of"), never one picked at random.
 *
 * Candidates are the mistakes of the function's exercise and of the earlier exercises it calls,
 * because a submission's exercise runs on the student's own earlier code.
 */
import { exerciseById, MISTAKES, type ExerciseId } from '../course';
import type { NamedMistake } from '../model';
import type { Behaviour } from './answers';
import { valuesMatch } from './compare';
import { fieldsOf, type Fields } from './fields';

/** The argument fields of a behaviour are named `arguments.<name>` (a change made in place). */
export function behaviourFields(behaviour: Behaviour, argNames: readonly string[]): Fields {
  const fields = fieldsOf(behaviour.value);
  behaviour.argsAfter.forEach((arg, k) => {
    for (const [name, numbers] of fieldsOf(arg)) fields.set(`arguments.${argNames[k] ?? k}${name === '' ? '' : `.${name}`}`, numbers);
  });
  return fields;
}

/** Field → at how many probes the two sets of fields agree on it (every field of either side). */
function agreement(a: Fields[], b: Fields[]): Map<string, boolean> {
  const agree = new Map<string, boolean>();
  a.forEach((fa, k) => {
    for (const name of new Set([...fa.keys(), ...b[k].keys()])) {
      const ok = fa.has(name) && b[k].has(name) && valuesMatch(fa.get(name), b[k].get(name));
      agree.set(name, (agree.get(name) ?? true) && ok);
    }
  });
  return agree;
}

export interface Recognition {
  /** Fields where the student differs from the reference at some probe. */
  failingFields: string[];
  /** Catalogued mistakes, each with the failing fields it explains. */
  named: (NamedMistake & { fields: string[] })[];
  /** Failing fields that two or more catalogued mistakes explain equally well. */
  oneOf: { fields: string[]; mistakes: NamedMistake[] }[];
  /** Failing fields no catalogued mistake explains. */
  unexplained: string[];
}

export interface RecogniseQuery {
  exercise: ExerciseId;
  fn: string;
  argNames: readonly string[];
  /** The student's behaviour at each probe. */
  student: Behaviour[];
  reference: Behaviour[];
  /** A catalogued mistake's behaviour at each probe (undefined where its variant throws). */
  variant(mistakeId: string): (Behaviour | undefined)[];
}

/** The mistakes of the exercise and of those it builds on, in course order from the nearest back. */
export function candidateMistakes(exercise: ExerciseId): typeof MISTAKES {
  const allowed = new Set<string>([exercise, ...exerciseById(exercise).dependsOn]);
  return MISTAKES.filter((m) => allowed.has(m.exercise));
}

export function recognise(query: RecogniseQuery): Recognition {
  const student = query.student.map((b) => behaviourFields(b, query.argNames));
  const reference = query.reference.map((b) => behaviourFields(b, query.argNames));
  const studentVsReference = agreement(student, reference);
  const failingFields = [...studentVsReference].filter(([, ok]) => !ok).map(([name]) => name);
  const explains = new Map<string, Set<string>>();
  for (const mistake of candidateMistakes(query.exercise)) {
    const behaviours = query.variant(mistake.id);
    if (behaviours.length !== student.length || behaviours.some((b) => b === undefined)) continue;
    const variant = behaviours.map((b) => behaviourFields(b!, query.argNames));
    const variantVsStudent = agreement(variant, student);
    const variantVsReference = agreement(variant, reference);
    const consistent = [...studentVsReference].every(([name, studentAgrees]) => !studentAgrees || variantVsReference.get(name) === true);
    if (!consistent) continue;
    const fields = failingFields.filter((name) => variantVsStudent.get(name) === true);
    if (fields.length > 0) explains.set(mistake.id, new Set(fields));
  }
  const named: Recognition['named'] = [];
  const oneOf: Recognition['oneOf'] = [];
  const uncovered = new Set(failingFields);
  const byId = new Map(MISTAKES.map((m) => [m.id, m]));
  const describe = (id: string): NamedMistake => ({ id, name: byId.get(id)!.name, hint: byId.get(id)!.hint });
  for (;;) {
    const gains = [...explains]
      .map(([id, fields]) => ({ id, fields: [...fields].filter((f) => uncovered.has(f)) }))
      .filter((g) => g.fields.length > 0);
    if (gains.length === 0) break;
    const best = Math.max(...gains.map((g) => g.fields.length));
    const top = gains.filter((g) => g.fields.length === best);
    const fields = top[0].fields;
    const tied = top.filter((g) => g.fields.join('\n') === fields.join('\n'));
    if (tied.length === 1) named.push({ ...describe(tied[0].id), fields });
    else oneOf.push({ fields, mistakes: tied.map((g) => describe(g.id)) });
    for (const f of fields) uncovered.delete(f);
  }
  return { failingFields, named, oneOf, unexplained: failingFields.filter((f) => uncovered.has(f)) };
}
