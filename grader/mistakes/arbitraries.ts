/**
 * fast-check arbitraries for the arguments of every exported exercise function, used to search
 * for inputs where a mistake's variant and the reference disagree (tests, and the recognition
 * measurement in measure.ts).
 *
 * Shapes: 1 ≤ H, D ≤ 5, sequences of 1 to 6 steps. Values come from the grid (integers / 1000 in
 * ±3), because raw fc.double is skewed towards tiny values; one case in four also mixes in the
 * saturated and extreme values ±30 and ±1000, which the overflow mistakes need. Arguments that
 * are forward outputs in real use (s, t, f, o, C̃, the caches) are computed with the reference
 * forward pass, so backward functions see realistic inputs.
 */
import fc from 'fast-check';
import type { Gate, LstmParams, Matrix, Vector } from '../../lib/types';
import type { ExerciseModule } from './variants';
import { loadReference } from './variants';

export interface Shape {
  H: number;
  D: number;
  T: number;
  /** Whether this case mixes ±30 and ±1000 into the grid values. */
  extreme: boolean;
}

export interface ArgsCase {
  shape: Shape;
  args: unknown[];
}

/** Hands out the drawn values one by one. */
type Take = () => number;

const gridValue = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const extremeValue = fc.constantFrom(-1000, -30, 30, 1000);
const mixedValue = fc.oneof({ arbitrary: gridValue, weight: 4 }, { arbitrary: extremeValue, weight: 1 });

const vec = (n: number, take: Take): Vector => Float64Array.from({ length: n }, take);
const mat = (rows: number, cols: number, take: Take): Matrix => ({ rows, cols, data: vec(rows * cols, take) });
const gate = (H: number, D: number, take: Take): Gate => ({ W: mat(H, H + D, take), b: vec(H, take) });
const params = (H: number, D: number, take: Take): LstmParams => ({
  forget: gate(H, D, take),
  input: gate(H, D, take),
  candidate: gate(H, D, take),
  output: gate(H, D, take),
});

type Builder = (shape: Shape, take: Take) => unknown[];

const ref = (exercise: Parameters<typeof loadReference>[0]): ExerciseModule => loadReference(exercise);
const sig = (v: Vector) => ref('activations').sigmoid(v) as Vector;
const tnh = (v: Vector) => ref('activations').tanh(v) as Vector;

/** A gate forward `forward` and its backward's arguments (gate, hPrev, x, forward output, upstream). */
function gateBackwardArgs(exercise: 'forget-gate' | 'input-gate' | 'candidate' | 'output-gate', forward: string): Builder {
  return ({ H, D }, take) => {
    const g = gate(H, D, take);
    const hPrev = vec(H, take);
    const x = vec(D, take);
    const out = ref(exercise)[forward](g, hPrev, x) as Vector;
    return [g, hPrev, x, out, vec(H, take)];
  };
}

const gateForwardArgs: Builder = ({ H, D }, take) => [gate(H, D, take), vec(H, take), vec(D, take)];

const BUILDERS: Record<string, Builder> = {
  sigmoid: ({ H }, take) => [vec(H, take)],
  sigmoidBackward: ({ H }, take) => [sig(vec(H, take)), vec(H, take)],
  tanh: ({ H }, take) => [vec(H, take)],
  tanhBackward: ({ H }, take) => [tnh(vec(H, take)), vec(H, take)],
  affine: ({ H, D }, take) => [mat(H, H + D, take), vec(H, take), vec(H, take), vec(D, take)],
  affineBackward: ({ H, D }, take) => [mat(H, H + D, take), vec(H, take), vec(D, take), vec(H, take)],
  forgetGate: gateForwardArgs,
  forgetGateBackward: gateBackwardArgs('forget-gate', 'forgetGate'),
  inputGate: gateForwardArgs,
  inputGateBackward: gateBackwardArgs('input-gate', 'inputGate'),
  candidate: gateForwardArgs,
  candidateBackward: gateBackwardArgs('candidate', 'candidate'),
  outputGate: gateForwardArgs,
  outputGateBackward: gateBackwardArgs('output-gate', 'outputGate'),
  cellState: ({ H }, take) => [sig(vec(H, take)), vec(H, take), sig(vec(H, take)), tnh(vec(H, take))],
  cellStateBackward: ({ H }, take) => [sig(vec(H, take)), vec(H, take), sig(vec(H, take)), tnh(vec(H, take)), vec(H, take)],
  hiddenState: ({ H }, take) => [sig(vec(H, take)), vec(H, take)],
  hiddenStateBackward: ({ H }, take) => [sig(vec(H, take)), vec(H, take), vec(H, take)],
  lstmCellForward: ({ H, D }, take) => [params(H, D, take), vec(H, take), vec(H, take), vec(D, take)],
  lstmCellBackward: ({ H, D }, take) => {
    const p = params(H, D, take);
    const step = ref('lstm-cell').lstmCellForward(p, vec(H, take), vec(H, take), vec(D, take)) as { cache: unknown };
    return [p, step.cache, vec(H, take), vec(H, take)];
  },
  lstmForward: ({ H, D, T }, take) => [
    params(H, D, take),
    Array.from({ length: T }, () => vec(D, take)),
    vec(H, take),
    vec(H, take),
  ],
  lstmBackward: ({ H, D, T }, take) => {
    const p = params(H, D, take);
    const xs = Array.from({ length: T }, () => vec(D, take));
    const run = ref('lstm-sequence').lstmForward(p, xs, vec(H, take), vec(H, take)) as { caches: unknown[] };
    return [p, run.caches, Array.from({ length: T }, () => vec(H, take)), vec(H, take)];
  },
};

/** The exported functions arbitraries exist for. */
export const FUNCTIONS_WITH_ARBITRARIES: readonly string[] = Object.keys(BUILDERS);

/** How many values the builder consumes for this shape (it consumes a fixed number per shape). */
function valuesNeeded(build: Builder, shape: Shape): number {
  let count = 0;
  build(shape, () => {
    count++;
    return 0;
  });
  return count;
}

export const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  H: fc.integer({ min: 1, max: 5 }),
  D: fc.integer({ min: 1, max: 5 }),
  T: fc.integer({ min: 1, max: 6 }),
  extreme: fc.integer({ min: 0, max: 3 }).map((v) => v === 0),
});

/** Random, well-formed arguments for the exported function `fn`. */
export function argsArbitrary(fn: string): fc.Arbitrary<ArgsCase> {
  const build = BUILDERS[fn];
  if (!build) throw new RangeError(`argsArbitrary: argument fn ${JSON.stringify(fn)} is not an exported exercise function`);
  return shapeArbitrary.chain((shape) => {
    const n = valuesNeeded(build, shape);
    return fc.array(shape.extreme ? mixedValue : gridValue, { minLength: n, maxLength: n }).map((values) => {
      let next = 0;
      return { shape, args: build(shape, () => values[next++]) };
    });
  });
}
