/**
 * Once fast-check has shrunk a failure, the smallest case is written out for the report: the
 * inputs by the forward's parameter names (and the upstream gradients of a backward), plus what
 * the failing case itself gathered (the answers, the gradients entry by entry).
 */
import { toPlain } from '../engine/tree';
import type { CheckResult, NamedValues } from '../model';
import type { CheckFailure } from './failure';
import type { PairSpec } from './types';

export function failureDetails(
  spec: PairSpec,
  fn: string,
  c: unknown,
  failure: CheckFailure,
): Pick<CheckResult, 'counterexample' | 'gradients'> {
  const forwardArgs = spec.forwardArgs(c);
  const inputs: NamedValues = {};
  spec.forwardArgNames.forEach((name, k) => (inputs[name] = toPlain(forwardArgs[k])));
  if (fn === spec.backward) {
    for (const term of spec.lossTerms(c))
      inputs[`upstream of ${term.outputPath === '' ? 'the output' : term.outputPath}`] = toPlain(term.upstream);
  }
  return { counterexample: { inputs, ...failure.extra.counterexample }, gradients: failure.extra.gradients };
}
