/**
 * Answer key of exercise 09: backpropagation through time. The places where the catalogued
 * mistakes differ from the reference are options of one function, so each variant is one line.
 */
import type { LstmGrads, LstmParams, Matrix, StepCache, Vector } from '../../lib/types';
import { LSTM_GATES } from '../checks/slots';
import type { Library } from '../reference/library';
import type { AnswerKey } from './types';

interface BpttOptions {
  /** Parameter gradients of the steps: summed, or each step overwriting the last. */
  parameterGradients?: 'sum' | 'overwrite';
  /** The gradient reaching h_t: dhs[t] plus the carry from t + 1, without the carry, or added into dhs[t] in place. */
  dhCarry?: 'add' | 'drop' | 'add-into-dhs';
  /** The dc carried from step t + 1 to step t: passed on, or dropped (only the last step gets dcLast). */
  dcCarry?: 'pass' | 'drop';
  /** Where the dc carry starts: at dcLast, or at zero. */
  start?: 'dcLast' | 'zero';
}

function zeroGrads(params: LstmParams): LstmGrads {
  const zero = (W: Matrix) => ({ dW: { rows: W.rows, cols: W.cols, data: new Float64Array(W.data.length) }, db: new Float64Array(W.rows) });
  return { forget: zero(params.forget.W), input: zero(params.input.W), candidate: zero(params.candidate.W), output: zero(params.output.W) };
}

function lstmBackward(options: BpttOptions = {}) {
  const { parameterGradients = 'sum', dhCarry = 'add', dcCarry = 'pass', start = 'dcLast' } = options;
  const collect = (target: Float64Array, source: Float64Array): void => {
    if (parameterGradients === 'overwrite') target.set(source);
    else for (let k = 0; k < target.length; k++) target[k] += source[k];
  };
  return (lib: Library) => (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => {
    const H = dcLast.length;
    const grads = zeroGrads(params);
    const dxs: Vector[] = new Array(caches.length);
    let dhNext: Vector = new Float64Array(H);
    let dcNext: Vector = start === 'dcLast' ? Float64Array.from(dcLast) : new Float64Array(H);
    for (let t = caches.length - 1; t >= 0; t--) {
      const dh = new Float64Array(H);
      for (let k = 0; k < H; k++) {
        if (dhCarry === 'add-into-dhs') dhs[t][k] += dhNext[k];
        dh[k] = dhCarry === 'add' ? dhs[t][k] + dhNext[k] : dhs[t][k];
      }
      const carried = dcCarry === 'drop' && t !== caches.length - 1 ? new Float64Array(H) : dcNext;
      const step = lib.lstmCellBackward(params, caches[t], dh, carried) as { grads: LstmGrads; dhPrev: Vector; dcPrev: Vector; dx: Vector };
      for (const gate of LSTM_GATES) {
        collect(grads[gate].dW.data, step.grads[gate].dW.data);
        collect(grads[gate].db, step.grads[gate].db);
      }
      dxs[t] = step.dx;
      dhNext = step.dhPrev;
      dcNext = step.dcPrev;
    }
    return { grads, dxs, dh0: dhNext, dc0: dcNext };
  };
}

export const lstmSequenceKey: AnswerKey = {
  backward: { lstmBackward: lstmBackward() },
  variants: {
    'bptt-grads-overwritten': { lstmBackward: lstmBackward({ parameterGradients: 'overwrite' }) },
    'bptt-drops-dh-carry': { lstmBackward: lstmBackward({ dhCarry: 'drop' }) },
    'lstm-backward-changes-dhs': { lstmBackward: lstmBackward({ dhCarry: 'add-into-dhs' }) },
    'bptt-drops-dc-carry': { lstmBackward: lstmBackward({ dcCarry: 'drop' }) },
    'bptt-ignores-dclast': { lstmBackward: lstmBackward({ start: 'zero' }) },
    // The final state written into the caller's h0 and c0 (which the first step's cache also holds).
    'lstm-forward-changes-h0-c0': {
      lstmForward: (lib: Library) => {
        const reference = lib.lstmForward;
        return (params: LstmParams, xs: Vector[], h0: Vector, c0: Vector) => {
          const run = reference(params, xs, h0, c0) as { hs: Vector[]; cs: Vector[] };
          h0.set(run.hs[run.hs.length - 1]);
          c0.set(run.cs[run.cs.length - 1]);
          return run;
        };
      },
    },
  },
};
