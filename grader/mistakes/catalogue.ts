/**
 * Known mistakes, each written as a small patch to the reference solution of one exercise
 * (DESIGN.md section 4). Applying the patch to solutions/NN-id/id.ts gives a "known-bug variant";
 * when a submission's output matches a variant's and not the reference's, the feedback names the
 * mistake and shows its hint.
 *
 * Every `find` must occur exactly once in the file at the moment it is applied (patches of one
 * mistake apply in order); test/mistakes/catalogue.test.ts checks this, so an edit to solutions/
 * cannot silently turn a mistake into a no-op.
 */
import type { ExerciseId } from '../exercises';

export interface PatchStep {
  find: string;
  replace: string;
}

export interface Mistake {
  /** Stable, kebab-case, unique. */
  id: string;
  /** The exercise whose reference file the patch edits. */
  exercise: ExerciseId;
  /** The export whose output shows the mistake. */
  fn: string;
  /** Short phrase naming the mistake, for the report. */
  name: string;
  /** Teaches the idea that fixes it, without giving the code away. */
  hint: string;
  patch: PatchStep[];
}

const SIGMOID_IMPORT = "import { sigmoid, sigmoidBackward } from '../01-activations/activations';";
const TANH_IMPORT = "import { tanh, tanhBackward } from '../01-activations/activations';";
const ALL_ACTIVATIONS_IMPORT =
  "import { sigmoid, sigmoidBackward, tanh, tanhBackward } from '../01-activations/activations';";

