/**
 * Hand-built GradeResults for the report tests, shaped like the grader's (check ids and titles
 * as grader/checks/run-pair.ts makes them). The buggy submission's numbers are real: its
 * gradients come from a forget-gate backward with the classic mistake (sigmoid derivative
 * written as σ), compared with finite differences of the reference forward.
 */
import { Random } from '../../lib/random';
import type { Gate, GateGrads, LstmParams, Matrix, StepCache, Vector } from '../../lib/types';
import { numericalGradient, withinTolerance } from '../../grader/engine/finite-difference';
import { EXERCISES, type ExerciseId } from '../../grader/exercises';
import type { CheckResult, CheckStatus, CopyTaskData, ExerciseResult, GradeResult, GradientComparison, NamedValues, PlainValue } from '../../grader/model';
import { affineBackward } from '../../solutions/02-affine/affine';
import { forgetGate } from '../../solutions/03-forget-gate/forget-gate';
import { lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';
import { inputGateBackward } from '../../solutions/04-input-gate/input-gate';
import { candidateBackward } from '../../solutions/05-candidate/candidate';
import { cellStateBackward } from '../../solutions/06-cell-state/cell-state';
import { hiddenStateBackward, outputGateBackward } from '../../solutions/07-output-gate/output-gate';

const TOLERANCE = { atol: 1e-6, rtol: 1e-4 };
const GATES = ['forget', 'input', 'candidate', 'output'] as const;
const GATE_NAMES = { forget: 'forget gate', input: 'input gate', candidate: 'candidate', output: 'output gate' };

/** Which functions each exercise checks: [forward, backward] pairs. */
const PAIRS: Record<ExerciseId, [string, string][]> = {
  activations: [['sigmoid', 'sigmoidBackward'], ['tanh', 'tanhBackward']],
  affine: [['affine', 'affineBackward']],
  'forget-gate': [['forgetGate', 'forgetGateBackward']],
  'input-gate': [['inputGate', 'inputGateBackward']],
  candidate: [['candidate', 'candidateBackward']],
  'cell-state': [['cellState', 'cellStateBackward']],
  'output-gate': [['outputGate', 'outputGateBackward'], ['hiddenState', 'hiddenStateBackward']],
  'lstm-cell': [['lstmCellForward', 'lstmCellBackward']],
  'lstm-sequence': [['lstmForward', 'lstmBackward']],
  'copy-task': [],
};

const KINDS: [string, 'F' | 'B', (f: string, b: string) => string][] = [
  ['forward', 'F', (f) => `${f} matches the reference`],
  ['forward-extreme', 'F', (f) => `${f} matches the reference for saturated and extreme inputs (±30, ±1000)`],
  ['shapes', 'F', (f) => `${f} returns Float64Arrays of the right shapes, all finite`],
  ['arguments-unchanged', 'F', (f) => `${f} leaves its arguments unchanged`],
  ['backward-gradient', 'B', (f, b) => `${b} matches finite differences of the reference ${f}`],
  ['backward-own-forward', 'B', (f, b) => `${b} matches finite differences of your own ${f}`],
  ['backward-zero-upstream', 'B', (_, b) => `${b} gives zero gradients for a zero upstream gradient`],
  ['backward-extreme', 'B', (_, b) => `${b} stays finite for saturated and extreme inputs`],
];

function check(exercise: ExerciseId, fn: string, kind: string, title: string, status: CheckStatus, maxScore: number, message = ''): CheckResult {
  return { id: `${fn}.${kind}`, exercise, title, fn, status, score: status === 'passed' ? maxScore : 0, maxScore, message };
}

/** The exercise's usual checks, all with one status. */
function standardChecks(exercise: ExerciseId, status: CheckStatus, messageFor: (fn: string) => string = () => ''): CheckResult[] {
  return PAIRS[exercise].flatMap(([f, b]) =>
    KINDS.map(([kind, which, title]) => {
      const fn = which === 'F' ? f : b;
      return check(exercise, fn, kind, title(f, b), status, kind === 'backward-gradient' ? 3 : 1, status === 'passed' ? '' : messageFor(fn));
    }),
  );
}

function exercise(id: ExerciseId, status: CheckStatus, checks: CheckResult[], extra: Partial<ExerciseResult> = {}): ExerciseResult {
  const info = EXERCISES.find((e) => e.id === id)!;
  const failed = checks.find((c) => c.status !== 'passed');
  return {
    id,
    title: info.title,
    file: info.file,
    status,
    score: checks.reduce((s, c) => s + c.score, 0),
    maxScore: checks.reduce((s, c) => s + c.maxScore, 0),
    summary: failed ? failed.message : '',
    checks,
    ...extra,
  };
}

function grade(exercises: ExerciseResult[], copyTask?: CopyTaskData): GradeResult {
  const score = exercises.reduce((s, e) => s + e.score, 0);
  const maxScore = exercises.reduce((s, e) => s + e.maxScore, 0);
  return {
    versions: { node: 'v20.20.0', 'fast-check': '4.11.0', grader: '0.1.0' },
    seed: 424242,
    startedAt: '2026-11-26T10:00:00.000Z',
    durationMs: 48_250,
    submission: 'exercises',
    score,
    maxScore,
    passMark: maxScore,
    exercises,
    copyTask,
  };
}

// ---------------------------------------------------------------- copy-task data

function copyTaskData(studentSolves: boolean): CopyTaskData {
  const rng = new Random(7);
  const K = 8;
  const S = 5;
  const T = 20;
  const H = 12;
  const baselineLoss = (S * Math.log(K)) / (T + 2 * S);
  const start = Math.log(K + 1);
  // Plausible shapes: everyone learns the blanks fast (down to the baseline); LSTMs then break
  // through to near zero, the RNN does not.
  const curve = (breakthrough: number | null) =>
    Array.from({ length: 61 }, (_, k) => {
      const step = k * 25;
      const toBaseline = baselineLoss + (start - baselineLoss) * Math.exp(-step / 40);
      const drop = breakthrough === null ? 0 : 1 / (1 + Math.exp(-(step - breakthrough) / 60));
      const loss = Math.max(0.002, toBaseline * (1 - 0.97 * drop) * (1 + 0.04 * rng.normal()));
      const accuracy = Math.min(1, 1 / K + (1 - 1 / K) * drop + 0.02 * rng.normal() * (1 - drop));
      return { step, loss, accuracy: Math.max(0, accuracy) };
    });
  const models: CopyTaskData['models'] = [
    { name: 'student', stepsToSolve: studentSolves ? 700 : null, accuracy: studentSolves ? 0.994 : 0.131, wallMs: 41_800, curve: curve(studentSolves ? 560 : null) },
    { name: 'reference', stepsToSolve: 700, accuracy: 0.996, wallMs: 40_900, curve: curve(560) },
    { name: 'rnn', stepsToSolve: null, accuracy: 0.128, wallMs: 12_300, curve: curve(null) },
  ];
  const L = T + 2 * S;
  const tokens = Array.from({ length: L }, () => 0);
  for (let s = 0; s < S; s++) tokens[s] = rng.int(1, K);
  tokens[T + S - 1] = K + 1;
  // Half the units hold a symbol through the delay (forget near 1), written when symbols arrive.
  const forget = tokens.map((_, t) =>
    Array.from({ length: H }, (_, u) => (u % 2 === 0 && t < T + S ? 0.97 + 0.02 * rng.next() : 0.2 + 0.5 * rng.next())),
  );
  const input = tokens.map((token, t) =>
    Array.from({ length: H }, (_, u) => (u % 2 === 0 && (t < S || token === K + 1) ? 0.85 + 0.1 * rng.next() : 0.05 + 0.15 * rng.next())),
  );
  return {
    config: { symbols: K, length: S, delay: T, hidden: H, batch: 16, learningRate: 0.01, clipNorm: 1, maxSteps: 1500, init: 'forget-bias-1', seed: 1 },
    baselineLoss,
    models,
    gates: { forget, input, tokens },
    tiers: [50, 100].flatMap((delay) =>
      (['reference', 'rnn'] as const).map((model) => ({
        delay,
        symbols: S,
        model,
        stepsToSolve: model === 'rnn' ? null : delay * 30,
        accuracy: model === 'rnn' ? 0.125 : delay === 50 ? 0.99 : 0.93,
      })),
    ),
  };
}

// ---------------------------------------------------------------- (a) all passed

export function allPassedFixture(): GradeResult {
  const exercises = EXERCISES.map((info) =>
    info.id === 'copy-task'
      ? exercise('copy-task', 'passed', [
          check('copy-task', 'lstmBackward', 'copy-task.solves', 'Your LSTM solves the copy task (delay 20) within the step budget', 'passed', 10),
          check('copy-task', 'lstmBackward', 'copy-task.follows-reference', 'Your learning curve follows the reference', 'passed', 5),
        ])
      : exercise(info.id, 'passed', standardChecks(info.id, 'passed')),
  );
  return grade(exercises, copyTaskData(true));
}

// ---------------------------------------------------------------- (b) all not attempted

export function notAttemptedFixture(): GradeResult {
  const exercises = EXERCISES.map((info) =>
    info.id === 'copy-task'
      ? exercise('copy-task', 'not-attempted', [
          check('copy-task', 'lstmBackward', 'copy-task.solves', 'Your LSTM solves the copy task (delay 20) within the step budget', 'not-attempted', 10,
            'The copy task needs lstmForward and lstmBackward, which are not implemented yet.'),
        ])
      : exercise(info.id, 'not-attempted', standardChecks(info.id, 'not-attempted', (fn) => `${fn} is not implemented yet: the stub still throws “not implemented”.`)),
  );
  return grade(exercises);
}

// ---------------------------------------------------------------- (c) buggy forget gate

const plainVector = (v: Vector): number[] => Array.from(v);
const plainMatrix = (m: Matrix): PlainValue => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
const plainGate = (g: Gate): PlainValue => ({ W: plainMatrix(g.W), b: plainVector(g.b) });

/** The mistake: δz = δf ⊙ f (σ instead of σ(1 − σ)). */
function buggyForgetGateBackward(gate: Gate, hPrev: Vector, x: Vector, f: Vector, df: Vector): GateGrads {
  const dz = df.map((d, k) => d * f[k]);
  return affineBackward(gate.W, hPrev, x, dz);
}

function compare(name: string, label: string, rows: number, cols: number, analytic: ArrayLike<number>, numerical: ArrayLike<number>): GradientComparison {
  const a = Array.from(analytic);
  const n = Array.from(numerical);
  const ok = a.map((v, k) => withinTolerance(v, n[k], TOLERANCE));
  let worst = 0;
  a.forEach((v, k) => {
    if (Math.abs(v - n[k]) > Math.abs(a[worst] - n[worst])) worst = k;
  });
  return {
    name, label, rows, cols, analytic: a, numerical: n, ok,
    worst: { row: Math.floor(worst / cols), col: worst % cols, analytic: a[worst], numerical: n[worst], error: Math.abs(a[worst] - n[worst]) },
  };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, k) => s + v * b[k], 0);

