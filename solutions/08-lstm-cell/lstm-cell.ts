/**
 * Reference solution: one LSTM step, assembled from the pieces of exercises 03–07, and its
 * backward pass, which runs the same pieces in reverse order.
 */
import { assertVector } from '../../lib/linalg';
import type { GateGrads, LstmGrads, LstmParams, Matrix, StepCache, Vector } from '../../lib/types';
import { forgetGate, forgetGateBackward } from '../03-forget-gate/forget-gate';
import { inputGate, inputGateBackward } from '../04-input-gate/input-gate';
import { candidate, candidateBackward } from '../05-candidate/candidate';
import { cellState, cellStateBackward } from '../06-cell-state/cell-state';
import { hiddenState, hiddenStateBackward, outputGate, outputGateBackward } from '../07-output-gate/output-gate';

/** One step: gates from [hPrev; x], then the new memory c, then the output h. */
export function lstmCellForward(params: LstmParams, hPrev: Vector, cPrev: Vector, x: Vector): { h: Vector; c: Vector; cache: StepCache } {
  assertVector(cPrev, hPrev.length, 'cPrev', 'lstmCellForward');
  const f = forgetGate(params.forget, hPrev, x);
  const i = inputGate(params.input, hPrev, x);
  const cTilde = candidate(params.candidate, hPrev, x);
  const o = outputGate(params.output, hPrev, x);
  const c = cellState(f, cPrev, i, cTilde);
  const h = hiddenState(o, c);
  return { h, c, cache: { x, hPrev, cPrev, f, i, cTilde, o, c, h } };
}

/**
 * Backward through one step. `dh` and `dc` are the gradients arriving at this step's outputs.
 * C receives gradient twice, directly (dc) and through h = o ⊙ tanh(C), so the two are added
 * before going further back; hPrev and x feed all four gates, so their four gradients are added.
 */
export function lstmCellBackward(
  params: LstmParams,
  cache: StepCache,
  dh: Vector,
  dc: Vector,
): { grads: LstmGrads; dhPrev: Vector; dcPrev: Vector; dx: Vector } {
  const { x, hPrev, cPrev, f, i, cTilde, o, c } = cache;
  assertVector(dh, hPrev.length, 'dh', 'lstmCellBackward');
  assertVector(dc, hPrev.length, 'dc', 'lstmCellBackward');

  const fromH = hiddenStateBackward(o, c, dh);
  const dcTotal = new Float64Array(dc.length);
  for (let k = 0; k < dc.length; k++) dcTotal[k] = dc[k] + fromH.dc[k];

  const fromC = cellStateBackward(f, cPrev, i, cTilde, dcTotal);
  const forget = forgetGateBackward(params.forget, hPrev, x, f, fromC.df);
  const input = inputGateBackward(params.input, hPrev, x, i, fromC.di);
  const cand = candidateBackward(params.candidate, hPrev, x, cTilde, fromC.dcTilde);
  const output = outputGateBackward(params.output, hPrev, x, o, fromH.do);

  const gates = [forget, input, cand, output];
  return {
    grads: {
      forget: paramGrads(forget),
      input: paramGrads(input),
      candidate: paramGrads(cand),
      output: paramGrads(output),
    },
    dhPrev: sum(gates.map((g) => g.dhPrev)),
    dcPrev: fromC.dcPrev,
    dx: sum(gates.map((g) => g.dx)),
  };
}

function paramGrads(g: GateGrads): { dW: Matrix; db: Vector } {
  return { dW: g.dW, db: g.db };
}

function sum(vectors: Vector[]): Vector {
  const out = new Float64Array(vectors[0].length);
  for (const v of vectors) for (let k = 0; k < out.length; k++) out[k] += v[k];
  return out;
}
