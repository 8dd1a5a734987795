/**
 * The student's functions behind the SequenceModel and Head interfaces, for training inside the
 * sandbox: exercise 09 (lstmForward, lstmBackward) is the recurrent part, exercise 11 (denseForward,
 * denseBackward and a loss) the head. Every value they return is shape-checked before use, so a wrong
 * shape stops training with a sentence naming the function instead of a NaN three calls later.
 */
import type { Dense, LstmGrads, LstmParams, StepCache, Vector } from '../../../lib/types';
import type { SequenceTaskKind } from './config';
import { lstmParameterArrays } from './init';
import type { Head, SequenceModel } from './model';

/** The student folders the task trains, and the key each module has in StudentModules. */
export const STUDENT_FOLDERS = { sequence: '09-lstm-sequence', readout: '11-readout' } as const;

/**
 * What the task needs from the student's exercise 09 and exercise 11 modules: functions called with
 * the student API's arguments, their answers checked before use (method signatures, so that the
 * typed functions of a module fit).
 */
export interface StudentModules {
  sequence: { lstmForward(...args: unknown[]): unknown; lstmBackward(...args: unknown[]): unknown };
  readout: {
    denseForward(...args: unknown[]): unknown;
    denseBackward(...args: unknown[]): unknown;
    mseLoss(...args: unknown[]): unknown;
    mseLossBackward(...args: unknown[]): unknown;
    softmaxCrossEntropy(...args: unknown[]): unknown;
    softmaxCrossEntropyBackward(...args: unknown[]): unknown;
  };
}

export const SEQUENCE_FUNCTIONS = ['lstmForward', 'lstmBackward'] as const;
export const READOUT_FUNCTIONS = [
  'denseForward',
  'denseBackward',
  'mseLoss',
  'mseLossBackward',
  'softmaxCrossEntropy',
  'softmaxCrossEntropyBackward',
] as const;

const FN = 'trainSequenceTask';
const GATES = ['forget', 'input', 'candidate', 'output'] as const;

/**
 * The two student modules out of `students`, the record the sandbox passes (`{ [folder]: module }`,
 * Runner.runTask); throws unless both are there with every function the task calls.
 */
export function modulesFrom(students: unknown): StudentModules {
  const record = students as Record<string, Record<string, unknown> | undefined> | null;
  for (const [key, functions] of [
    ['sequence', SEQUENCE_FUNCTIONS],
    ['readout', READOUT_FUNCTIONS],
  ] as const) {
    const folder = STUDENT_FOLDERS[key];
    const module = typeof record === 'object' && record !== null ? record[folder] : undefined;
    for (const name of functions) {
      if (typeof module?.[name] !== 'function') {
        throw new TypeError(`${FN}: argument students must hold the module of ${folder} exporting the function ${name}`);
      }
    }
  }
  return {
    sequence: record![STUDENT_FOLDERS.sequence] as StudentModules['sequence'],
    readout: record![STUDENT_FOLDERS.readout] as StudentModules['readout'],
  };
}

/** The record the sandbox would pass for `modules` (for running the task in-process). */
export function studentsRecord(modules: StudentModules): Record<string, unknown> {
  return { [STUDENT_FOLDERS.sequence]: modules.sequence, [STUDENT_FOLDERS.readout]: modules.readout };
}

/** Throws unless v is a Float64Array of `length` finite-or-not numbers; `what` names the value. */
export function checkVector(v: unknown, length: number, what: string): Vector {
  if (!(v instanceof Float64Array) || v.length !== length) {
    const got = v instanceof Float64Array ? `length ${v.length}` : v === null ? 'null' : typeof v;
    throw new TypeError(`${FN}: ${what} must be a Float64Array of length ${length}, got ${got}`);
  }
  return v;
}

function checkNumber(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`${FN}: ${what} must return a number, got ${v === null ? 'null' : typeof v}`);
  return v;
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let k = 0; k < target.length; k++) target[k] += source[k];
}

