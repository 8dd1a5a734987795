/**
 * Which functions must return new arrays, so that a result array sharing memory with an argument
 * is reported (CallOutcome.shared): the backward passes. DESIGN.md section 3: "A backward function
 * returns new arrays and never changes its arguments"; a forward's cache may keep its arguments.
 */
import { CODE_EXERCISES } from '../course';

const BACKWARD_PASSES: ReadonlySet<string> = new Set(CODE_EXERCISES.flatMap((exercise) => exercise.pairs.map((pair) => pair.backward)));

/** True for the backward of a pair of any exercise (`affineBackward`, `lstmBackward`, `mseLossBackward`…). */
export function mustReturnNewArrays(fn: string): boolean {
  return BACKWARD_PASSES.has(fn);
}
