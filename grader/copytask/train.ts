/**
 * The copy-task training that runs inside the sandbox, next to the student's code: the student's
 * lstmForward / lstmBackward provide the recurrent part, everything else (data, readout, loss,
 * clipping, Adam) is this trusted loop. The sandbox stages it with the grader files it requires
 * (grader/sandbox/stage.ts) and lib/.
 */
import type { LstmGrads, LstmParams, StepCache, Vector } from '../../lib/types';
import { validateConfig, type CopyTaskConfig } from './config';
import { initLstmParams, lstmParameterArrays } from './init';
import type { ReadoutParams } from './readout';
import type { SequenceModel } from './sequence-model';
import { runTraining, type CurvePoint } from './train-loop';

/** What the student's lstm-sequence module must provide (DESIGN.md section 3). */
export interface LstmSequenceModule {
  lstmForward: (...args: never[]) => unknown;
  lstmBackward: (...args: never[]) => unknown;
}

/** Plain data (Float64Arrays inside), checked again on the trusted side before any use. */
export interface TrainOutcome {
  params: LstmParams;
  readout: ReadoutParams;
  curve: CurvePoint[];
  stepsRun: number;
  stepsToSolve: number | null;
  wallMs: number;
}

type ForwardFn = (params: LstmParams, xs: Vector[], h0: Vector, c0: Vector) => { hs: Vector[]; caches: StepCache[] };
type BackwardFn = (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => { grads: LstmGrads };

const GATES = ['forget', 'input', 'candidate', 'output'] as const;

/** The student's functions behind the SequenceModel interface; every result is shape-checked. */
class StudentLstm implements SequenceModel {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  private readonly zeroState: Vector;
  private readonly zeroCell: Vector;
  private readonly zeroCellGradient: Vector;
  private caches: StepCache[] = [];

  constructor(
    private readonly params: LstmParams,
    private readonly length: number,
    private readonly forwardFn: ForwardFn,
    private readonly backwardFn: BackwardFn,
  ) {
    const H = params.forget.W.rows;
    this.parameters = lstmParameterArrays(params);
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.zeroState = new Float64Array(H);
    this.zeroCell = new Float64Array(H);
    this.zeroCellGradient = new Float64Array(H);
  }

  forward(xs: Vector[]): readonly Vector[] {
    // Refilled every time: a forward pass that wrote into h0 or c0 must not leak into the next one.
    this.zeroState.fill(0);
    this.zeroCell.fill(0);
    const out = this.forwardFn(this.params, xs, this.zeroState, this.zeroCell);
    const H = this.zeroState.length;
    if (typeof out !== 'object' || out === null || !Array.isArray(out.hs) || out.hs.length !== this.length) {
      throw new TypeError(`trainCopyTask: lstmForward must return { hs, cs, caches } with ${this.length} hidden states in hs`);
    }
    for (let t = 0; t < this.length; t++) {
      const h = out.hs[t];
      if (!(h instanceof Float64Array) || h.length !== H) {
        throw new TypeError(`trainCopyTask: lstmForward returned hs[${t}] that is not a Float64Array of length ${H}`);
      }
    }
    if (!Array.isArray(out.caches) || out.caches.length !== this.length) {
      throw new TypeError(`trainCopyTask: lstmForward must return ${this.length} step caches in caches`);
    }
    this.caches = out.caches;
    return out.hs;
  }

  backward(dhs: Vector[]): void {
    this.zeroCellGradient.fill(0);
    const out = this.backwardFn(this.params, this.caches, dhs, this.zeroCellGradient);
    if (typeof out !== 'object' || out === null || typeof out.grads !== 'object' || out.grads === null) {
      throw new TypeError('trainCopyTask: lstmBackward must return { grads, dxs, dh0, dc0 }');
    }
    for (let g = 0; g < GATES.length; g++) {
      const gate = GATES[g];
      const grad = out.grads[gate];
      const dW = grad?.dW?.data;
      const db = grad?.db;
      const W = this.parameters[2 * g];
      const b = this.parameters[2 * g + 1];
      if (!(dW instanceof Float64Array) || dW.length !== W.length || !(db instanceof Float64Array) || db.length !== b.length) {
        throw new TypeError(
          `trainCopyTask: lstmBackward returned grads.${gate} without a dW of ${W.length} entries and a db of ${b.length}`,
        );
      }
      addInto(this.gradients[2 * g], dW);
      addInto(this.gradients[2 * g + 1], db);
    }
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let k = 0; k < target.length; k++) target[k] += source[k];
}

/** The exercise folder whose code the copy task trains. */
export const COPY_TASK_FOLDER = '09-lstm-sequence';

/**
 * The task the sandbox runs (Runner.runTask with folders [COPY_TASK_FOLDER]): trains
 * `students['09-lstm-sequence']`, the student's lstm-sequence module, with trainLstmOnCopyTask.
 */
export function trainCopyTask(students: Record<string, unknown>, config: CopyTaskConfig): TrainOutcome {
  if (typeof students !== 'object' || students === null || !(COPY_TASK_FOLDER in students)) {
    throw new TypeError(`trainCopyTask: argument students must hold the module of ${COPY_TASK_FOLDER}`);
  }
  return trainLstmOnCopyTask(students[COPY_TASK_FOLDER] as LstmSequenceModule, config);
}

/**
 * Trains an lstm-sequence module on the copy task from the seeded initialisation of `config` and
 * returns the trained weights and the learning curve.
 */
export function trainLstmOnCopyTask(lstm: LstmSequenceModule, config: CopyTaskConfig): TrainOutcome {
  validateConfig(config, 'trainCopyTask');
  if (typeof lstm?.lstmForward !== 'function' || typeof lstm?.lstmBackward !== 'function') {
    throw new TypeError('trainCopyTask: argument lstm must export the functions lstmForward and lstmBackward');
  }
  const { params, readout } = initLstmParams(config);
  const model = new StudentLstm(params, config.delay + 2 * config.length, lstm.lstmForward as ForwardFn, lstm.lstmBackward as BackwardFn);
  const log = runTraining(model, readout, config);
  return { params, readout, ...log };
}
