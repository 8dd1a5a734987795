/**
 * One example through every student function the task uses, every intermediate value kept: hidden
 * states, readout output, loss, loss gradient, readout gradients and BPTT gradients, at the probe
 * weights of init.ts (seeded, every bias non-zero). The trusted side recomputes each stage from the
 * student's own input to it (grader/weather/diagnose.ts), so a wrong result is pinned on the
 * function that produced it.
 */
import type { Vector } from '../../../lib/types';
import type { SequenceTaskConfig } from './config';
import { dayRows, type SequenceTaskData } from './data';
import { probeModel } from './init';
import { fillWindow } from './loop';
import { StudentHead, StudentLstm, type StudentModules } from './student';

/** The example the probe runs: the first window of the training data. */
export const PROBE_EXAMPLE = 0;

export interface ProbeTrace {
  example: number;
  /** lstmForward's hidden states, N × H. */
  hs: Vector[];
  /** denseForward(readout, hs[N − 1]). */
  y: Vector;
  loss: number;
  /** The loss's backward at y. */
  dy: Vector;
  /** denseBackward(readout, hs[N − 1], dy); dW row-major O × H. */
  dense: { dW: Float64Array; db: Vector; dh: Vector };
  /** lstmBackward's parameter gradients for dhs = (0, …, 0, dense.dh), in lstmParameterArrays order. */
  lstm: Float64Array[];
}

/** Runs the probe example through the student's functions at the probe weights of `config`. */
export function runProbe(modules: StudentModules, config: SequenceTaskConfig, data: SequenceTaskData): ProbeTrace {
  const { params, readout } = probeModel(config);
  const model = new StudentLstm(params, config.window, modules.sequence);
  const head = new StudentHead(readout, config.task, modules.readout);
  const window = config.window;
  const rows = dayRows(data.features);
  const xs: Vector[] = new Array(window);
  fillWindow(xs, rows, PROBE_EXAMPLE);
  const { hs } = model.run(xs);
  const h = hs[window - 1];
  const trace = head.trace(h, data.targets[PROBE_EXAMPLE + window]);
  const dhs = Array.from({ length: window }, (_, t) => (t === window - 1 ? Float64Array.from(trace.dh) : new Float64Array(h.length)));
  const grads = model.gradientsFor(dhs);
  const gates = ['forget', 'input', 'candidate', 'output'] as const;
  return {
    example: PROBE_EXAMPLE,
    hs: hs.map((v) => Float64Array.from(v)),
    y: Float64Array.from(trace.y),
    loss: trace.loss,
    dy: Float64Array.from(trace.dy),
    dense: { dW: Float64Array.from(trace.dW), db: Float64Array.from(trace.db), dh: Float64Array.from(trace.dh) },
    lstm: gates.flatMap((gate) => [Float64Array.from(grads[gate].dW.data), Float64Array.from(grads[gate].db)]),
  };
}
