/**
 * One call of each function of a pair on a small case, before any check: a stub, a module that
 * cannot load or a missing export stops here, and every check that uses that function is
 * reported as blocked instead of failing the same way a hundred times.
 */
import fc from 'fast-check';
import type { Fault } from '../sandbox/types';
import { gridValue } from './arbitraries';
import { isBlockingFault } from './failure';
import type { PairRun } from './pair-run';

export async function probePair(pair: PairRun, seed: number): Promise<Map<string, Fault>> {
  const { spec, runner, exercise } = pair;
  const blocking = new Map<string, Fault>();
  const [c] = fc.sample(spec.arbitrary(gridValue), { seed, numRuns: 1 });
  const args = spec.forwardArgs(c);
  const forward = await runner.call(exercise.folder, spec.forward, structuredClone(args));
  if (!forward.ok && isBlockingFault(forward.fault)) blocking.set(spec.forward, forward.fault);
  const backward = await runner.call(exercise.folder, spec.backward, structuredClone(spec.backwardArgs(c, pair.referenceForward(...args))));
  if (!backward.ok && isBlockingFault(backward.fault)) blocking.set(spec.backward, backward.fault);
  return blocking;
}
