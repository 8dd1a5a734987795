/**
 * A check kind: one property of DESIGN.md section 4, defined once and applied to every pair.
 * The check id is `<function>.<kind>` (e.g. `forgetGateBackward.backward-gradient`): the
 * function is declared by the exercise's course module, the kind in this folder.
 */
import type { PairRun } from '../pair-run';
import type { PairSpec } from '../types';

export interface CheckKind {
  /** Id suffix and points key in grader/grading-config.json; shared by the forward and backward variants of a kind. */
  kind: string;
  /** Which function of the pair the check is about. */
  about: 'forward' | 'backward';
  title(spec: PairSpec): string;
  /** The student's functions the check calls: a stub or a module that cannot load blocks it. */
  uses(spec: PairSpec): string[];
  /** Cases drawn from values mixed with saturated and extreme ones (±30, ±710, ±1000). */
  extreme: boolean;
  /** Run once on the generic probes instead of as a property over random cases. */
  once?: boolean;
  /** Whether the kind makes sense for a pair (zero upstream needs a backward that takes one); every pair when absent. */
  appliesTo?(spec: PairSpec): boolean;
  /** Throws a CheckFailure when the case fails; `dirSeed` seeds random directions. */
  run(pair: PairRun, c: unknown, dirSeed: number): Promise<void>;
}

/** The function a kind is about, in a pair. */
export function functionOf(kind: Pick<CheckKind, 'about'>, spec: PairSpec): string {
  return kind.about === 'forward' ? spec.forward : spec.backward;
}

/** The id of the check of `kind` on `spec`. */
export function checkId(kind: Pick<CheckKind, 'about' | 'kind'>, spec: PairSpec): string {
  return `${functionOf(kind, spec)}.${kind.kind}`;
}