function gridVector(rng: Random, n: number): Vector {
  return Float64Array.from({ length: n }, () => rng.int(-3000, 3000) / 1000);
}

function gridGate(rng: Random, H: number, D: number): Gate {
  return { W: { rows: H, cols: H + D, data: gridVector(rng, H * (H + D)) }, b: gridVector(rng, H) };
}

/** The forget-gate backward-gradient failure on a shrunk case H = 2, D = 1. */
function forgetGateFailure(): CheckResult {
  const rng = new Random(3);
  const gate = gridGate(rng, 2, 1);
  const hPrev = gridVector(rng, 2);
  const x = gridVector(rng, 1);
  const df = gridVector(rng, 2);
  const f = forgetGate(gate, hPrev, x);
  const yours = buggyForgetGateBackward(gate, hPrev, x, f, df);
  const right = affineBackward(gate.W, hPrev, x, df.map((d, k) => d * f[k] * (1 - f[k])));
  const loss = () => dot(df, forgetGate(gate, hPrev, x));
  const gradients = [
    compare('dW', 'dW of the forget gate', 2, 3, yours.dW.data, numericalGradient(loss, gate.W.data)),
    compare('db', 'db of the forget gate', 1, 2, yours.db, numericalGradient(loss, gate.b)),
    compare('dhPrev', 'dhPrev', 1, 2, yours.dhPrev, numericalGradient(loss, hPrev)),
    compare('dx', 'dx', 1, 1, yours.dx, numericalGradient(loss, x)),
  ];
  const differing = gradients.flatMap((g) => g.ok.flatMap((ok, k) => (ok ? [] : [g.name === 'dW' ? `dW.data[${k}]` : `${g.name}[${k}]`])));
  const plainGrads = (g: GateGrads): PlainValue => ({ dW: plainMatrix(g.dW), db: plainVector(g.db), dhPrev: plainVector(g.dhPrev), dx: plainVector(g.dx) });
  const w = gradients[0].worst;
  return {
    id: 'forgetGateBackward.backward-gradient',
    exercise: 'forget-gate',
    title: 'forgetGateBackward matches finite differences of the reference forgetGate',
    fn: 'forgetGateBackward',
    status: 'failed',
    score: 0,
    maxScore: 3,
    message:
      `forgetGateBackward: dW of the forget gate, db of the forget gate, dhPrev, dx are wrong; e.g. dW of the forget gate at (row ${w.row}, column ${w.col}) ` +
      `is ${w.analytic.toPrecision(6)} but finite differences give ${w.numerical.toPrecision(6)}.`,
    counterexample: {
      inputs: { gate: plainGate(gate), hPrev: plainVector(hPrev), x: plainVector(x), f: plainVector(f), df: plainVector(df) },
      expected: plainGrads(right),
      actual: plainGrads(yours),
      differing,
    },
    gradients,
    mistake: {
      id: 'sigmoid-derivative-as-sigma',
      name: 'sigmoid derivative written as σ instead of σ(1 − σ)',
      hint: 'The derivative of σ at z is σ(z)·(1 − σ(z)). Your backward receives f = σ(z) itself: which factor is missing when you turn df into dz?',
    },
    replay: 'npm run grade -- --only forget-gate --seed 424242 --replay forgetGateBackward.backward-gradient:3:1:0',
    property: { seed: 424242, path: '3:1:0', numRuns: 4, numShrinks: 5 },
  };
}

