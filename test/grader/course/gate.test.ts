/**
 * What the affine map and the four gates share: the equations of g = act(W·[h; x] + b) and of its
 * backward pass, and the pair spec of a gate (argument names as the student's file spells them,
 * the case's differentiable inputs, the loss terms).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import katex from 'katex';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { gridValue } from '../../../grader/checks/arbitraries';
import { CODE_EXERCISES } from '../../../grader/course';
import { affinePair, gateEquations, gatePair, HX, type GateCase } from '../../../grader/course/gate';
import { EXERCISES_DIR } from '../../../grader/paths';

const f64 = (...values: number[]) => Float64Array.from(values);

/** Parameter names of every exported function of a student's stub, read from its source. */
function stubParameters(file: string): Record<string, string[]> {
  const full = path.join(EXERCISES_DIR, file);
  const source = ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.ES2022);
  const out: Record<string, string[]> = {};
  source.forEachChild((node) => {
    if (ts.isFunctionDeclaration(node) && node.name) out[node.name.text] = node.parameters.map((p) => p.name.getText(source));
  });
  return out;
}

describe('gateEquations', () => {
  it("writes a σ gate and its backward through σ's output", () => {
    expect(gateEquations('forget gate', 'f_t', 'f', '\\sigma')).toEqual({
      forward: [{ caption: 'the forget gate', tex: 'f_t = \\sigma\\!\\left(W_f\\, [h_{t-1};\\, x_t] + b_f\\right)' }],
      backward: [
        { caption: 'through the sigmoid, using its output', tex: '\\delta z_f = \\delta f_t \\odot f_t \\odot (1 - f_t)' },
        { caption: 'weights and bias', tex: '\\delta W_f = \\delta z_f\\, [h_{t-1};\\, x_t]^{\\top}, \\qquad \\delta b_f = \\delta z_f' },
        {
          caption: 'inputs: the first H rows of the result belong to h, the rest to x',
          tex: '[\\delta h_{t-1};\\, \\delta x_t] = W_f^{\\top}\\, \\delta z_f',
        },
      ],
    });
  });

  it('writes a tanh gate with the derivative 1 − g², and names the tanh', () => {
    const { forward, backward } = gateEquations('candidate memory', '\\tilde{C}_t', 'C', '\\tanh');
    expect(forward).toEqual([{ caption: 'the candidate memory', tex: `\\tilde{C}_t = \\tanh\\!\\left(W_C\\, ${HX} + b_C\\right)` }]);
    expect(backward[0]).toEqual({
      caption: 'through the tanh, using its output',
      tex: '\\delta z_C = \\delta \\tilde{C}_t \\odot (1 - \\tilde{C}_t^{2})',
    });
    expect(backward[1].tex).toBe(`\\delta W_C = \\delta z_C\\, ${HX}^{\\top}, \\qquad \\delta b_C = \\delta z_C`);
  });

  it('gives TeX that KaTeX renders', () => {
    for (const activation of ['\\sigma', '\\tanh'] as const) {
      const { forward, backward } = gateEquations('input gate', 'i_t', 'i', activation);
      for (const { tex } of [...forward, ...backward])
        expect(() => katex.renderToString(tex, { throwOnError: true, output: 'mathml' }), tex).not.toThrow();
    }
  });
});

