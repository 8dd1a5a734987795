/** How a property says "this case fails", and how faults of the runner become check statuses. */
import type { CheckStatus, Counterexample, GradientComparison } from '../model';
import type { Fault } from '../sandbox/types';

/** Thrown inside a property: the case fails this check for the stated reason. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly fault?: Fault,
    readonly extra: { counterexample?: Partial<Counterexample>; gradients?: GradientComparison[]; fn?: string } = {},
  ) {
    super(message);
  }
}

export function statusOfFault(fault: Fault | undefined): CheckStatus {
  if (!fault) return 'failed';
  switch (fault.kind) {
    case 'not-implemented':
      return 'not-attempted';
    case 'threw':
    case 'invalid-result':
    case 'forbidden':
      return 'failed';
    default:
      return 'error';
  }
}

/** Faults that make every further call of the function pointless (nothing to shrink). */
export function isBlockingFault(fault: Fault): boolean {
  return fault.kind === 'not-implemented' || fault.kind === 'load-error' || fault.kind === 'missing-export';
}
