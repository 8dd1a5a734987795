/**
 * The lecture's equations for each exercise (DESIGN.md section 1) and their backward passes,
 * rendered once at report time by KaTeX as MathML: browsers draw MathML natively, so the page
 * needs neither script nor fonts from the network.
 */
import katex from 'katex';
import type { ExerciseId } from '../exercises';
import { isExerciseId } from '../exercises';

export interface Equation {
  /** What the equation says, in words. */
  caption: string;
  tex: string;
}

export interface EquationGroups {
  forward: Equation[];
  backward: Equation[];
}

const hx = '[h_{t-1};\\, x_t]';

/** A gate g = act(W·[h; x] + b) and its backward pass through act and the affine map. */
function gate(
  name: string,
  symbol: string,
  sub: string,
  activation: '\\sigma' | '\\tanh',
): EquationGroups {
  const local = activation === '\\sigma' ? `${symbol} \\odot (1 - ${symbol})` : `(1 - ${symbol}^{2})`;
  return {
    forward: [{ caption: `the ${name}`, tex: `${symbol} = ${activation}\\!\\left(W_${sub}\\, ${hx} + b_${sub}\\right)` }],
    backward: [
      {
        caption: `through the ${activation === '\\sigma' ? 'sigmoid' : 'tanh'}, using its output`,
        tex: `\\delta z_${sub} = \\delta ${symbol} \\odot ${local}`,
      },
      { caption: 'weights and bias', tex: `\\delta W_${sub} = \\delta z_${sub}\\, ${hx}^{\\top}, \\qquad \\delta b_${sub} = \\delta z_${sub}` },
      { caption: 'inputs: the first H rows of the result belong to h, the rest to x', tex: `[\\delta h_{t-1};\\, \\delta x_t] = W_${sub}^{\\top}\\, \\delta z_${sub}` },
    ],
  };
}

const CELL: Equation = { caption: 'the cell-state update (the memory)', tex: 'C_t = f_t \\odot C_{t-1} + i_t \\odot \\tilde{C}_t' };
const HIDDEN: Equation = { caption: 'the hidden state (the output)', tex: 'h_t = o_t \\odot \\tanh(C_t)' };

const forget = gate('forget gate', 'f_t', 'f', '\\sigma');
const input = gate('input gate', 'i_t', 'i', '\\sigma');
const cand = gate('candidate memory', '\\tilde{C}_t', 'C', '\\tanh');
const output = gate('output gate', 'o_t', 'o', '\\sigma');

