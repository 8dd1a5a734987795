/**
 * Answer key of exercise 08: backward through one LSTM step. The places where the catalogued
 * mistakes differ from the reference are options of one function, so each variant is one line.
 */
import type { GateGrads, LstmGrads, LstmParams, StepCache, Vector } from '../../lib/types';
import type { Library } from '../reference/library';
import type { AnswerKey } from './types';

interface CellBackwardOptions {
  /** How the gradient of C is totalled: dc + (through h), or one of the two, or added into dc in place. */
  totalDc?: 'sum' | 'upstream-only' | 'through-h-only' | 'sum-into-dc';
  /** Which gates' input gradients make up dhPrev and dx. */
  inputGradients?: 'all-gates' | 'output-gate-only';
}

function addAll(vectors: Vector[]): Vector {
  const out = new Float64Array(vectors[0].length);
  for (const v of vectors) for (let k = 0; k < out.length; k++) out[k] += v[k];
  return out;
}

function lstmCellBackward(options: CellBackwardOptions = {}) {
  const { totalDc = 'sum', inputGradients = 'all-gates' } = options;
  return (lib: Library) => (params: LstmParams, cache: StepCache, dh: Vector, dc: Vector) => {
    const { x, hPrev, cPrev, f, i, cTilde, o, c } = cache;
    const fromH = lib.hiddenStateBackward(o, c, dh) as { do: Vector; dc: Vector };
    const dcTotal = new Float64Array(dc.length);
    for (let k = 0; k < dc.length; k++) {
      if (totalDc === 'sum-into-dc') dc[k] += fromH.dc[k];
      dcTotal[k] =
        totalDc === 'upstream-only' || totalDc === 'sum-into-dc' ? dc[k] : totalDc === 'through-h-only' ? fromH.dc[k] : dc[k] + fromH.dc[k];
    }
    const fromC = lib.cellStateBackward(f, cPrev, i, cTilde, dcTotal) as { df: Vector; dcPrev: Vector; di: Vector; dcTilde: Vector };
    const forget = lib.forgetGateBackward(params.forget, hPrev, x, f, fromC.df) as GateGrads;
    const input = lib.inputGateBackward(params.input, hPrev, x, i, fromC.di) as GateGrads;
    const cand = lib.candidateBackward(params.candidate, hPrev, x, cTilde, fromC.dcTilde) as GateGrads;
    const output = lib.outputGateBackward(params.output, hPrev, x, o, fromH.do) as GateGrads;
    const feeding = inputGradients === 'all-gates' ? [forget, input, cand, output] : [output];
    const grads: LstmGrads = {
      forget: { dW: forget.dW, db: forget.db },
      input: { dW: input.dW, db: input.db },
      candidate: { dW: cand.dW, db: cand.db },
      output: { dW: output.dW, db: output.db },
    };
    return {
      grads,
      dhPrev: addAll(feeding.map((g) => g.dhPrev)),
      dcPrev: fromC.dcPrev,
      dx: addAll([forget, input, cand, output].map((g) => g.dx)),
    };
  };
}

export const lstmCellKey: AnswerKey = {
  backward: { lstmCellBackward: lstmCellBackward() },
  variants: {
    'lstm-cell-drops-dc-through-h': { lstmCellBackward: lstmCellBackward({ totalDc: 'upstream-only' }) },
    'lstm-cell-ignores-upstream-dc': { lstmCellBackward: lstmCellBackward({ totalDc: 'through-h-only' }) },
    'lstm-cell-changes-dc': { lstmCellBackward: lstmCellBackward({ totalDc: 'sum-into-dc' }) },
    'lstm-cell-dhprev-one-gate': { lstmCellBackward: lstmCellBackward({ inputGradients: 'output-gate-only' }) },
    // The input gate computed with the forget gate's parameters (copy-paste).
    'lstm-cell-gate-wrong-params': {
      lstmCellForward: (lib: Library) => {
        const reference = lib.lstmCellForward;
        return (params: LstmParams, hPrev: Vector, cPrev: Vector, x: Vector) =>
          reference({ ...params, input: params.forget }, hPrev, cPrev, x);
      },
    },
  },
};
