/** Building the differentiable inputs ("slots") of a case, shared by the specs. */
import type { Gate, Vector } from '../../../lib/types';
import type { Slot } from '../types';

/** A vector input whose gradient sits at `gradientPath` of the backward's answer. */
export function vectorSlot(gradientPath: string, label: string, input: Vector): Slot {
  return { gradientPath, label, input, rows: 1, cols: input.length, isMatrix: false };
}

/** A gate's W and b, with gradients at `${prefix}dW` and `${prefix}db`. */
export function gateSlots(gate: Gate, gateName: string, prefix = ''): Slot[] {
  return [
    { gradientPath: `${prefix}dW`, label: `dW of the ${gateName}`, input: gate.W.data, rows: gate.W.rows, cols: gate.W.cols, isMatrix: true },
    vectorSlot(`${prefix}db`, `db of the ${gateName}`, gate.b),
  ];
}
