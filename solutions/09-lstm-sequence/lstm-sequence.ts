/**
 * Reference solution: an LSTM unrolled over a sequence, and backpropagation through time (BPTT).
 *
 * The same parameters are used at every step, so their gradient is the sum of the per-step
 * gradients. The gradients reaching h_t are the outside one (dhs[t]) plus the one coming back
 * from step t + 1; C_t only gets the one coming back from step t + 1 (dcLast after the last step).
 */
import { assertVector } from '../../lib/linalg';
import type { LstmGrads, LstmParams, Matrix, StepCache, Vector } from '../../lib/types';
import { lstmCellBackward, lstmCellForward } from '../08-lstm-cell/lstm-cell';

/** Runs the cell over xs[0..T−1] from (h0, c0); hs[t] and cs[t] are the states after step t. */
export function lstmForward(params: LstmParams, xs: Vector[], h0: Vector, c0: Vector): { hs: Vector[]; cs: Vector[]; caches: StepCache[] } {
  if (!Array.isArray(xs)) throw new TypeError('lstmForward: argument xs must be an array of input vectors');
  assertVector(c0, h0.length, 'c0', 'lstmForward');
  const hs: Vector[] = [];
  const cs: Vector[] = [];
  const caches: StepCache[] = [];
  let h = h0;
  let c = c0;
  for (const x of xs) {
    const step = lstmCellForward(params, h, c, x);
    h = step.h;
    c = step.c;
    hs.push(h);
    cs.push(c);
    caches.push(step.cache);
  }
  return { hs, cs, caches };
}

/** BPTT: walks the caches from the last step to the first, carrying dh and dc backwards. */
export function lstmBackward(
  params: LstmParams,
  caches: StepCache[],
  dhs: Vector[],
  dcLast: Vector,
): { grads: LstmGrads; dxs: Vector[]; dh0: Vector; dc0: Vector } {
  if (!Array.isArray(caches) || !Array.isArray(dhs) || dhs.length !== caches.length) {
    throw new RangeError('lstmBackward: arguments caches and dhs must be arrays of the same length');
  }
  const H = dcLast.length;
  const grads = zeroGrads(params);
  const dxs: Vector[] = new Array(caches.length);
  let dhNext: Vector = new Float64Array(H);
  let dcNext: Vector = Float64Array.from(dcLast);
  for (let t = caches.length - 1; t >= 0; t--) {
    assertVector(dhs[t], H, `dhs[${t}]`, 'lstmBackward');
    const dh = new Float64Array(H);
    for (let k = 0; k < H; k++) dh[k] = dhs[t][k] + dhNext[k];
    const step = lstmCellBackward(params, caches[t], dh, dcNext);
    for (const gate of ['forget', 'input', 'candidate', 'output'] as const) {
      addInto(grads[gate].dW.data, step.grads[gate].dW.data);
      addInto(grads[gate].db, step.grads[gate].db);
    }
    dxs[t] = step.dx;
    dhNext = step.dhPrev;
    dcNext = step.dcPrev;
  }
  return { grads, dxs, dh0: dhNext, dc0: dcNext };
}

function zeroGrads(params: LstmParams): LstmGrads {
  const zero = (W: Matrix) => ({
    dW: { rows: W.rows, cols: W.cols, data: new Float64Array(W.data.length) },
    db: new Float64Array(W.rows),
  });
  return {
    forget: zero(params.forget.W),
    input: zero(params.input.W),
    candidate: zero(params.candidate.W),
    output: zero(params.output.W),
  };
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let k = 0; k < target.length; k++) target[k] += source[k];
}
