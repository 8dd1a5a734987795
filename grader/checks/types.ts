/**
 * A pair spec describes one forward/backward pair of an exercise as data plus small functions;
 * every check kind (grader/checks/kinds/) turns it into one check of DESIGN.md section 4. Pair
 * specs live in the course modules (grader/course/NN-id.ts); the reference forward they are
 * compared with is the course's reference library.
 */
import type fc from 'fast-check';

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

// Each spec is typed by its own case; the engine treats cases as opaque.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the case type varies per exercise
export interface PairSpec<C = any> {
  forward: string;
  backward: string;
  /** The name of the forward's answer when it is a bare vector (`c`, `f`…), '' when it is a record of named fields. */
  outputName: string;
  /** Names of the forward's arguments, for counterexamples. */
  forwardArgNames: readonly string[];
  backwardArgNames: readonly string[];
  /** Cases drawn with the given value source (the grid, or one mixed with extreme values). */
  arbitrary(values: fc.Arbitrary<number>): fc.Arbitrary<C>;
  forwardArgs(c: C): unknown[];
  /** L = Σ ⟨u, output⟩ over these terms. */
  lossTerms(c: C): LossTerm[];
  /** The backward's arguments, given the case and a (validated) forward answer. */
  backwardArgs(c: C, forwardOutput: unknown): unknown[];
  /** The differentiable inputs of the case (views into forwardArgs(c)). */
  slots(c: C): Slot[];
  /** The same case with every upstream gradient zero. */
  withZeroUpstream(c: C): C;
  /**
   * Whether the backward takes an upstream gradient. A loss's backward (mseLossBackward) does not:
   * it returns the gradient of the loss itself, checked with the upstream fixed at 1.
   */
  upstream: boolean;
  /**
   * Quantities of the step a backward's arguments do not hold directly, by name (the forward's
   * output, a total gradient…), for generic findings about a wrong backward (grader/mistakes/findings.ts).
   */
  diagnosticQuantities?(backwardArgs: unknown[]): Record<string, unknown>;
  /** The case's sizes: hidden size H, input size D, steps T, or the length of an element-wise case. */
  shape(c: C): CaseShape;
}

export interface CaseShape {
  H?: number;
  D?: number;
  T?: number;
  length?: number;
}

/** "H=2, D=1, T=3" or "length 4". */
export function describeShape(shape: CaseShape): string {
  const parts = (['H', 'D', 'T'] as const).filter((k) => shape[k] !== undefined).map((k) => `${k}=${shape[k]}`);
  if (shape.length !== undefined) parts.push(`length ${shape.length}`);
  return parts.join(', ');
}
