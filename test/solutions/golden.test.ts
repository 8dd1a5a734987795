/**
 * The reference solutions against PyTorch: every forward output and every gradient in
 * test/golden/lstm-golden.json (see docs/golden-vectors.md) is reproduced to 1e-10 relative.
 * A trusted test, so it imports solutions/ directly.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sigmoid, sigmoidBackward, tanh, tanhBackward } from '../../solutions/01-activations/activations';
import { affine, affineBackward } from '../../solutions/02-affine/affine';
import { forgetGate, forgetGateBackward } from '../../solutions/03-forget-gate/forget-gate';
import { inputGate, inputGateBackward } from '../../solutions/04-input-gate/input-gate';
import { candidate, candidateBackward } from '../../solutions/05-candidate/candidate';
import { cellState, cellStateBackward } from '../../solutions/06-cell-state/cell-state';
import { hiddenState, hiddenStateBackward, outputGate, outputGateBackward } from '../../solutions/07-output-gate/output-gate';
import { lstmCellBackward, lstmCellForward } from '../../solutions/08-lstm-cell/lstm-cell';
import { lstmBackward, lstmForward } from '../../solutions/09-lstm-sequence/lstm-sequence';
import { GATE_NAMES, GOLDEN_PATH, loadGolden } from './golden/golden-file';

/** |a − b| ≤ REL_TOL·max(1, |b|), b being PyTorch's value. */
const REL_TOL = 1e-10;
const golden = loadGolden();

/** Fails with every entry that is off (case, field, index, ours, PyTorch's), not just the first. */
function expectClose(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const off: string[] = [];
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k];
    const b = expected[k];
    if (!(Math.abs(a - b) <= REL_TOL * Math.max(1, Math.abs(b)))) off.push(`[${k}] ours ${a}, PyTorch ${b}`);
  }
  expect(off, `${what} differs from PyTorch`).toEqual([]);
}

const forwardOf = { forget: forgetGate, input: inputGate, candidate, output: outputGate };
const backwardOf = {
  forget: forgetGateBackward,
  input: inputGateBackward,
  candidate: candidateBackward,
  output: outputGateBackward,
};