function cellWithBuggyForget(params: LstmParams, cache: StepCache, dh: Vector, dc: Vector) {
  const { x, hPrev, cPrev, f, i, cTilde, o, c } = cache;
  const fromH = hiddenStateBackward(o, c, dh);
  const dcTotal = dc.map((v, k) => v + fromH.dc[k]);
  const fromC = cellStateBackward(f, cPrev, i, cTilde, dcTotal);
  const parts = {
    forget: buggyForgetGateBackward(params.forget, hPrev, x, f, fromC.df),
    input: inputGateBackward(params.input, hPrev, x, i, fromC.di),
    candidate: candidateBackward(params.candidate, hPrev, x, cTilde, fromC.dcTilde),
    output: outputGateBackward(params.output, hPrev, x, o, fromH.do),
  };
  const sum = (pick: (g: GateGrads) => Vector) => GATES.map((g) => pick(parts[g])).reduce((s, v) => s.map((e, k) => e + v[k]));
  return { parts, dhPrev: sum((g) => g.dhPrev), dcPrev: fromC.dcPrev, dx: sum((g) => g.dx) };
}

function randomParams(rng: Random, H: number, D: number): LstmParams {
  return { forget: gridGate(rng, H, D), input: gridGate(rng, H, D), candidate: gridGate(rng, H, D), output: gridGate(rng, H, D) };
}