const EQUATIONS: Record<ExerciseId, EquationGroups> = {
  activations: {
    forward: [
      { caption: 'the sigmoid, squashing into (0, 1)', tex: '\\sigma(z) = \\frac{1}{1 + e^{-z}}' },
      { caption: 'the hyperbolic tangent, squashing into (−1, 1)', tex: '\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}' },
    ],
    backward: [
      { caption: 'sigmoid derivative from its output s = σ(z)', tex: '\\delta z = \\delta s \\odot s \\odot (1 - s)' },
      { caption: 'tanh derivative from its output t = tanh(z)', tex: '\\delta z = \\delta t \\odot (1 - t^{2})' },
    ],
  },
  affine: {
    forward: [{ caption: 'the affine map every gate starts with; W is H × (H + D)', tex: `z = W\\, ${hx} + b` }],
    backward: [
      { caption: 'weights: an outer product', tex: `\\delta W = \\delta z\\, ${hx}^{\\top}, \\qquad \\delta b = \\delta z` },
      { caption: 'inputs: split the result into its h part and its x part', tex: `[\\delta h_{t-1};\\, \\delta x_t] = W^{\\top} \\delta z` },
    ],
  },
  'forget-gate': forget,
  'input-gate': input,
  candidate: cand,
  'cell-state': {
    forward: [CELL],
    backward: [
      { caption: 'one product rule per term', tex: '\\delta f_t = \\delta C_t \\odot C_{t-1}, \\qquad \\delta i_t = \\delta C_t \\odot \\tilde{C}_t, \\qquad \\delta \\tilde{C}_t = \\delta C_t \\odot i_t' },
      { caption: 'the memory path back in time: only a factor f (the constant error carousel)', tex: '\\delta C_{t-1} = \\delta C_t \\odot f_t' },
    ],
  },
  'output-gate': {
    forward: [...output.forward, HIDDEN],
    backward: [
      { caption: 'through h = o ⊙ tanh(C)', tex: '\\delta o_t = \\delta h_t \\odot \\tanh(C_t), \\qquad \\delta C_t = \\delta h_t \\odot o_t \\odot \\left(1 - \\tanh^{2}(C_t)\\right)' },
      ...output.backward,
    ],
  },
  'lstm-cell': {
    forward: [...forget.forward, ...input.forward, ...cand.forward, CELL, ...output.forward, HIDDEN],
    backward: [
      { caption: 'C gets gradient twice, directly and through h', tex: '\\delta C_t^{\\text{total}} = \\delta C_t + \\delta h_t \\odot o_t \\odot \\left(1 - \\tanh^{2}(C_t)\\right)' },
      { caption: 'into the forget and input gates, with the total gradient of C', tex: '\\delta f_t = \\delta C_t^{\\text{total}} \\odot C_{t-1}, \\qquad \\delta i_t = \\delta C_t^{\\text{total}} \\odot \\tilde{C}_t' },
      { caption: 'into the candidate and the output gate', tex: '\\delta \\tilde{C}_t = \\delta C_t^{\\text{total}} \\odot i_t, \\qquad \\delta o_t = \\delta h_t \\odot \\tanh(C_t)' },
      { caption: 'through the sigmoids of g = f, i, o (exercises 03, 04, 07)', tex: '\\delta z_g = \\delta g_t \\odot g_t \\odot (1 - g_t)' },
      { caption: 'through the tanh of the candidate (exercise 05)', tex: '\\delta z_C = \\delta \\tilde{C}_t \\odot (1 - \\tilde{C}_t^{2})' },
      { caption: 'h and x feed all four gates, so their gradients add up', tex: `[\\delta h_{t-1};\\, \\delta x_t] = \\sum_{g \\in \\{f, i, C, o\\}} W_g^{\\top}\\, \\delta z_g` },
      { caption: 'the memory path back to the previous step', tex: '\\delta C_{t-1} = \\delta C_t^{\\text{total}} \\odot f_t' },
    ],
  },
  'lstm-sequence': {
    forward: [{ caption: 'the same cell and the same weights at every step', tex: '(h_t, C_t) = \\operatorname{cell}(h_{t-1}, C_{t-1}, x_t), \\qquad t = 1, \\dots, T' }],
    backward: [
      { caption: 'gradient reaching h_t: from outside plus from step t + 1', tex: '\\delta h_t = \\frac{\\partial L}{\\partial h_t}\\Big|_{\\text{outside}} + \\delta h_t^{\\leftarrow t+1}, \\qquad \\delta C_t = \\delta C_t^{\\leftarrow t+1}' },
      { caption: 'shared weights: sum the per-step gradients (backpropagation through time)', tex: '\\delta W_g = \\sum_{t=1}^{T} \\delta W_g^{(t)}, \\qquad \\delta b_g = \\sum_{t=1}^{T} \\delta b_g^{(t)}' },
    ],
  },
  'copy-task': {
    forward: [
      { caption: 'training loss: cross-entropy of the readout over all T + 2S positions', tex: 'L = -\\frac{1}{T + 2S} \\sum_{t=1}^{T+2S} \\log p_\\theta(y_t \\mid x_{1..t})' },
      { caption: 'the memoryless baseline: blanks are certain, each recalled symbol a guess among K', tex: 'L_{\\text{baseline}} = \\frac{S \\ln K}{T + 2S}' },
    ],
    backward: [
      { caption: 'why the LSTM can learn it: along the memory path the gradient is only multiplied by the forget gate', tex: '\\frac{\\partial C_t}{\\partial C_{t-k}} = \\prod_{j=0}^{k-1} \\operatorname{diag}(f_{t-j}) \\quad \\text{(direct path)}' },
    ],
  },
};

export interface RenderedEquation {
  caption: string;
  /** KaTeX MathML markup, safe to insert as HTML. */
  html: string;
}

const cache = new Map<ExerciseId, { forward: RenderedEquation[]; backward: RenderedEquation[] }>();

/** The exercise's forward and backward equations as MathML (rendered once per process). */
export function equationsFor(id: ExerciseId): { forward: RenderedEquation[]; backward: RenderedEquation[] } {
  if (typeof id !== 'string' || !isExerciseId(id)) {
    throw new RangeError(`equationsFor: argument id must be an exercise id, got ${JSON.stringify(id)}`);
  }
  let rendered = cache.get(id);
  if (!rendered) {
    const render = (e: Equation): RenderedEquation => ({
      caption: e.caption,
      html: katex.renderToString(e.tex, { output: 'mathml', displayMode: true, throwOnError: true }),
    });
    rendered = { forward: EQUATIONS[id].forward.map(render), backward: EQUATIONS[id].backward.map(render) };
    cache.set(id, rendered);
  }
  return rendered;
}

/** The TeX sources, for tests and for anyone who wants to reuse them. */
export function equationSources(id: ExerciseId): EquationGroups {
  if (!isExerciseId(id)) throw new RangeError(`equationSources: argument id must be an exercise id, got ${JSON.stringify(id)}`);
  return EQUATIONS[id];
}
