/**
 * The academic-honesty check: a backward pass computed by finite differences of the student's own
 * forward (never derived) passes every gradient check within tolerance. It is told apart by how
 * closely it agrees with the reference's analytic gradients on the generic probes: a derived
 * backward agrees to rounding (relative errors around 1e-16, 1e-14 at worst), finite differences
 * only to their own error (around 1e-10). Runs once, on the probes, not as a property.
 */
import { formatNumber } from '../../format';
import { fieldsOf } from '../../mistakes/fields';
import { CheckFailure } from '../failure';
import type { CheckKind } from './types';

/** A gradient entry is "numerical" when it is off by more than this, relative to its size. */
export const NUMERICAL_ERROR = 1e-11;
/** Entries smaller than this fraction of the field's largest are left out (their relative error says nothing). */
const SMALL = 1e-6;

/** The median relative error of the student's gradients against the reference's, over every entry that is not tiny. */
export function medianRelativeError(student: unknown, reference: unknown): number | undefined {
  const errors: number[] = [];
  const ours = fieldsOf(reference);
  const theirs = fieldsOf(student);
  for (const [name, expected] of ours) {
    const actual = theirs.get(name);
    if (!actual || actual.length !== expected.length) return undefined;
    const scale = Math.max(...expected.map(Math.abs));
    expected.forEach((e, k) => {
      if (Math.abs(e) > SMALL * scale && Math.abs(e) > 1e-12) errors.push(Math.abs(actual[k] - e) / Math.abs(e));
    });
  }
  if (errors.length === 0) return undefined;
  errors.sort((a, b) => a - b);
  return errors[Math.floor(errors.length / 2)];
}

export const backwardDerived: CheckKind = {
  kind: 'backward-derived',
  about: 'backward',
  title: (spec) => `${spec.backward} derives its gradients (it does not compute them by finite differences)`,
  uses: (spec) => [spec.backward],
  extreme: false,
  once: true,
  async run(pair) {
    const { spec } = pair;
    if (!pair.answers) throw new Error(`backward-derived: no reference answers to compare ${spec.backward} with`);
    const args = pair.answers.probeArgs(spec.backward);
    const reference = pair.answers.reference(spec.backward);
    // The moderate probes only: at saturated values every gradient is tiny and says nothing.
    const moderate = args.slice(0, 3);
    const outcomes = await pair.runner.callMany(
      pair.exercise.folder,
      spec.backward,
      moderate.map((a) => structuredClone(a)),
    );
    const medians: number[] = [];
    outcomes.forEach((outcome, k) => {
      if (!outcome.ok) throw new CheckFailure(outcome.fault.message, outcome.fault, { fn: spec.backward });
      const median = medianRelativeError(outcome.value, reference[k].value);
      if (median !== undefined) medians.push(median);
    });
    // Wrong gradients are the gradient check's business; only answers that are right to within
    // the tolerance but never to rounding are numerical.
    const within = medians.every((m) => m < pair.passRule.gradient.rtol);
    if (medians.length > 0 && within && medians.every((m) => m > NUMERICAL_ERROR)) {
      throw new CheckFailure(
        `${spec.backward}'s gradients agree with the analytic ones only to about ${formatNumber(Math.min(...medians))} (relative), ` +
          'the accuracy of finite differences, where a derived backward pass agrees to rounding (about 1e-16): derive it with the chain rule ' +
          'instead of computing it numerically from the forward pass.',
      );
    }
  },
};