/** lstm-cell fails through the forget gate: its dW_f, dhPrev, dx are off, the other gates fine. */
function lstmCellFailure(): CheckResult {
  const rng = new Random(11);
  const H = 2;
  const D = 2;
  const params = randomParams(rng, H, D);
  const hPrev = gridVector(rng, H);
  const cPrev = gridVector(rng, H);
  const x = gridVector(rng, D);
  const uh = gridVector(rng, H);
  const uc = gridVector(rng, H);
  const loss = () => {
    const out = lstmCellForward(params, hPrev, cPrev, x);
    return dot(uh, out.h) + dot(uc, out.c);
  };
  const yours = cellWithBuggyForget(params, lstmCellForward(params, hPrev, cPrev, x).cache, uh, uc);
  const gradients = [
    ...GATES.map((g) => compare(`grads.${g}.dW`, `dW of the ${GATE_NAMES[g]}`, H, H + D, yours.parts[g].dW.data, numericalGradient(loss, params[g].W.data))),
    compare('dhPrev', 'dhPrev', 1, H, yours.dhPrev, numericalGradient(loss, hPrev)),
    compare('dcPrev', 'dcPrev', 1, H, yours.dcPrev, numericalGradient(loss, cPrev)),
    compare('dx', 'dx', 1, D, yours.dx, numericalGradient(loss, x)),
  ];
  return {
    id: 'lstmCellBackward.backward-gradient',
    exercise: 'lstm-cell',
    title: 'lstmCellBackward matches finite differences of the reference lstmCellForward',
    fn: 'lstmCellBackward',
    status: 'failed',
    score: 0,
    maxScore: 3,
    message: 'lstmCellBackward: dW of the forget gate, dhPrev, dx are wrong; it calls your forgetGateBackward, which fails its own checks.',
    gradients,
    replay: 'npm run grade -- --only lstm-cell --seed 424242 --replay lstmCellBackward.backward-gradient:7:0',
    property: { seed: 424242, path: '7:0', numRuns: 8, numShrinks: 3 },
  };
}

