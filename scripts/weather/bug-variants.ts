/**
 * Small in-memory variants of the reference solutions with one known bug each, for the calibration
 * script and the tests: a sequence task must fail every one of them. Built from solutions/ (the
 * grader's trusted reference), so this file is for the calibration and the tests only; a student
 * template without solutions/ never loads it.
 */
import type { LstmGrads, LstmParams, Matrix, StepCache, Vector } from '../../lib/types';
import { lstmCellBackward } from '../../solutions/08-lstm-cell/lstm-cell';
import * as referenceSequence from '../../solutions/09-lstm-sequence/lstm-sequence';
import * as referenceReadout from '../../solutions/11-readout/readout';
import type { StudentModules } from '../../grader/weather/trainer/student';

type SequenceModule = StudentModules['sequence'];
type ReadoutModule = StudentModules['readout'];

const GATES = ['forget', 'input', 'candidate', 'output'] as const;

function zeroGrads(params: LstmParams): LstmGrads {
  const zero = (W: Matrix) => ({ dW: { rows: W.rows, cols: W.cols, data: new Float64Array(W.data.length) }, db: new Float64Array(W.rows) });
  return { forget: zero(params.forget.W), input: zero(params.input.W), candidate: zero(params.candidate.W), output: zero(params.output.W) };
}

/** BPTT as in solutions/09, with switches for the two classic ways of getting it wrong. */
function bpttVariant(options: { dropCellCarry: boolean; overwriteGrads: boolean }) {
  return (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => {
    const H = dcLast.length;
    const grads = zeroGrads(params);
    const dxs: Vector[] = new Array(caches.length);
    let dhNext: Vector = new Float64Array(H);
    let dcNext: Vector = Float64Array.from(dcLast);
    for (let t = caches.length - 1; t >= 0; t--) {
      const dh = new Float64Array(H);
      for (let k = 0; k < H; k++) dh[k] = dhs[t][k] + dhNext[k];
      const dc = options.dropCellCarry && t !== caches.length - 1 ? new Float64Array(H) : dcNext;
      const step = lstmCellBackward(params, caches[t], dh, dc);
      for (const gate of GATES) {
        if (options.overwriteGrads) {
          grads[gate].dW.data.set(step.grads[gate].dW.data);
          grads[gate].db.set(step.grads[gate].db);
        } else {
          step.grads[gate].dW.data.forEach((v, k) => (grads[gate].dW.data[k] += v));
          step.grads[gate].db.forEach((v, k) => (grads[gate].db[k] += v));
        }
      }
      dxs[t] = step.dx;
      dhNext = step.dhPrev;
      dcNext = step.dcPrev;
    }
    return { grads, dxs, dh0: dhNext, dc0: dcNext };
  };
}

/** Exercise 09 with one BPTT bug; the forward pass is the reference's. */
export const SEQUENCE_BUGS: Record<string, SequenceModule> = {
  /** The catalogue's bptt-drops-dc-carry: C_t gets no gradient back from step t + 1. */
  'bptt-drops-dc-carry': {
    lstmForward: referenceSequence.lstmForward,
    lstmBackward: bpttVariant({ dropCellCarry: true, overwriteGrads: false }),
  },
  /** The catalogue's bptt-grads-overwritten: only the first step's parameter gradients survive. */
  'bptt-grads-overwritten': {
    lstmForward: referenceSequence.lstmForward,
    lstmBackward: bpttVariant({ dropCellCarry: false, overwriteGrads: true }),
  },
};

function softmax(z: Vector): Vector {
  const m = Math.max(...z);
  const e = Float64Array.from(z, (v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** Exercise 11 with one bug in a loss gradient; everything else is the reference's. */
export const READOUT_BUGS: Record<string, ReadoutModule> = {
  /** ∂L/∂z = softmax(z): the − onehot(label) of the cross-entropy is missing. */
  'softmax-gradient-without-onehot': {
    ...referenceReadout,
    softmaxCrossEntropyBackward: (logits: Vector) => softmax(logits),
  },
  /** ∂L/∂y = 2(target − y)/n: training climbs the loss. */
  'mse-gradient-wrong-sign': {
    ...referenceReadout,
    mseLossBackward: (y: Vector, target: Vector) => y.map((v, k) => (2 * (target[k] - v)) / y.length),
  },
};

export const REFERENCE_MODULES: StudentModules = { sequence: referenceSequence, readout: referenceReadout };

/** The reference modules with the bug `id` (from SEQUENCE_BUGS or READOUT_BUGS) swapped in. */
export function modulesWithBug(id: string): StudentModules {
  if (id in SEQUENCE_BUGS) return { ...REFERENCE_MODULES, sequence: SEQUENCE_BUGS[id] };
  if (id in READOUT_BUGS) return { ...REFERENCE_MODULES, readout: READOUT_BUGS[id] };
  throw new RangeError(
    `modulesWithBug: argument id must be one of ${[...Object.keys(SEQUENCE_BUGS), ...Object.keys(READOUT_BUGS)].join(', ')}, got ${id}`,
  );
}
