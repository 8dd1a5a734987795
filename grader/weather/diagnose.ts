/**
 * Which student function is wrong? The sandbox ran one training example through every function the
 * task uses and kept each intermediate value (trainer/probe.ts). Here each stage is recomputed by the
 * grader's reference from the student's own input to that stage, so a mismatch is pinned on the
 * function that produced it, not on everything downstream of it.
 *
 * The student template ships without the reference's loss gradient and backward passes
 * (docs/student-template.md): there only the forward stages are diagnosed, and exercise 11's and
 * 09's own checks cover the others.
 */
import type { Vector } from '../../lib/types';
import { FastLstm } from '../copytask/fast-lstm';
import { isNotInTemplate } from '../student-template';
import { WEATHER_CLASSES } from './dataset';
import { FastHead } from './fast-head';
import type { SequenceTaskConfig } from './trainer/config';
import { dayRows, type SequenceTaskData } from './trainer/data';
import { probeModel } from './trainer/init';
import { fillWindow } from './trainer/loop';
import type { ProbeTrace } from './trainer/probe';

/** Stage values agree when |student − reference| ≤ PROBE_ATOL + PROBE_RTOL·|reference| (they differ by rounding only). */
export const PROBE_RTOL = 1e-7;
export const PROBE_ATOL = 1e-10;

export interface Finding {
  /** The student function the mismatch points at. */
  fn: string;
  /** Its exercise id. */
  exercise: 'lstm-sequence' | 'readout';
  /** The first value that differs, e.g. `hs[4][2]`, `dy[0]`, `dW of the input gate [3][7]`. */
  value: string;
  actual: number;
  expected: number;
  /** One sentence for the student. */
  message: string;
}

const GATE_LABELS = ['forget gate', 'input gate', 'candidate', 'output gate'];

function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  for (let k = 0; k < expected.length; k++) {
    if (!(Math.abs(actual[k] - expected[k]) <= PROBE_ATOL + PROBE_RTOL * Math.abs(expected[k]))) return k;
  }
  return -1;
}

const show = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));
const showVector = (v: ArrayLike<number>) => `[${Array.from(v, show).join(', ')}]`;

/**
 * The findings for a probe, in pipeline order (forward, loss, gradients), empty when every stage
 * matches the reference. `data` must be the training data the sandbox received.
 */
export function diagnoseProbe(probe: ProbeTrace, config: SequenceTaskConfig, data: SequenceTaskData): Finding[] {
  const N = config.window;
  const H = config.hidden;
  const lossName = config.task === 'regression' ? 'mseLoss' : 'softmaxCrossEntropy';
  const target = data.targets[probe.example + N];
  const targetText = config.task === 'regression' ? `target [${show(target)}]` : `label ${target} (${WEATHER_CLASSES[target] ?? '?'})`;
  const { params, readout } = probeModel(config);
  const findings: Finding[] = [];
  const add = (fn: string, exercise: Finding['exercise'], value: string, actual: number, expected: number, sentence: string) =>
    findings.push({
      fn,
      exercise,
      value,
      actual,
      expected,
      message: `${sentence}: ${value} is ${show(actual)}, the reference gives ${show(expected)}.`,
    });

  // lstmForward on the first training window, from the initial weights.
  const lstm = new FastLstm(params, N);
  const xs: Vector[] = new Array(N);
  fillWindow(xs, dayRows(data.features), probe.example);
  const hs = lstm.forward(xs);
  let forwardOk = true;
  for (let t = 0; t < N && forwardOk; t++) {
    const k = firstMismatch(probe.hs[t], hs[t]);
    if (k >= 0) {
      forwardOk = false;
      add(
        'lstmForward',
        'lstm-sequence',
        `hs[${t}][${k}]`,
        probe.hs[t][k],
        hs[t][k],
        `lstmForward (exercise 09) gives other hidden states than the reference on the first training window of ${N} days`,
      );
    }
  }

  // The head, each stage on the student's own input to it.
  const head = new FastHead(readout, config.task);
  const h = probe.hs[N - 1];
  const y = Float64Array.from(head.forward(h));
  let k = firstMismatch(probe.y, y);
  if (k >= 0) add('denseForward', 'readout', `y[${k}]`, probe.y[k], y[k], 'denseForward (exercise 11) does not compute W·h + b');

  /** Runs a stage that needs the reference's backward code; skipped where it is left out (the student template). */
  const withBackwardCode = (stage: () => void) => {
    try {
      stage();
    } catch (error) {
      if (!isNotInTemplate(error)) throw error;
    }
  };

  withBackwardCode(() => {
    head.outputs.set(probe.y);
    const loss = head.lossAt(target);
    const dy = Float64Array.from(head.lastOutputGradient());
    if (firstMismatch([probe.loss], [loss]) >= 0) {
      add(
        lossName,
        'readout',
        'the loss',
        probe.loss,
        loss,
        `${lossName} (exercise 11) returns another loss for y = ${showVector(probe.y)} and ${targetText}`,
      );
    }
    k = firstMismatch(probe.dy, dy);
    if (k >= 0) {
      add(
        `${lossName}Backward`,
        'readout',
        `∂L/∂y[${k}]`,
        probe.dy[k],
        dy[k],
        `${lossName}Backward (exercise 11) is not the gradient of ${lossName} at y = ${showVector(probe.y)} and ${targetText}`,
      );
    }
  });

  withBackwardCode(() => {
    const dW = new Float64Array(readout.W.data.length);
    const db = new Float64Array(readout.b.length);
    const dh = new Float64Array(H);
    head.backwardInto(h, probe.dy, dW, db, dh);
    for (const [name, actual, expected] of [
      ['dW', probe.dense.dW, dW],
      ['db', probe.dense.db, db],
      ['dh', probe.dense.dh, dh],
    ] as const) {
      k = firstMismatch(actual, expected);
      if (k >= 0) {
        const index = name === 'dW' ? `[${Math.floor(k / H)}][${k % H}]` : `[${k}]`;
        add(
          'denseBackward',
          'readout',
          `${name}${index}`,
          actual[k],
          expected[k],
          'denseBackward (exercise 11) gives other gradients than the reference for the same h and dy',
        );
        break;
      }
    }
  });

  // lstmBackward on the same window with the student's own dh at the last step; only meaningful
  // when the forward pass (whose caches it reads) is right.
  if (forwardOk) {
    withBackwardCode(() => {
      const dhs = Array.from({ length: N }, (_, t) => (t === N - 1 ? Float64Array.from(probe.dense.dh) : new Float64Array(H)));
      lstm.backward(dhs);
      for (let g = 0; g < lstm.gradients.length; g++) {
        k = firstMismatch(probe.lstm[g], lstm.gradients[g]);
        if (k >= 0) {
          const gate = GATE_LABELS[g >> 1];
          const cols = H + config.inputs;
          const value = g % 2 === 0 ? `dW of the ${gate} [${Math.floor(k / cols)}][${k % cols}]` : `db of the ${gate} [${k}]`;
          add(
            'lstmBackward',
            'lstm-sequence',
            value,
            probe.lstm[g][k],
            lstm.gradients[g][k],
            `lstmBackward (exercise 09) gives other parameter gradients than the reference for a loss that reads only the last of ${N} hidden states`,
          );
          break;
        }
      }
    });
  }
  return findings;
}
