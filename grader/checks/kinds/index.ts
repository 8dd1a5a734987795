/**
 * Every check kind, in the order the checks of a pair run and are reported. The points keys of
 * grader/grading-config.json are the kinds listed here.
 */
import { backwardArgumentsUnchanged, forwardArgumentsUnchanged } from './arguments-unchanged';
import { backwardDerived } from './backward-derived';
import { backwardExtreme } from './backward-extreme';
import { backwardGradient } from './backward-gradient';
import { backwardOwnForward } from './backward-own-forward';
import { backwardZeroUpstream } from './backward-zero-upstream';
import { backwardDeterministic, forwardDeterministic } from './deterministic';
import { forward, forwardExtreme } from './forward';
import { backwardShapes, forwardShapes } from './shapes';
import type { PairSpec } from '../types';
import type { CheckKind } from './types';

export const CHECK_KINDS: readonly CheckKind[] = [
  forward,
  forwardExtreme,
  forwardShapes,
  forwardArgumentsUnchanged,
  forwardDeterministic,
  backwardGradient,
  backwardOwnForward,
  backwardZeroUpstream,
  backwardExtreme,
  backwardShapes,
  backwardArgumentsUnchanged,
  backwardDeterministic,
  backwardDerived,
];

/** The kinds that apply to a pair, in order. */
export function kindsFor(spec: PairSpec): CheckKind[] {
  return CHECK_KINDS.filter((k) => k.appliesTo?.(spec) ?? true);
}

/** The points keys: every distinct kind, in order. */
export const KIND_NAMES: readonly string[] = [...new Set(CHECK_KINDS.map((k) => k.kind))];

export type { CheckKind } from './types';
export { checkId, functionOf } from './types';