/** lstm-sequence: dxs over T = 3 steps (one row per step) via the same buggy cell. */
function lstmSequenceFailure(): CheckResult {
  const rng = new Random(19);
  const H = 2;
  const D = 2;
  const T = 3;
  const params = randomParams(rng, H, D);
  const xs = Array.from({ length: T }, () => gridVector(rng, D));
  const h0 = gridVector(rng, H);
  const c0 = gridVector(rng, H);
  const dhs = Array.from({ length: T }, () => gridVector(rng, H));
  const loss = () => lstmForward(params, xs, h0, c0).hs.reduce((s, h, t) => s + dot(dhs[t], h), 0);
  const { caches } = lstmForward(params, xs, h0, c0);
  const dxs: Vector[] = new Array(T);
  let dhNext: Vector = new Float64Array(H);
  let dcNext: Vector = new Float64Array(H);
  for (let t = T - 1; t >= 0; t--) {
    const step = cellWithBuggyForget(params, caches[t], dhs[t].map((v, k) => v + dhNext[k]), dcNext);
    dxs[t] = step.dx;
    dhNext = step.dhPrev;
    dcNext = step.dcPrev;
  }
  const gradients = xs.map((xt, t) => compare(`dxs[${t}]`, `dxs[${t}]`, 1, D, dxs[t], numericalGradient(loss, xt)));
  return {
    id: 'lstmBackward.backward-gradient',
    exercise: 'lstm-sequence',
    title: 'lstmBackward matches finite differences of the reference lstmForward',
    fn: 'lstmBackward',
    status: 'failed',
    score: 0,
    maxScore: 3,
    message: 'lstmBackward: dxs[0], dxs[1], dxs[2] are wrong; the error grows as it flows back in time through your forget gate.',
    gradients,
    replay: 'npm run grade -- --only lstm-sequence --seed 424242 --replay lstmBackward.backward-gradient:2:2',
  };
}

/** Replaces the checks with these ids by the given ones (keeps order). */
function withFailures(checks: CheckResult[], failures: CheckResult[]): CheckResult[] {
  return checks.map((c) => failures.find((f) => f.id === c.id) ?? c);
}

