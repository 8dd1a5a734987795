/**
 * The grader's own reference forward passes (DESIGN.md section 2): every check compares with
 * these and differentiates them by finite differences, so grading needs no reference backward and
 * no solutions/ folder: a student template can ship without it. test/grader/reference-forward.test.ts
 * proves them equal to solutions/ (which the PyTorch golden vectors check).
 */
import type { Gate, LstmParams, StepCache, Vector } from '../../lib/types';

/** σ(z) without overflow: e^(−z) for z ≥ 0, e^z / (1 + e^z) otherwise. */
export function sigmoid(z: Vector): Vector {
  return z.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
}

export function tanh(z: Vector): Vector {
  return z.map(Math.tanh);
}

/** W·[hPrev; x] + b. */
export function affine(W: Gate['W'], b: Vector, hPrev: Vector, x: Vector): Vector {
  const H = hPrev.length;
  const z = Float64Array.from(b);
  for (let r = 0; r < W.rows; r++) {
    for (let c = 0; c < H; c++) z[r] += W.data[r * W.cols + c] * hPrev[c];
    for (let c = 0; c < x.length; c++) z[r] += W.data[r * W.cols + H + c] * x[c];
  }
  return z;
}

export const sigmoidGate = (gate: Gate, hPrev: Vector, x: Vector): Vector => sigmoid(affine(gate.W, gate.b, hPrev, x));
export const tanhGate = (gate: Gate, hPrev: Vector, x: Vector): Vector => tanh(affine(gate.W, gate.b, hPrev, x));

/** f ⊙ cPrev + i ⊙ cTilde. */
export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
  return f.map((fk, k) => fk * cPrev[k] + i[k] * cTilde[k]);
}

/** o ⊙ tanh(c). */
export function hiddenState(o: Vector, c: Vector): Vector {
  return o.map((ok, k) => ok * Math.tanh(c[k]));
}

export function lstmCellForward(params: LstmParams, hPrev: Vector, cPrev: Vector, x: Vector): { h: Vector; c: Vector; cache: StepCache } {
  const f = sigmoidGate(params.forget, hPrev, x);
  const i = sigmoidGate(params.input, hPrev, x);
  const cTilde = tanhGate(params.candidate, hPrev, x);
  const o = sigmoidGate(params.output, hPrev, x);
  const c = cellState(f, cPrev, i, cTilde);
  const h = hiddenState(o, c);
  return { h, c, cache: { x, hPrev, cPrev, f, i, cTilde, o, c, h } };
}

export function lstmForward(params: LstmParams, xs: Vector[], h0: Vector, c0: Vector): { hs: Vector[]; cs: Vector[]; caches: StepCache[] } {
  const hs: Vector[] = [];
  const cs: Vector[] = [];
  const caches: StepCache[] = [];
  let h = h0;
  let c = c0;
  for (const x of xs) {
    const step = lstmCellForward(params, h, c, x);
    ({ h, c } = step);
    hs.push(h);
    cs.push(c);
    caches.push(step.cache);
  }
  return { hs, cs, caches };
}