type ForwardFn = (params: LstmParams, xs: Vector[], h0: Vector, c0: Vector) => { hs: Vector[]; caches: StepCache[] };
type BackwardFn = (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => { grads: LstmGrads };

/** The student's lstmForward / lstmBackward over windows of `length` days. */
export class StudentLstm implements SequenceModel {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  private readonly hidden: number;
  private caches: StepCache[] = [];

  constructor(
    private readonly params: LstmParams,
    private readonly length: number,
    private readonly module: StudentModules['sequence'],
  ) {
    this.hidden = params.forget.W.rows;
    this.parameters = lstmParameterArrays(params);
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
  }

  /** The raw result of lstmForward from zero state, checked; kept for the next backward. */
  run(xs: Vector[]): { hs: Vector[]; caches: StepCache[] } {
    const H = this.hidden;
    // Fresh zero states every time: a forward pass that wrote into h0 or c0 must not leak into the next.
    const out = (this.module.lstmForward as ForwardFn)(this.params, xs, new Float64Array(H), new Float64Array(H));
    if (typeof out !== 'object' || out === null || !Array.isArray(out.hs) || out.hs.length !== this.length) {
      throw new TypeError(`${FN}: lstmForward must return { hs, cs, caches } with ${this.length} hidden states in hs`);
    }
    out.hs.forEach((h, t) => checkVector(h, H, `lstmForward's hs[${t}]`));
    if (!Array.isArray(out.caches) || out.caches.length !== this.length) {
      throw new TypeError(`${FN}: lstmForward must return ${this.length} step caches in caches`);
    }
    this.caches = out.caches;
    return out;
  }

  forward(xs: Vector[]): readonly Vector[] {
    return this.run(xs).hs;
  }

  /** The raw grads of lstmBackward for the last forward, checked. */
  gradientsFor(dhs: Vector[]): LstmGrads {
    const out = (this.module.lstmBackward as BackwardFn)(this.params, this.caches, dhs, new Float64Array(this.hidden));
    if (typeof out !== 'object' || out === null || typeof out.grads !== 'object' || out.grads === null) {
      throw new TypeError(`${FN}: lstmBackward must return { grads, dxs, dh0, dc0 }`);
    }
    for (let g = 0; g < GATES.length; g++) {
      const gate = GATES[g];
      const grad = out.grads[gate];
      checkVector(grad?.dW?.data, this.parameters[2 * g].length, `lstmBackward's grads.${gate}.dW.data`);
      checkVector(grad?.db, this.parameters[2 * g + 1].length, `lstmBackward's grads.${gate}.db`);
    }
    return out.grads;
  }

  backward(dhs: Vector[]): void {
    const grads = this.gradientsFor(dhs);
    GATES.forEach((gate, g) => {
      addInto(this.gradients[2 * g], grads[gate].dW.data);
      addInto(this.gradients[2 * g + 1], grads[gate].db);
    });
  }
}

/** One example through the student's readout and loss, every value kept (for the probe). */
export interface HeadTrace {
  y: Vector;
  loss: number;
  dy: Vector;
  dW: Float64Array;
  db: Vector;
  dh: Vector;
}

/** The student's denseForward / denseBackward with mseLoss (regression) or softmaxCrossEntropy. */
export class StudentHead implements Head {
  readonly parameters: Float64Array[];
  readonly gradients: Float64Array[];
  private readonly target: Vector;
  private correct = false;

  constructor(
    private readonly readout: Dense,
    private readonly task: SequenceTaskKind,
    private readonly module: StudentModules['readout'],
  ) {
    this.parameters = [readout.W.data, readout.b];
    this.gradients = this.parameters.map((p) => new Float64Array(p.length));
    this.target = new Float64Array(1);
  }

  /** The readout and loss for one example, each result checked. */
  trace(h: Vector, target: number): HeadTrace {
    const O = this.readout.b.length;
    const H = this.readout.W.cols;
    const m = this.module;
    const y = checkVector(m.denseForward(this.readout, h), O, 'denseForward');
    let loss: number;
    let dy: Vector;
    if (this.task === 'regression') {
      this.target[0] = target; // refilled every time: a loss that wrote into target must not leak
      loss = checkNumber(m.mseLoss(y, this.target), 'mseLoss');
      this.target[0] = target;
      dy = checkVector(m.mseLossBackward(y, this.target), O, 'mseLossBackward');
    } else {
      loss = checkNumber(m.softmaxCrossEntropy(y, target), 'softmaxCrossEntropy');
      dy = checkVector(m.softmaxCrossEntropyBackward(y, target), O, 'softmaxCrossEntropyBackward');
      this.correct = argmax(y) === target;
    }
    const back = m.denseBackward(this.readout, h, dy) as { dW?: { data?: unknown }; db?: unknown; dh?: unknown } | null;
    if (typeof back !== 'object' || back === null) throw new TypeError(`${FN}: denseBackward must return { dW, db, dh }`);
    return {
      y,
      loss,
      dy,
      dW: checkVector(back.dW?.data, O * H, "denseBackward's dW.data"),
      db: checkVector(back.db, O, "denseBackward's db"),
      dh: checkVector(back.dh, H, "denseBackward's dh"),
    };
  }

  step(h: Vector, target: number, dh: Vector): number {
    const trace = this.trace(h, target);
    addInto(this.gradients[0], trace.dW);
    addInto(this.gradients[1], trace.db);
    dh.set(trace.dh);
    return trace.loss;
  }

  lastCorrect(): boolean {
    return this.correct;
  }
}

/** Index of the largest entry (the first one on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
  return best;
}