export function buggyFixture(): GradeResult {
  const forgetFailure = forgetGateFailure();
  const ownForward: CheckResult = {
    ...check('forget-gate', 'forgetGateBackward', 'backward-own-forward', 'forgetGateBackward matches finite differences of your own forgetGate', 'failed', 1,
      'forgetGateBackward does not match your own forgetGate either: your forward is right, so the error is in the backward pass.'),
  };
  const exercises = EXERCISES.map((info): ExerciseResult => {
    switch (info.id) {
      case 'forget-gate':
        return exercise('forget-gate', 'failed', withFailures(standardChecks('forget-gate', 'passed'), [forgetFailure, ownForward]), {
          output: 'debug f: Float64Array(2) [ 0.7109495026250039, 0.2689414213699951 ]\ndebug dz: <b>not escaped?</b>\n',
          summary: forgetFailure.message,
        });
      case 'output-gate': {
        const timeout = check('output-gate', 'hiddenStateBackward', 'backward-gradient', 'hiddenStateBackward matches finite differences of the reference hiddenState', 'error', 3,
          'hiddenStateBackward ran longer than 2 s: is there an endless loop?');
        return exercise('output-gate', 'error', withFailures(standardChecks('output-gate', 'passed'), [timeout]));
      }
      case 'lstm-cell':
        return exercise('lstm-cell', 'failed', withFailures(standardChecks('lstm-cell', 'passed'), [lstmCellFailure()]), { fixFirst: 'forget-gate' });
      case 'lstm-sequence':
        return exercise('lstm-sequence', 'failed', withFailures(standardChecks('lstm-sequence', 'passed'), [lstmSequenceFailure()]), { fixFirst: 'forget-gate' });
      case 'copy-task':
        return exercise('copy-task', 'failed', [
          check('copy-task', 'lstmBackward', 'copy-task.solves', 'Your LSTM solves the copy task (delay 20) within the step budget', 'failed', 10,
            'Your LSTM stayed at the memoryless baseline: recall accuracy 13.1 % after 1500 steps (the bar is 95 %).'),
          check('copy-task', 'lstmBackward', 'copy-task.follows-reference', 'Your learning curve follows the reference', 'failed', 5,
            'Your loss curve stays above the reference’s from step 400 on.'),
        ], { fixFirst: 'forget-gate' });
      default:
        return exercise(info.id, 'passed', standardChecks(info.id, 'passed'));
    }
  });
  return grade(exercises, copyTaskData(false));
}

export const FIXTURES = { passed: allPassedFixture, 'not-attempted': notAttemptedFixture, buggy: buggyFixture } as const;
export type FixtureName = keyof typeof FIXTURES;

// ---------------------------------------------------------------- (d) the largest report

type Shape = { inputs: NamedValues; answer: () => PlainValue; gradients: () => GradientComparison[] };

/**
 * The biggest page the grader can ask for: every exercise attempted and wrong everywhere, every
 * check failing at the largest shapes the arbitraries draw (H = D = 5, T = 6) with a
 * counterexample the size of the backward's inputs and answer (an upper bound for forward
 * checks), both gradient checks of every pair with every entry wrong, 4 KB of console output
 * per exercise, and the copy task at the longest shown delay (50).
 */
