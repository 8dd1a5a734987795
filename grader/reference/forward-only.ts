/**
 * Stand-ins for a student's exercise modules made of the reference's forward passes (the course
 * modules' pieces, grader/course/) and backward passes that return zero gradients of the right
 * shapes, computed from nothing. They cost what a student's forward passes cost, in the same
 * allocating one-example-at-a-time style, and no backward work: the time budgets of the training
 * tasks time them through the very trainer the sandbox runs when solutions/ is missing (the student
 * template, which ships no backward code), and scale by a measured ratio.
 */
import type { Dense, Gate, LstmParams, StepCache, Vector } from '../../lib/types';
import type { ExerciseFunction, Library } from './library';

const GATES = ['forget', 'input', 'candidate', 'output'] as const;

const zerosOfGate = (gate: Gate) => ({
  dW: { rows: gate.W.rows, cols: gate.W.cols, data: new Float64Array(gate.W.data.length) },
  db: new Float64Array(gate.b.length),
});

/** lstmForward of the reference; an lstmBackward that returns zeros shaped like the real one's. */
export function forwardOnlyLstmSequence(reference: Library): { lstmForward: ExerciseFunction; lstmBackward: ExerciseFunction } {
  return {
    lstmForward: reference.lstmForward,
    lstmBackward: (params: LstmParams, caches: StepCache[], _dhs: Vector[], dcLast: Vector) => ({
      grads: Object.fromEntries(GATES.map((gate) => [gate, zerosOfGate(params[gate])])),
      dxs: caches.map((cache) => new Float64Array(cache.x.length)),
      dh0: new Float64Array(dcLast.length),
      dc0: new Float64Array(dcLast.length),
    }),
  };
}

/** The readout's forward functions of the reference; backward functions that return zeros. */
export function forwardOnlyReadout(reference: Library): Record<string, ExerciseFunction> {
  return {
    denseForward: reference.denseForward,
    denseBackward: (layer: Dense, h: Vector) => ({
      dW: { rows: layer.W.rows, cols: layer.W.cols, data: new Float64Array(layer.W.data.length) },
      db: new Float64Array(layer.b.length),
      dh: new Float64Array(h.length),
    }),
    mseLoss: reference.mseLoss,
    mseLossBackward: (y: Vector) => new Float64Array(y.length),
    softmaxCrossEntropy: reference.softmaxCrossEntropy,
    softmaxCrossEntropyBackward: (logits: Vector) => new Float64Array(logits.length),
  };
}
