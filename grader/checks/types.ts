/**
 * A check spec describes one forward/backward pair as data plus small functions; the generic
 * property runner (run-pair.ts) turns it into the checks of DESIGN.md section 4.
 */
import type fc from 'fast-check';
import type { ExerciseId } from '../exercises';

/** One differentiable input and where its gradient sits in the backward's answer. */
export interface Slot {
  /** Path of the gradient in the backward's answer, e.g. `grads.forget.dW`, `dxs[2]`, `` for a bare vector. */
  gradientPath: string;
  /** Human name, e.g. "dW of the forget gate". */
  label: string;
  /** The input itself, perturbed in place by finite differences (a view into the case's arguments). */
  input: Float64Array;
  rows: number;
  cols: number;
  /** A matrix gradient is `{ rows, cols, data }`; its entries are read from `.data`. */
  isMatrix: boolean;
}

/** One term ⟨u, output⟩ of the loss L used by the gradient check. */
export interface LossTerm {
  /** Path of a vector in the forward's answer, e.g. `h`, `hs[3]`, `` for a bare vector. */
  outputPath: string;
  /** The upstream gradient for that output. */
  upstream: Float64Array;
}

export interface PairSpec<C> {
  exercise: ExerciseId;
  /** Folder of the exercise module, e.g. `03-forget-gate`. */
  folder: string;
  forward: string;
  backward: string;
  /** Names of the forward's arguments, for counterexamples. */
  forwardArgNames: string[];
  backwardArgNames: string[];
  /** Cases drawn with the given value source (the grid, or one mixed with extreme values). */
  arbitrary(values: fc.Arbitrary<number>): fc.Arbitrary<C>;
  forwardArgs(c: C): unknown[];
  /** The trusted reference forward. */
  referenceForward(...args: unknown[]): unknown;
  /** L = Σ ⟨u, output⟩ over these terms. */
  lossTerms(c: C): LossTerm[];
  /** The backward's arguments, given the case and a (validated) forward answer. */
  backwardArgs(c: C, forwardOutput: unknown): unknown[];
  /** The differentiable inputs of the case (views into forwardArgs(c)). */
  slots(c: C): Slot[];
  /** The same case with every upstream gradient zero. */
  withZeroUpstream(c: C): C;
  /** A short description of the case's shape, e.g. "H=2, D=1, T=3". */
  describe(c: C): string;
}