describe('gatePair', () => {
  const spec = gatePair('candidate', 'cTilde', 'dcTilde', 'candidate');
  const c: GateCase = {
    gate: { W: { rows: 2, cols: 3, data: f64(1, 2, 3, 4, 5, 6) }, b: f64(7, 8) },
    hPrev: f64(0.1, 0.2),
    x: f64(0.3),
    up: f64(-1, 1),
  };

  it("names the functions and their arguments after the gate's output and its gradient", () => {
    expect([spec.forward, spec.backward, spec.outputName, spec.upstream]).toEqual(['candidate', 'candidateBackward', 'cTilde', true]);
    expect(spec.forwardArgNames).toEqual(['gate', 'hPrev', 'x']);
    expect(spec.backwardArgNames).toEqual(['gate', 'hPrev', 'x', 'cTilde', 'dcTilde']);
  });

  it("calls the backward with the forward's answer and the upstream gradient, and checks L = ⟨u, output⟩", () => {
    const out = f64(0.5, -0.5);
    expect(spec.forwardArgs(c)).toEqual([c.gate, c.hPrev, c.x]);
    expect(spec.backwardArgs(c, out)).toEqual([c.gate, c.hPrev, c.x, out, c.up]);
    expect(spec.lossTerms(c)).toEqual([{ outputPath: '', upstream: c.up }]);
    expect(spec.withZeroUpstream(c)).toEqual({ ...c, up: f64(0, 0) });
    expect(spec.shape(c)).toEqual({ H: 2, D: 1 });
  });

  it("differentiates W, b, hPrev and x, as views of the case's own arrays", () => {
    const slots = spec.slots(c);
    expect(slots.map((s) => [s.gradientPath, s.label, s.rows, s.cols, s.isMatrix])).toEqual([
      ['dW', 'dW of the candidate', 2, 3, true],
      ['db', 'db of the candidate', 1, 2, false],
      ['dhPrev', 'dhPrev', 1, 2, false],
      ['dx', 'dx', 1, 1, false],
    ]);
    expect(slots.map((s) => s.input)).toEqual([c.gate.W.data, c.gate.b, c.hPrev, c.x]);
    expect(slots[0].input).toBe(c.gate.W.data);
  });

  it('draws H × (H + D) weights with 1 ≤ H, D ≤ 5 and an upstream gradient of length H', () => {
    for (const drawn of fc.sample(spec.arbitrary(gridValue), { seed: 3, numRuns: 100 })) {
      const H = drawn.hPrev.length;
      const D = drawn.x.length;
      expect(H >= 1 && H <= 5 && D >= 1 && D <= 5).toBe(true);
      expect([drawn.gate.W.rows, drawn.gate.W.cols, drawn.gate.W.data.length, drawn.gate.b.length, drawn.up.length]).toEqual([
        H,
        H + D,
        H * (H + D),
        H,
        H,
      ]);
    }
  });
});

describe('affinePair', () => {
  it('takes W and b apart and calls the upstream gradient dz', () => {
    const c: GateCase = { gate: { W: { rows: 1, cols: 2, data: f64(1, 2) }, b: f64(3) }, hPrev: f64(4), x: f64(5), up: f64(6) };
    expect(affinePair.forwardArgNames).toEqual(['W', 'b', 'hPrev', 'x']);
    expect(affinePair.backwardArgNames).toEqual(['W', 'hPrev', 'x', 'dz']);
    expect(affinePair.forwardArgs(c)).toEqual([c.gate.W, c.gate.b, c.hPrev, c.x]);
    expect(affinePair.backwardArgs(c, f64(0))).toEqual([c.gate.W, c.hPrev, c.x, c.up]);
    expect(affinePair.slots(c).map((s) => s.label)).toEqual(['dW of the affine map', 'db of the affine map', 'dhPrev', 'dx']);
  });
});

describe('the argument names of the gate pairs', () => {
  // Messages name arguments by these ("changed its argument dOut[0] in place"), so they must be
  // the parameter names the student's file declares.
  const gateExercises = CODE_EXERCISES.filter((e) => e.pairs.some((p) => p.forwardArgNames.join() === 'gate,hPrev,x' || p === affinePair));

  it.each(gateExercises.map((e) => [e.id, e] as const))("%s: are the parameter names of the student's stub", (_id, exercise) => {
    const params = stubParameters(exercise.file);
    for (const pair of exercise.pairs.filter((p) => p.forwardArgNames.join() === 'gate,hPrev,x' || p === affinePair)) {
      expect(pair.forwardArgNames, pair.forward).toEqual(params[pair.forward]);
      expect(pair.backwardArgNames, pair.backward).toEqual(params[pair.backward]);
    }
  });
});
