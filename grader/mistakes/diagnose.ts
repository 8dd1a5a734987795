/**
 * The diagnosis of a function whose answers are wrong: the student's function is called on the
 * generic probes (probes.ts) through the runner, then each failing output field is explained by a
 * catalogued mistake (recognise.ts) or, failing that, by a generic finding (findings.ts), or left
 * without a name: a wrong name is worse than none.
 */
import type { PairRun } from '../checks/pair-run';
import type { Diagnosis } from '../model';
import { REFERENCE } from '../course';
import { behave, probeArgsFor, type AnswerSource, type Behaviour } from './answers';
import { MODERATE_PROBES } from './probes';
import { fieldShapes } from './fields';
import { findRelation, quantitiesOf } from './findings';
import { behaviourFields, recognise } from './recognise';

/** The number of steps of a sequence call: the length of its first list of vectors or caches. */
function stepsOf(args: unknown[]): number {
  const list = args.find((a) => Array.isArray(a) && a.length > 0 && typeof a[0] === 'object');
  return Array.isArray(list) ? list.length : 0;
}

export async function diagnose(pair: PairRun, fn: string, answers: AnswerSource | undefined): Promise<Diagnosis | undefined> {
  const { spec, exercise } = pair;
  const isForward = fn === spec.forward;
  const argNames = isForward ? spec.forwardArgNames : spec.backwardArgNames;
  const args = answers ? answers.probeArgs(fn) : probeArgsFor(fn);
  // The expected answers: the answer key's (or its recording); a forward's the reference library's own.
  const reference: Behaviour[] | undefined = answers
    ? answers.reference(fn)
    : isForward
      ? args.map((a) => behave(REFERENCE, fn, a)!)
      : undefined;
  if (!reference) return undefined;
  const outcomes = await pair.runner.callMany(
    exercise.folder,
    fn,
    args.map((a) => structuredClone(a)),
  );
  const student: Behaviour[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return undefined;
    student.push({ value: outcome.value, argsAfter: outcome.argsAfter });
  }
  const recognition = recognise({
    exercise: exercise.id,
    fn,
    argNames,
    student,
    reference,
    variant: (id) => (answers ? answers.variant(id, fn) : []),
  });
  if (recognition.failingFields.length === 0) return undefined;
  const studentFields = student.map((b) => behaviourFields(b, argNames));
  const expectedFields = reference.map((b) => behaviourFields(b, argNames));
  const byRelation = new Map<string, string[]>();
  // A forward's expected answer is a quantity too (its other fields help explain one wrong field);
  // a backward gets what its course module knows of the step (the forward's output, totals…),
  // recorded with the answers in the student template, which ships without that code.
  const recordedQuantities = isForward ? undefined : answers?.quantities?.(fn);
  const quantities = args.map((a, k) =>
    quantitiesOf(
      a,
      argNames,
      isForward ? { [spec.outputName]: reference[k].value } : (recordedQuantities?.[k] ?? spec.diagnosticQuantities?.(a) ?? {}),
    ),
  );
  const shapes = reference.map((b) => fieldShapes(b.value));
  for (const field of recognition.unexplained.filter((f) => !f.startsWith('arguments.'))) {
    if (studentFields.some((f, k) => f.get(field)?.length !== expectedFields[k].get(field)?.length)) continue;
    const text = findRelation(
      {
        field,
        student: studentFields.map((f) => f.get(field)!),
        expected: expectedFields.map((f) => f.get(field)!),
        // A field is not related to its own expected value as a "quantity".
        quantities: quantities.map((m) => new Map([...m].filter(([name]) => name !== field && name !== field.split('.').at(-1)))),
        shapes: shapes.map((m) => m.get(field) ?? {}),
        steps: args.map(stepsOf),
      },
      MODERATE_PROBES,
    );
    // Fields with the same relation are told together: "Each of your dW and db has …".
    if (text)
      byRelation.set(text.slice(`Your ${field === '' ? 'result' : field}`.length), [
        ...(byRelation.get(text.slice(`Your ${field === '' ? 'result' : field}`.length)) ?? []),
        field,
      ]);
  }
  const findings: Diagnosis['findings'] = [...byRelation].map(([rest, fields]) => ({
    fields,
    text: fields.length === 1 ? `Your ${fields[0] === '' ? 'result' : fields[0]}${rest}` : `Each of your ${fields.join(', ')}${rest}`,
  }));
  return { fn, failingFields: recognition.failingFields, named: recognition.named, oneOf: recognition.oneOf, findings };
}