export function largestFixture(): GradeResult {
  const rng = new Random(5);
  const H = 5;
  const D = 5;
  const T = 6;
  const grid = (n: number) => Array.from({ length: n }, () => rng.int(-3000, 3000) / 1000);
  const matrix = (rows: number, cols: number): PlainValue => ({ rows, cols, data: grid(rows * cols) });
  const wrong = (name: string, label: string, rows: number, cols: number) => compare(name, label, rows, cols, grid(rows * cols), grid(rows * cols));
  const vectors = (...names: string[]): NamedValues => Object.fromEntries(names.map((n) => [n, grid(H)]));
  const gateGrads = (prefix: string) => [
    wrong(`${prefix}dW`, 'dW', H, H + D), wrong(`${prefix}db`, 'db', 1, H), wrong('dhPrev', 'dhPrev', 1, H), wrong('dx', 'dx', 1, D),
  ];
  const params = () => Object.fromEntries(GATES.map((g) => [g, { W: matrix(H, H + D), b: grid(H) }]));
  const grads = () => Object.fromEntries(GATES.map((g) => [g, { dW: matrix(H, H + D), db: grid(H) }]));
  const paramGradients = () => [
    ...GATES.map((g) => wrong(`grads.${g}.dW`, `dW of the ${GATE_NAMES[g]}`, H, H + D)),
    ...GATES.map((g) => wrong(`grads.${g}.db`, `db of the ${GATE_NAMES[g]}`, 1, H)),
  ];
  const shapes: Record<string, Shape> = {
    vector: { inputs: vectors('z', 's', 'ds'), answer: () => grid(H), gradients: () => [wrong('dz', 'dz', 1, H)] },
    gate: {
      inputs: { gate: { W: matrix(H, H + D), b: grid(H) }, hPrev: grid(H), x: grid(D), f: grid(H), df: grid(H) },
      answer: () => ({ dW: matrix(H, H + D), db: grid(H), dhPrev: grid(H), dx: grid(D) }),
      gradients: () => gateGrads(''),
    },
    cellState: {
      inputs: vectors('f', 'cPrev', 'i', 'cTilde', 'dc'),
      answer: () => vectors('df', 'dcPrev', 'di', 'dcTilde'),
      gradients: () => ['df', 'dcPrev', 'di', 'dcTilde'].map((n) => wrong(n, n, 1, H)),
    },
    hidden: { inputs: vectors('o', 'c', 'dh'), answer: () => vectors('do', 'dc'), gradients: () => [wrong('do', 'do', 1, H), wrong('dc', 'dc', 1, H)] },
    cell: {
      inputs: { params: params(), cache: vectors('x', 'hPrev', 'cPrev', 'f', 'i', 'cTilde', 'o', 'c', 'h'), dh: grid(H), dc: grid(H) },
      answer: () => ({ grads: grads(), dhPrev: grid(H), dcPrev: grid(H), dx: grid(D) }),
      gradients: () => [...paramGradients(), wrong('dhPrev', 'dhPrev', 1, H), wrong('dcPrev', 'dcPrev', 1, H), wrong('dx', 'dx', 1, D)],
    },
    sequence: {
      inputs: { params: params(), xs: Array.from({ length: T }, () => grid(D)), h0: grid(H), c0: grid(H), dhs: Array.from({ length: T }, () => grid(H)), dcLast: grid(H) },
      answer: () => ({ grads: grads(), dxs: Array.from({ length: T }, () => grid(D)), dh0: grid(H), dc0: grid(H) }),
      gradients: () => [...paramGradients(), ...Array.from({ length: T }, (_, t) => wrong(`dxs[${t}]`, `dxs[${t}]`, 1, D)), wrong('dh0', 'dh0', 1, H), wrong('dc0', 'dc0', 1, H)],
    },
  };
  const shapeOf = (fn: string): Shape =>
    /^(sigmoid|tanh)/.test(fn) ? shapes.vector
      : /^cellState/.test(fn) ? shapes.cellState
        : /^hiddenState/.test(fn) ? shapes.hidden
          : /^lstmCell/.test(fn) ? shapes.cell
            : /^lstm/.test(fn) ? shapes.sequence
              : shapes.gate;
  const failing = (c: CheckResult): CheckResult => {
    const shape = shapeOf(c.fn!);
    const withGradients = c.id.endsWith('backward-gradient') || c.id.endsWith('backward-own-forward');
    return {
      ...c,
      status: 'failed',
      score: 0,
      message: `${c.fn}: every entry is wrong; e.g. dW of the forget gate at (row 4, column 9) is 1.234 but finite differences give -2.5.`,
      counterexample: { inputs: shape.inputs, expected: shape.answer(), actual: shape.answer(), differing: Array.from({ length: 20 }, (_, k) => `grads.forget.dW.data[${k}]`) },
      gradients: withGradients ? shape.gradients() : undefined,
      mistake: { id: 'bptt-not-accumulated', name: 'gradients not accumulated over time in BPTT', hint: 'The same W is used at every step: what happens to its gradient from each step?' },
      replay: `npm run grade -- --only ${c.exercise} --seed 1 --replay ${c.id}:1:2:3`,
    };
  };
  const exercises = EXERCISES.map((info) =>
    info.id === 'copy-task'
      ? exercise('copy-task', 'failed', [check('copy-task', 'lstmBackward', 'solves', 'learning curve follows the reference', 'failed', 10, 'Your LSTM stayed at the baseline.')])
      : exercise(info.id, 'failed', standardChecks(info.id, 'failed').map(failing), { output: 'x'.repeat(4096) }),
  );
  const copyTask = copyTaskData(false);
  const steps = 50 + 2 * 3;
  copyTask.gates = {
    forget: Array.from({ length: steps }, () => Array.from({ length: 16 }, () => rng.next())),
    input: Array.from({ length: steps }, () => Array.from({ length: 16 }, () => rng.next())),
    tokens: Array.from({ length: steps }, (_, t) => (t < 3 ? 1 + (t % 2) : t === 52 ? 3 : 0)),
  };
  copyTask.config = { ...copyTask.config, symbols: 2, length: 3, delay: 50 };
  return grade(exercises, copyTask);
}