export const MISTAKES: readonly Mistake[] = [
  // ── 01 activations ────────────────────────────────────────────────────────────────────────
  {
    id: 'sigmoid-derivative-as-sigmoid',
    exercise: 'activations',
    fn: 'sigmoidBackward',
    name: 'sigmoid derivative written as σ instead of σ(1 − σ)',
    hint:
      'Differentiate 1/(1 + e^(−z)) once more and write the result in terms of s itself: the derivative ' +
      'is largest at z = 0 and vanishes when the sigmoid saturates near 0 or 1. Does yours?',
    patch: [{ find: 'dz[k] = ds[k] * s[k] * (1 - s[k]);', replace: 'dz[k] = ds[k] * s[k];' }],
  },
  {
    id: 'sigmoid-backward-treats-s-as-z',
    exercise: 'activations',
    fn: 'sigmoidBackward',
    name: 'sigmoidBackward applies σ again: it treats its input s = σ(z) as if it were z',
    hint:
      'sigmoidBackward receives the forward output s, not the pre-activation z. σ\'(z) can be written ' +
      'with s alone, so there is no need to call σ again inside the backward pass.',
    patch: [
      {
        find: 'dz[k] = ds[k] * s[k] * (1 - s[k]);',
        replace: '{ const sz = 1 / (1 + Math.exp(-s[k])); dz[k] = ds[k] * sz * (1 - sz); }',
      },
    ],
  },
  {
    id: 'sigmoid-naive-overflow',
    exercise: 'activations',
    fn: 'sigmoid',
    name: 'sigmoid computed as e^z / (1 + e^z) for every z, which gives NaN for large z',
    hint:
      'For z above about 709, e^z overflows to Infinity and Infinity / Infinity is NaN. Both ' +
      '1/(1 + e^(−z)) and e^z/(1 + e^z) are exact; pick, for each sign of z, the one whose exponential cannot overflow.',
    patch: [
      {
        find:
          '    if (z[k] >= 0) {\n      s[k] = 1 / (1 + Math.exp(-z[k]));\n    } else {\n' +
          '      const e = Math.exp(z[k]);\n      s[k] = e / (1 + e);\n    }',
        replace: '    const e = Math.exp(z[k]);\n    s[k] = e / (1 + e);',
      },
    ],
  },
  {
    id: 'sigmoid-sign-flipped',
    exercise: 'activations',
    fn: 'sigmoid',
    name: 'sigmoid with the sign of the exponent flipped: 1/(1 + e^z), that is σ(−z)',
    hint:
      'Check two values by hand: σ(0) = 0.5 and σ(z) must approach 1 as z grows. A sign slip in the ' +
      'exponent mirrors the curve, so large positive z gives 0 instead of 1.',
    patch: [
      { find: 's[k] = 1 / (1 + Math.exp(-z[k]));', replace: 's[k] = 1 / (1 + Math.exp(z[k]));' },
      { find: 's[k] = e / (1 + e);', replace: 's[k] = 1 / (1 + e);' },
    ],
  },
  {
    id: 'tanh-naive-exponentials',
    exercise: 'activations',
    fn: 'tanh',
    name: 'tanh computed from exponentials (e^z − e^(−z)) / (e^z + e^(−z)), which gives NaN for large |z|',
    hint:
      'For |z| above about 710 both exponentials overflow and the quotient becomes Infinity / Infinity = NaN, ' +
      'although tanh is simply ±1 there. Use a formulation that saturates instead of overflowing.',
    patch: [
      {
        find: 't[k] = Math.tanh(z[k]);',
        replace: 't[k] = (Math.exp(z[k]) - Math.exp(-z[k])) / (Math.exp(z[k]) + Math.exp(-z[k]));',
      },
    ],
  },
  {
    id: 'tanh-derivative-one-minus-tanh',
    exercise: 'activations',
    fn: 'tanhBackward',
    name: "tanh' written as 1 − tanh instead of 1 − tanh²",
    hint:
      'Differentiate sinh/cosh with the quotient rule and express the result with t = tanh(z). The ' +
      'derivative must be even in z (the same for z and −z); is yours?',
    patch: [{ find: 'dz[k] = dt[k] * (1 - t[k] * t[k]);', replace: 'dz[k] = dt[k] * (1 - t[k]);' }],
  },
  {
    id: 'tanh-backward-treats-t-as-z',
    exercise: 'activations',
    fn: 'tanhBackward',
    name: 'tanhBackward applies tanh again: it treats its input t = tanh(z) as if it were z',
    hint:
      'tanhBackward receives the forward output t, not z. The derivative of tanh is a simple ' +
      'expression in t itself, so no second call to tanh is needed.',
    patch: [
      {
        find: 'dz[k] = dt[k] * (1 - t[k] * t[k]);',
        replace: '{ const tt = Math.tanh(t[k]); dz[k] = dt[k] * (1 - tt * tt); }',
      },
    ],
  },
  {
    id: 'sigmoid-backward-changes-ds',
    exercise: 'activations',
    fn: 'sigmoidBackward',
    name: 'sigmoidBackward scales its upstream gradient ds in place',
    hint:
      'The caller still owns ds after the call (an LSTM cell reuses its gradients). A backward function ' +
      'must return a new array and leave every argument exactly as it received it.',
    patch: [
      {
        find: 'dz[k] = ds[k] * s[k] * (1 - s[k]);',
        replace: '{ ds[k] *= s[k] * (1 - s[k]); dz[k] = ds[k]; }',
      },
    ],
  },

  // ── 02 affine ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'affine-x-before-h',
    exercise: 'affine',
    fn: 'affine',
    name: 'W applied to [x, h] instead of [h, x]',
    hint:
      'The first H columns of W belong to the previous hidden state and the last D columns to the input. ' +
      'Write out W·[h; x] for H = 1, D = 2 and see which column multiplies which number.',
    patch: [
      { find: 'sum += W.data[row + c] * hPrev[c];', replace: 'sum += W.data[row + D + c] * hPrev[c];' },
      { find: 'sum += W.data[row + H + c] * x[c];', replace: 'sum += W.data[row + c] * x[c];' },
      { find: 'dW.data[row + c] = g * hPrev[c];', replace: 'dW.data[row + D + c] = g * hPrev[c];' },
      { find: 'dhPrev[c] += W.data[row + c] * g;', replace: 'dhPrev[c] += W.data[row + D + c] * g;' },
      { find: 'dW.data[row + H + c] = g * x[c];', replace: 'dW.data[row + c] = g * x[c];' },
      { find: 'dx[c] += W.data[row + H + c] * g;', replace: 'dx[c] += W.data[row + c] * g;' },
    ],
  },
  {
    id: 'affine-missing-bias',
    exercise: 'affine',
    fn: 'affine',
    name: 'bias b left out of W·[h, x] + b',
    hint: 'Each output z[r] is one row of W times [h; x], plus one more term. Which argument have you not read?',
    patch: [{ find: 'let sum = b[r];', replace: 'let sum = 0;' }],
  },
  {
    id: 'affine-db-zeros',
    exercise: 'affine',
    fn: 'affineBackward',
    name: 'db returned as zeros instead of dz',
    hint:
      'z depends on b with ∂z[r]/∂b[r] = 1, so the gradient of the bias is not zero: apply the chain rule ' +
      'to z = W·[h; x] + b with respect to b.',
    patch: [{ find: 'db: Float64Array.from(dz)', replace: 'db: new Float64Array(H)' }],
  },
  {
    id: 'affine-backward-split-wrong',
    exercise: 'affine',
    fn: 'affineBackward',
    name: 'Wᵀ·dz split at the wrong place: dx taken from the first entries, dhPrev from the last',
    hint:
      'Wᵀ·dz has H + D entries in the order of [h; x]: the first H belong to hPrev and the last D to x. ' +
      'Check which columns of W your dhPrev and dx read.',
    patch: [
      { find: 'dhPrev[c] += W.data[row + c] * g;', replace: 'dhPrev[c] += W.data[row + D + c] * g;' },
      { find: 'dx[c] += W.data[row + H + c] * g;', replace: 'dx[c] += W.data[row + c] * g;' },
    ],
  },
  {
    id: 'affine-backward-no-transpose',
    exercise: 'affine',
    fn: 'affineBackward',
    name: 'dhPrev computed with W instead of Wᵀ',
    hint:
      'The gradient flowing back through a matrix uses its transpose: dhPrev[c] collects W[r][c]·dz[r] over ' +
      'the rows r. Swapping the roles of row and column gives a different answer as soon as H ≥ 2.',
    patch: [{ find: 'dhPrev[c] += W.data[row + c] * g;', replace: 'dhPrev[c] += W.data[c * W.cols + r] * g;' }],
  },

  // ── 03 forget gate ────────────────────────────────────────────────────────────────────────
  {
    id: 'forget-gate-tanh',
    exercise: 'forget-gate',
    fn: 'forgetGate',
    name: 'forget gate squashed with tanh instead of σ',
    hint:
      'A gate is a fraction between 0 (erase) and 1 (keep) that multiplies the memory. Which activation ' +
      'has exactly that range? tanh can go negative and flip the sign of the memory.',
    patch: [
      { find: SIGMOID_IMPORT, replace: "import { sigmoidBackward, tanh } from '../01-activations/activations';" },
      { find: 'return sigmoid(affine(gate.W, gate.b, hPrev, x));', replace: 'return tanh(affine(gate.W, gate.b, hPrev, x));' },
    ],
  },
  {
    id: 'forget-gate-backward-skips-sigmoid',
    exercise: 'forget-gate',
    fn: 'forgetGateBackward',
    name: 'forget-gate backward skips the sigmoid: df passed straight to the affine backward',
    hint:
      'f = σ(z), so the gradient reaching z is df multiplied by σ\'(z). The chain rule has one factor per ' +
      'function the value went through; count them.',
    patch: [{ find: 'sigmoidBackward(f, df)', replace: 'df' }],
  },
  {
    id: 'forget-gate-backward-tanh-derivative',
    exercise: 'forget-gate',
    fn: 'forgetGateBackward',
    name: "forget-gate backward uses tanh's derivative instead of the sigmoid's",
    hint:
      'The forward pass uses σ, so the backward pass must use σ\'. Match each backward step to the ' +
      'forward step it undoes.',
    patch: [
      { find: SIGMOID_IMPORT, replace: ALL_ACTIVATIONS_IMPORT },
      { find: 'sigmoidBackward(f, df)', replace: 'tanhBackward(f, df)' },
    ],
  },

  // ── 04 input gate ─────────────────────────────────────────────────────────────────────────
  {
    id: 'input-gate-backward-skips-sigmoid',
    exercise: 'input-gate',
    fn: 'inputGateBackward',
    name: 'input-gate backward skips the sigmoid: di passed straight to the affine backward',
    hint:
      'i = σ(z), so the gradient reaching z is di multiplied by σ\'(z). Use the gate output i you were ' +
      'given to compute that factor.',
    patch: [{ find: 'sigmoidBackward(i, di)', replace: 'di' }],
  },
  {
    id: 'input-gate-tanh',
    exercise: 'input-gate',
    fn: 'inputGate',
    name: 'input gate squashed with tanh instead of σ',
    hint:
      'The input gate says how much of the candidate to write, a fraction between 0 and 1. tanh ranges ' +
      'over (−1, 1); which activation stays in (0, 1)?',
    patch: [
      { find: SIGMOID_IMPORT, replace: "import { sigmoidBackward, tanh } from '../01-activations/activations';" },
      { find: 'return sigmoid(affine(gate.W, gate.b, hPrev, x));', replace: 'return tanh(affine(gate.W, gate.b, hPrev, x));' },
    ],
  },

  // ── 05 candidate ──────────────────────────────────────────────────────────────────────────
  {
    id: 'candidate-sigmoid',
    exercise: 'candidate',
    fn: 'candidate',
    name: 'candidate squashed with σ instead of tanh',
    hint:
      'The candidate is new information, which must be able to lower the memory as well as raise it. ' +
      'σ only gives values in (0, 1); which activation is centred on zero?',
    patch: [
      { find: TANH_IMPORT, replace: ALL_ACTIVATIONS_IMPORT },
      { find: 'return tanh(affine(gate.W, gate.b, hPrev, x));', replace: 'return sigmoid(affine(gate.W, gate.b, hPrev, x));' },
    ],
  },
  {
    id: 'candidate-backward-sigmoid-derivative',
    exercise: 'candidate',
    fn: 'candidateBackward',
    name: "candidate backward uses the sigmoid's derivative instead of tanh's",
    hint:
      'The candidate goes through tanh, not σ. Its derivative in terms of the output C̃ is a different ' +
      'expression from the gates\' one.',
    patch: [
      { find: TANH_IMPORT, replace: ALL_ACTIVATIONS_IMPORT },
      { find: 'tanhBackward(cTilde, dcTilde)', replace: 'sigmoidBackward(cTilde, dcTilde)' },
    ],
  },
  {
    id: 'candidate-backward-skips-tanh',
    exercise: 'candidate',
    fn: 'candidateBackward',
    name: 'candidate backward skips tanh: dC̃ passed straight to the affine backward',
    hint: 'C̃ = tanh(z), so the gradient reaching z carries one more factor, tanh\'(z), written with C̃.',
    patch: [{ find: 'tanhBackward(cTilde, dcTilde)', replace: 'dcTilde' }],
  },

  // ── 06 cell state ─────────────────────────────────────────────────────────────────────────
  {
    id: 'cell-state-dcprev-missing-forget',
    exercise: 'cell-state',
    fn: 'cellStateBackward',
    name: 'dC_prev missing the forget-gate factor: dC passed back unchanged',
    hint:
      'C = f ⊙ C_prev + i ⊙ C̃, so ∂C/∂C_prev is not 1. This factor is exactly what lets the forget gate ' +
      'decide how much gradient reaches the past.',
    patch: [{ find: 'dcPrev[k] = dc[k] * f[k];', replace: 'dcPrev[k] = dc[k];' }],
  },
  {
    id: 'cell-state-df-di-swapped',
    exercise: 'cell-state',
    fn: 'cellStateBackward',
    name: 'df and di swapped: df uses C̃ and di uses C_prev',
    hint:
      'Each gate multiplies one thing: f multiplies the old memory and i the candidate. The gradient of ' +
      'a product with respect to one factor is the other factor.',
    patch: [
      { find: 'df[k] = dc[k] * cPrev[k];', replace: 'df[k] = dc[k] * cTilde[k];' },
      { find: 'di[k] = dc[k] * cTilde[k];', replace: 'di[k] = dc[k] * cPrev[k];' },
    ],
  },
  {
    id: 'cell-state-gates-swapped',
    exercise: 'cell-state',
    fn: 'cellState',
    name: 'forget and input gates swapped: C = i ⊙ C_prev + f ⊙ C̃',
    hint: 'The forget gate decides what to keep of the old memory; the input gate how much of the candidate to write.',
    patch: [
      {
        find: 'c[k] = f[k] * cPrev[k] + i[k] * cTilde[k];',
        replace: 'c[k] = i[k] * cPrev[k] + f[k] * cTilde[k];',
      },
    ],
  },
  {
    id: 'cell-state-writes-into-cprev',
    exercise: 'cell-state',
    fn: 'cellState',
    name: 'cellState writes the new memory into its argument cPrev',
    hint:
      'The caller keeps cPrev (the cache of the backward pass needs the old memory). Compute the new ' +
      'memory in a fresh array and leave every argument as you received it.',
    patch: [
      {
        find: 'c[k] = f[k] * cPrev[k] + i[k] * cTilde[k];',
        replace: '{ cPrev[k] = f[k] * cPrev[k] + i[k] * cTilde[k]; c[k] = cPrev[k]; }',
      },
    ],
  },

  // ── 07 output gate and hidden state ──────────────────────────────────────────────────────
  {
    id: 'hidden-state-without-tanh',
    exercise: 'output-gate',
    fn: 'hiddenState',
    name: 'h = o ⊙ C without the tanh',
    hint:
      'The cell state is unbounded; the hidden state is squashed back into (−1, 1) before the output ' +
      'gate scales it. Look at the last row of the equation table again.',
    patch: [
      { find: 'h[k] = o[k] * tc[k];', replace: 'h[k] = o[k] * c[k];' },
      { find: 'dOut[k] = dh[k] * tc[k];', replace: 'dOut[k] = dh[k] * c[k];' },
      { find: 'dc[k] = dh[k] * o[k] * (1 - tc[k] * tc[k]);', replace: 'dc[k] = dh[k] * o[k];' },
    ],
  },
  {
    id: 'hidden-state-backward-missing-tanh-derivative',
    exercise: 'output-gate',
    fn: 'hiddenStateBackward',
    name: "hiddenStateBackward leaves out tanh'(C) in dC",
    hint:
      'h = o ⊙ tanh(C): on its way to C the gradient passes the tanh, so it picks up the factor 1 − tanh²(C) ' +
      'as well as o.',
    patch: [{ find: 'dc[k] = dh[k] * o[k] * (1 - tc[k] * tc[k]);', replace: 'dc[k] = dh[k] * o[k];' }],
  },
  {
    id: 'hidden-state-backward-do-uses-c',
    exercise: 'output-gate',
    fn: 'hiddenStateBackward',
    name: '∂h/∂o taken as C instead of tanh(C)',
    hint: 'In h = o ⊙ tanh(C), o multiplies tanh(C), not C; the gradient of o is dh times that other factor.',
    patch: [{ find: 'dOut[k] = dh[k] * tc[k];', replace: 'dOut[k] = dh[k] * c[k];' }],
  },
  {
    id: 'output-gate-tanh',
    exercise: 'output-gate',
    fn: 'outputGate',
    name: 'output gate squashed with tanh instead of σ',
    hint:
      'The output gate decides which fraction of the memory to show: a value between 0 and 1, like every ' +
      'gate. Which activation has that range?',
    patch: [
      { find: 'return sigmoid(affine(gate.W, gate.b, hPrev, x));', replace: 'return tanh(affine(gate.W, gate.b, hPrev, x));' },
    ],
  },
  {
    id: 'output-gate-backward-skips-sigmoid',
    exercise: 'output-gate',
    fn: 'outputGateBackward',
    name: 'output-gate backward skips the sigmoid: do passed straight to the affine backward',
    hint: 'o = σ(z), so the gradient reaching z is do multiplied by σ\'(z), written with the output o.',
    patch: [{ find: 'sigmoidBackward(o, dOut)', replace: 'dOut' }],
  },

  // ── 08 LSTM cell ──────────────────────────────────────────────────────────────────────────
  {
    id: 'lstm-cell-drops-dc-through-h',
    exercise: 'lstm-cell',
    fn: 'lstmCellBackward',
    name: 'lstmCellBackward forgets the gradient that reaches C through h = o ⊙ tanh(C)',
    hint:
      'C is used twice: it is passed on to the next step and it produces h. Its gradient is the sum of ' +
      'the two contributions; draw the computation graph of one step and follow every arrow out of C.',
    patch: [{ find: 'dcTotal[k] = dc[k] + fromH.dc[k];', replace: 'dcTotal[k] = dc[k];' }],
  },
  {
    id: 'lstm-cell-ignores-upstream-dc',
    exercise: 'lstm-cell',
    fn: 'lstmCellBackward',
    name: 'lstmCellBackward ignores the upstream dc coming from the next step',
    hint:
      'The argument dc is the gradient arriving at this step\'s cell state from the future. It is the ' +
      'path the constant error carousel relies on; add it to what comes through h.',
    patch: [{ find: 'dcTotal[k] = dc[k] + fromH.dc[k];', replace: 'dcTotal[k] = fromH.dc[k];' }],
  },
  {
    id: 'lstm-cell-dhprev-one-gate',
    exercise: 'lstm-cell',
    fn: 'lstmCellBackward',
    name: 'dhPrev taken from the output gate only instead of summed over the four gates',
    hint: 'hPrev feeds all four gates, so its gradient is a sum of four contributions. The same holds for x.',
    patch: [{ find: 'dhPrev: sum(gates.map((g) => g.dhPrev)),', replace: 'dhPrev: output.dhPrev,' }],
  },
  {
    id: 'lstm-cell-gate-wrong-params',
    exercise: 'lstm-cell',
    fn: 'lstmCellForward',
    name: 'input gate computed with the forget gate\'s parameters (copy-paste)',
    hint: 'Every gate has its own W and b in params. Check which entry of params each gate call reads.',
    patch: [{ find: 'inputGate(params.input, hPrev, x)', replace: 'inputGate(params.forget, hPrev, x)' }],
  },
  {
    id: 'lstm-cell-changes-dc',
    exercise: 'lstm-cell',
    fn: 'lstmCellBackward',
    name: 'lstmCellBackward adds the gradient from h into its argument dc in place',
    hint:
      'dc belongs to the caller (BPTT may still need it). Accumulate the total gradient of C in a new ' +
      'array and leave every argument unchanged.',
    patch: [
      {
        find: 'dcTotal[k] = dc[k] + fromH.dc[k];',
        replace: '{ dc[k] += fromH.dc[k]; dcTotal[k] = dc[k]; }',
      },
    ],
  },

  // ── 09 LSTM over a sequence (BPTT) ───────────────────────────────────────────────────────
  {
    id: 'bptt-grads-overwritten',
    exercise: 'lstm-sequence',
    fn: 'lstmBackward',
    name: 'parameter gradients overwritten at each step instead of summed over time',
    hint:
      'The same W and b are used at every step, so each step contributes to their gradient. The total is ' +
      'the sum over all steps; with yours only one step survives.',
    patch: [
      { find: 'addInto(grads[gate].dW.data, step.grads[gate].dW.data);', replace: 'grads[gate].dW.data.set(step.grads[gate].dW.data);' },
      { find: 'addInto(grads[gate].db, step.grads[gate].db);', replace: 'grads[gate].db.set(step.grads[gate].db);' },
    ],
  },
  {
    id: 'bptt-drops-dh-carry',
    exercise: 'lstm-sequence',
    fn: 'lstmBackward',
    name: 'BPTT drops the dh carried back from the next step: only dhs[t] reaches h_t',
    hint:
      'h_t is read by the loss and by step t + 1. Its gradient is the outside one plus the dhPrev that ' +
      'step t + 1 sends back.',
    patch: [{ find: 'dh[k] = dhs[t][k] + dhNext[k];', replace: 'dh[k] = dhs[t][k];' }],
  },
  {
    id: 'bptt-drops-dc-carry',
    exercise: 'lstm-sequence',
    fn: 'lstmBackward',
    name: 'BPTT drops the dc carried back from the next step',
    hint:
      'C_t is read by step t + 1, so the dcPrev that step returns is the gradient of C_t. It is the memory ' +
      'path of the LSTM: without it the gradient cannot travel far back.',
    patch: [
      {
        find: 'lstmCellBackward(params, caches[t], dh, dcNext)',
        replace: 'lstmCellBackward(params, caches[t], dh, t === caches.length - 1 ? dcNext : new Float64Array(H))',
      },
    ],
  },
  {
    id: 'bptt-ignores-dclast',
    exercise: 'lstm-sequence',
    fn: 'lstmBackward',
    name: 'dcLast ignored: the last cell state starts with a zero gradient',
    hint: 'dcLast is the gradient of the loss with respect to the last cell state; it is where the dc carry begins.',
    patch: [{ find: 'let dcNext: Vector = Float64Array.from(dcLast);', replace: 'let dcNext: Vector = new Float64Array(H);' }],
  },
  {
    id: 'lstm-backward-changes-dhs',
    exercise: 'lstm-sequence',
    fn: 'lstmBackward',
    name: 'lstmBackward adds the carried gradient into dhs in place',
    hint:
      'dhs belongs to the caller (a training loop may reuse it). Add the carried dh into a new vector ' +
      'and leave every argument unchanged.',
    patch: [
      { find: 'dh[k] = dhs[t][k] + dhNext[k];', replace: '{ dhs[t][k] += dhNext[k]; dh[k] = dhs[t][k]; }' },
    ],
  },
  {
    id: 'lstm-forward-changes-h0-c0',
    exercise: 'lstm-sequence',
    fn: 'lstmForward',
    name: 'lstmForward writes the final state into its arguments h0 and c0',
    hint:
      'h0 and c0 belong to the caller and the first step\'s cache refers to them. Keep the running state ' +
      'in your own variables and never write into an argument.',
    patch: [{ find: 'return { hs, cs, caches };', replace: 'h0.set(h);\n  c0.set(c);\n  return { hs, cs, caches };' }],
  },
];

/** The mistake with this id; throws a RangeError naming the id otherwise. */
export function mistakeById(id: string): Mistake {
  const mistake = MISTAKES.find((m) => m.id === id);
  if (!mistake) throw new RangeError(`mistakeById: argument mistakeId ${JSON.stringify(id)} is not in the catalogue`);
  return mistake;
}

/**
 * The source with the mistake's patch applied, step by step. Throws when a `find` does not occur
 * exactly once, naming the mistake and the step, so a drifted reference is caught loudly.
 */
export function applyPatch(source: string, mistake: Mistake): string {
  let text = source;
  mistake.patch.forEach((step, index) => {
    const count = text.split(step.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `applyPatch: step ${index} of mistake ${mistake.id} must find ${JSON.stringify(step.find)} exactly once ` +
          `in the reference file of ${mistake.exercise}, found it ${count} times`,
      );
    }
    // A function replacement, so that `$` in the replacement text is never a pattern.
    text = text.replace(step.find, () => step.replace);
  });
  return text;
}
