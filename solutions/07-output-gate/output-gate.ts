/**
 * Reference solution: the output gate o = σ(W_o·[hPrev; x] + b_o) and the hidden state
 * h = o ⊙ tanh(C), the part of the memory the cell shows to the next step and to the layer above.
 */
import { assertGate, assertSameLength } from '../../lib/linalg';
import type { Gate, GateGrads, Vector } from '../../lib/types';
import { sigmoid, sigmoidBackward, tanh } from '../01-activations/activations';
import { affine, affineBackward } from '../02-affine/affine';

/** o = σ(W·[hPrev; x] + b), length H. */
export function outputGate(gate: Gate, hPrev: Vector, x: Vector): Vector {
  assertGate(gate, hPrev.length, x.length, 'gate', 'outputGate');
  return sigmoid(affine(gate.W, gate.b, hPrev, x));
}

/** Chain rule through the sigmoid (using its output o), then through the affine map. */
export function outputGateBackward(gate: Gate, hPrev: Vector, x: Vector, o: Vector, dOut: Vector): GateGrads {
  assertGate(gate, hPrev.length, x.length, 'gate', 'outputGateBackward');
  return affineBackward(gate.W, hPrev, x, sigmoidBackward(o, dOut));
}

/** h = o ⊙ tanh(C). The tanh squashes the (unbounded) cell state back into (−1, 1). */
export function hiddenState(o: Vector, c: Vector): Vector {
  assertSameLength(o, 'o', c, 'c', 'hiddenState');
  const tc = tanh(c);
  const h = new Float64Array(o.length);
  for (let k = 0; k < h.length; k++) h[k] = o[k] * tc[k];
  return h;
}

/** ∂h/∂o = tanh(C) and ∂h/∂C = o ⊙ (1 − tanh²(C)); `do` is a keyword, hence the quoted key. */
export function hiddenStateBackward(o: Vector, c: Vector, dh: Vector): { do: Vector; dc: Vector } {
  assertSameLength(o, 'o', c, 'c', 'hiddenStateBackward');
  assertSameLength(o, 'o', dh, 'dh', 'hiddenStateBackward');
  const tc = tanh(c);
  const dOut = new Float64Array(o.length);
  const dc = new Float64Array(o.length);
  for (let k = 0; k < o.length; k++) {
    dOut[k] = dh[k] * tc[k];
    dc[k] = dh[k] * o[k] * (1 - tc[k] * tc[k]);
  }
  return { do: dOut, dc };
}
