/**
 * Arguments of the right shapes for every exported function of the course, from a seed: enough
 * to push each function's real inputs and outputs (nested records, arrays of vectors, caches)
 * through a Runner and compare them with the same call made directly.
 */
import { Random } from '../../lib/random';
import type { Gate, LstmParams, StepCache } from '../../lib/types';
import { lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';

function gate(random: Random, H: number, D: number): Gate {
  return { W: random.matrix(H, H + D), b: random.vector(H) };
}

function params(random: Random, H: number, D: number): LstmParams {
  return { forget: gate(random, H, D), input: gate(random, H, D), candidate: gate(random, H, D), output: gate(random, H, D) };
}

const unit = (random: Random, n: number) => random.vector(n, 0.01, 0.99);

/** Arguments for `fn` with hidden size H, input size D and (for sequences) T steps. */
export function exerciseArgs(fn: string, seed: number, H: number, D: number, T: number): unknown[] {
  const random = new Random(seed);
  const vec = (n: number) => random.vector(n, -3, 3);
  switch (fn) {
    case 'sigmoid':
    case 'tanh':
      return [vec(H)];
    case 'sigmoidBackward':
      return [unit(random, H), vec(H)];
    case 'tanhBackward':
      return [random.vector(H, -0.99, 0.99), vec(H)];
    case 'affine':
      return [random.matrix(H, H + D), vec(H), vec(H), vec(D)];
    case 'affineBackward':
      return [random.matrix(H, H + D), vec(H), vec(D), vec(H)];
    case 'forgetGate':
    case 'inputGate':
    case 'candidate':
    case 'outputGate':
      return [gate(random, H, D), vec(H), vec(D)];
    case 'forgetGateBackward':
    case 'inputGateBackward':
    case 'candidateBackward':
    case 'outputGateBackward':
      return [gate(random, H, D), vec(H), vec(D), unit(random, H), vec(H)];
    case 'cellState':
      return [unit(random, H), vec(H), unit(random, H), vec(H)];
    case 'cellStateBackward':
      return [unit(random, H), vec(H), unit(random, H), vec(H), vec(H)];
    case 'hiddenState':
      return [unit(random, H), vec(H)];
    case 'hiddenStateBackward':
      return [unit(random, H), vec(H), vec(H)];
    case 'lstmCellForward':
      return [params(random, H, D), vec(H), vec(H), vec(D)];
    case 'lstmCellBackward': {
      const p = params(random, H, D);
      const cache: StepCache = lstmCellForward(p, vec(H), vec(H), vec(D)).cache;
      return [p, cache, vec(H), vec(H)];
    }
    case 'lstmForward':
      return [params(random, H, D), Array.from({ length: T }, () => vec(D)), vec(H), vec(H)];
    case 'lstmBackward': {
      const p = params(random, H, D);
      const { caches } = lstmForward(
        p,
        Array.from({ length: T }, () => vec(D)),
        vec(H),
        vec(H),
      );
      return [p, caches, Array.from({ length: T }, () => vec(H)), vec(H)];
    }
    case 'denseForward':
      return [{ W: random.matrix(D, H), b: vec(D) }, vec(H)];
    case 'denseBackward':
      return [{ W: random.matrix(D, H), b: vec(D) }, vec(H), vec(D)];
    case 'mseLoss':
    case 'mseLossBackward':
      return [vec(D), vec(D)];
    case 'softmaxCrossEntropy':
    case 'softmaxCrossEntropyBackward':
      return [vec(D), random.int(0, D - 1)];
    default:
      throw new RangeError(`exerciseArgs: argument fn: no argument builder for ${JSON.stringify(fn)}`);
  }
}