describe('the golden file', () => {
  it('is small and covers the shapes, lengths and saturation the course needs', () => {
    expect(statSync(GOLDEN_PATH).size).toBeLessThan(300 * 1024);
    expect(golden.relativeTolerance).toBe(REL_TOL);
    const shapes = new Set(golden.lstm.map((c) => `${c.H}x${c.D}`));
    for (const shape of ['1x1', '1x3', '3x1', '2x4', '5x5']) expect(shapes, `shape H×D = ${shape}`).toContain(shape);
    expect(new Set(golden.lstm.map((c) => c.T))).toEqual(new Set([1, 3, 6]));
    expect(golden.lstm.filter((c) => c.maxAbsPreactivation >= 25).length).toBeGreaterThanOrEqual(2);
    expect(new Set(golden.gates.map((c) => c.gate))).toEqual(new Set(GATE_NAMES));
    expect(golden.gates.filter((c) => c.maxAbsPreactivation >= 25).length).toBe(GATE_NAMES.length);
    for (const section of [golden.activations, golden.affine, golden.cellState, golden.hiddenState]) {
      expect(section.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('activations match torch.sigmoid / torch.tanh and autograd', () => {
  for (const g of golden.activations) {
    it(g.name, () => {
      expectClose(sigmoid(g.z), g.sigmoid, 'sigmoid');
      expectClose(tanh(g.z), g.tanh, 'tanh');
      expectClose(sigmoidBackward(g.sigmoid, g.ds), g.sigmoidBackward, 'sigmoidBackward');
      expectClose(tanhBackward(g.tanh, g.dt), g.tanhBackward, 'tanhBackward');
    });
  }
});

describe('affine and affineBackward match W @ cat(h, x) + b and autograd', () => {
  for (const g of golden.affine) {
    it(g.name, () => {
      expectClose(affine(g.W, g.b, g.hPrev, g.x), g.z, 'z');
      const grads = affineBackward(g.W, g.hPrev, g.x, g.dz);
      expect([grads.dW.rows, grads.dW.cols]).toEqual([g.dW.rows, g.dW.cols]);
      expectClose(grads.dW.data, g.dW.data, 'dW');
      expectClose(grads.db, g.db, 'db');
      expectClose(grads.dhPrev, g.dhPrev, 'dhPrev');
      expectClose(grads.dx, g.dx, 'dx');
    });
  }
});

describe('each gate and its backward match torch ops and autograd', () => {
  for (const g of golden.gates) {
    it(g.name, () => {
      expectClose(forwardOf[g.gate](g.params, g.hPrev, g.x), g.out, `${g.gate} gate output`);
      const grads = backwardOf[g.gate](g.params, g.hPrev, g.x, g.out, g.dOut);
      expectClose(grads.dW.data, g.dW.data, 'dW');
      expectClose(grads.db, g.db, 'db');
      expectClose(grads.dhPrev, g.dhPrev, 'dhPrev');
      expectClose(grads.dx, g.dx, 'dx');
    });
  }
});

describe('cellState and cellStateBackward match autograd', () => {
  for (const g of golden.cellState) {
    it(g.name, () => {
      expectClose(cellState(g.f, g.cPrev, g.i, g.cTilde), g.c, 'c');
      const grads = cellStateBackward(g.f, g.cPrev, g.i, g.cTilde, g.dc);
      expectClose(grads.df, g.df, 'df');
      expectClose(grads.dcPrev, g.dcPrev, 'dcPrev');
      expectClose(grads.di, g.di, 'di');
      expectClose(grads.dcTilde, g.dcTilde, 'dcTilde');
    });
  }
});

describe('hiddenState and hiddenStateBackward match autograd', () => {
  for (const g of golden.hiddenState) {
    it(g.name, () => {
      expectClose(hiddenState(g.o, g.c), g.h, 'h');
      const grads = hiddenStateBackward(g.o, g.c, g.dh);
      expectClose(grads.do, g.do, 'do');
      expectClose(grads.dc, g.dc, 'dc');
    });
  }
});

describe('lstmForward / lstmBackward match nn.LSTM and autograd, step by step', () => {
  for (const g of golden.lstm) {
    it(`${g.name} (max |z| = ${g.maxAbsPreactivation.toFixed(1)})`, () => {
      const { hs, cs, caches } = lstmForward(g.params, g.xs, g.h0, g.c0);
      expect(hs.length).toBe(g.T);
      g.forward.forEach((step, t) => {
        for (const name of ['f', 'i', 'cTilde', 'o', 'c', 'h'] as const) {
          expectClose(caches[t][name], step[name], `step ${t}: ${name}`);
        }
        expectClose(hs[t], step.h, `hs[${t}]`);
        expectClose(cs[t], step.c, `cs[${t}]`);
      });
      const back = lstmBackward(g.params, caches, g.dhs, g.dcLast);
      for (const gate of GATE_NAMES) {
        expectClose(back.grads[gate].dW.data, g.grads[gate].dW.data, `${gate} dW`);
        expectClose(back.grads[gate].db, g.grads[gate].db, `${gate} db`);
      }
      g.dxs.forEach((dx, t) => expectClose(back.dxs[t], dx, `dxs[${t}]`));
      expectClose(back.dh0, g.dh0, 'dh0');
      expectClose(back.dc0, g.dc0, 'dc0');
    });
  }
});

describe('lstmCellForward / lstmCellBackward match nn.LSTMCell and autograd (one-step cases)', () => {
  const oneStep = golden.lstm.filter((g) => g.T === 1);
  it('there are one-step cases, including H = 1 and D = 1', () => {
    expect(oneStep.some((g) => g.H === 1)).toBe(true);
    expect(oneStep.some((g) => g.D === 1)).toBe(true);
  });
  for (const g of oneStep) {
    it(g.name, () => {
      const step = lstmCellForward(g.params, g.h0, g.c0, g.xs[0]);
      const expected = g.forward[0];
      expectClose(step.h, expected.h, 'h');
      expectClose(step.c, expected.c, 'c');
      for (const name of ['f', 'i', 'cTilde', 'o'] as const) expectClose(step.cache[name], expected[name], name);
      // With one step, L = ⟨u, h⟩ + ⟨v, c⟩ is exactly the cell's upstream: dh = u, dc = v.
      const back = lstmCellBackward(g.params, step.cache, g.dhs[0], g.dcLast);
      for (const gate of GATE_NAMES) {
        expectClose(back.grads[gate].dW.data, g.grads[gate].dW.data, `${gate} dW`);
        expectClose(back.grads[gate].db, g.grads[gate].db, `${gate} db`);
      }
      expectClose(back.dx, g.dxs[0], 'dx');
      expectClose(back.dhPrev, g.dh0, 'dhPrev');
      expectClose(back.dcPrev, g.dc0, 'dcPrev');
    });
  }
});
