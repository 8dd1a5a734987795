/** Building the differentiable inputs ("slots") of a case, shared by the pair specs. */
import type { Gate, LstmParams, Vector } from '../../lib/types';
import type { Slot } from './types';

/** A vector input whose gradient sits at `gradientPath` of the backward's answer. */
export function vectorSlot(gradientPath: string, label: string, input: Vector): Slot {
  return { gradientPath, label, input, rows: 1, cols: input.length, isMatrix: false };
}

/** A gate's W and b, with gradients at `${prefix}dW` and `${prefix}db`. */
export function gateSlots(gate: Gate, gateName: string, prefix = ''): Slot[] {
  return [
    {
      gradientPath: `${prefix}dW`,
      label: `dW of the ${gateName}`,
      input: gate.W.data,
      rows: gate.W.rows,
      cols: gate.W.cols,
      isMatrix: true,
    },
    vectorSlot(`${prefix}db`, `db of the ${gateName}`, gate.b),
  ];
}

export const LSTM_GATES = ['forget', 'input', 'candidate', 'output'] as const;
const GATE_NAMES = { forget: 'forget gate', input: 'input gate', candidate: 'candidate', output: 'output gate' };

/** The four gates' W and b of LSTM parameters, with gradients at `grads.<gate>.dW` and `.db`. */
export function lstmParamSlots(params: LstmParams): Slot[] {
  return LSTM_GATES.flatMap((g) => gateSlots(params[g], GATE_NAMES[g], `grads.${g}.`));
}
