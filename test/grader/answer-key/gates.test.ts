/**
 * The answer keys of the four gates: the backward is the chain rule through the activation (using
 * the gate's output) and then through the affine map; gateKey builds exactly the variants asked for
 * (the other activation, the derivative skipped, the other derivative) under the given mistake ids.
 */
import { describe, expect, it } from 'vitest';
import { ANSWER_KEYS, FULL_REFERENCE } from '../../../grader/answer-key';
import {
  candidateKey,
  forgetGateKey,
  gateBackward,
  gateForward,
  gateKey,
  inputGateKey,
  outputGateKey,
} from '../../../grader/answer-key/gates';
import { FORWARD_PIECES } from '../../../grader/course';
import { buildLibrary, type Pieces } from '../../../grader/reference/library';
import type { Gate } from '../../../lib/types';

const f64 = (...values: number[]) => Float64Array.from(values);
const gate: Gate = { W: { rows: 2, cols: 3, data: f64(0.5, -0.25, 1, 0.75, 0.1, -0.6) }, b: f64(0.2, -0.4) };
const hPrev = f64(0.3, -0.7);
const x = f64(1.1);
const dOut = f64(0.9, -1.3);
const sigmoid = (v: Float64Array) => v.map((z) => 1 / (1 + Math.exp(-z)));

/** The reference library with `pieces` on top. */
const withPieces = (pieces: Pieces) => buildLibrary(FORWARD_PIECES, ...Object.values(ANSWER_KEYS).map((key) => key!.backward), pieces);

describe('gateKey', () => {
  it('builds no variant when no mistake is named, and the reference backward of the gate', () => {
    const key = gateKey('forgetGate', 'sigmoid', {});
    expect(key.variants).toEqual({});
    expect(Object.keys(key.backward)).toEqual(['forgetGateBackward']);
  });

  it('builds only the variants it is asked for, under the given ids', () => {
    expect(Object.keys(gateKey('inputGate', 'sigmoid', { skipsDerivative: 'skips' }).variants)).toEqual(['skips']);
    expect(Object.keys(gateKey('inputGate', 'sigmoid', { wrongActivation: 'a', wrongDerivative: 'd' }).variants)).toEqual(['a', 'd']);
    expect(
      Object.keys(gateKey('candidate', 'tanh', { wrongActivation: 'a', skipsDerivative: 's', wrongDerivative: 'd' }).variants),
    ).toEqual(['a', 's', 'd']);
  });

  it('makes the wrong-activation variant squash with the other activation, and the derivative variants change only the backward', () => {
    const key = gateKey('forgetGate', 'sigmoid', {
      wrongActivation: 'tanh-gate',
      skipsDerivative: 'skips',
      wrongDerivative: 'tanh-derivative',
    });
    expect(Object.keys(key.variants['tanh-gate'])).toEqual(['forgetGate']);
    expect(Object.keys(key.variants.skips)).toEqual(['forgetGateBackward']);
    expect(Object.keys(key.variants['tanh-derivative'])).toEqual(['forgetGateBackward']);
    const z = FULL_REFERENCE.affine(gate.W, gate.b, hPrev, x) as Float64Array;
    expect(withPieces(key.variants['tanh-gate']).forgetGate(gate, hPrev, x)).toEqual(z.map(Math.tanh));
    const f = sigmoid(z);
    expect(withPieces(key.variants.skips).forgetGateBackward(gate, hPrev, x, f, dOut)).toEqual(
      FULL_REFERENCE.affineBackward(gate.W, hPrev, x, dOut),
    );
    expect(withPieces(key.variants['tanh-derivative']).forgetGateBackward(gate, hPrev, x, f, dOut)).toEqual(
      FULL_REFERENCE.affineBackward(
        gate.W,
        hPrev,
        x,
        dOut.map((d, k) => d * (1 - f[k] * f[k])),
      ),
    );
  });
});

describe('gateBackward and gateForward', () => {
  it("chain the derivative of the activation, taken at the gate's output, into the affine backward", () => {
    const library = withPieces({ ...gateBackward('myGate', 'sigmoid'), ...gateForward('myGate', 'sigmoid') });
    const f = library.myGate(gate, hPrev, x) as Float64Array;
    expect(f).toEqual(sigmoid(FULL_REFERENCE.affine(gate.W, gate.b, hPrev, x) as Float64Array));
    expect(library.myGateBackward(gate, hPrev, x, f, dOut)).toEqual(
      FULL_REFERENCE.affineBackward(
        gate.W,
        hPrev,
        x,
        dOut.map((d, k) => d * f[k] * (1 - f[k])),
      ),
    );
  });

  it('are the reference of every gate of the course', () => {
    for (const fn of ['forgetGate', 'inputGate', 'outputGate']) {
      const out = FULL_REFERENCE[fn](gate, hPrev, x) as Float64Array;
      expect(FULL_REFERENCE[`${fn}Backward`](gate, hPrev, x, out, dOut), fn).toEqual(
        FULL_REFERENCE.affineBackward(
          gate.W,
          hPrev,
          x,
          dOut.map((d, k) => d * out[k] * (1 - out[k])),
        ),
      );
    }
    const cTilde = FULL_REFERENCE.candidate(gate, hPrev, x) as Float64Array;
    expect(FULL_REFERENCE.candidateBackward(gate, hPrev, x, cTilde, dOut)).toEqual(
      FULL_REFERENCE.affineBackward(
        gate.W,
        hPrev,
        x,
        dOut.map((d, k) => d * (1 - cTilde[k] * cTilde[k])),
      ),
    );
  });
});

describe('the gate keys of the course', () => {
  it('hold the variants of the mistakes each gate catalogues', () => {
    expect(Object.keys(forgetGateKey.variants)).toEqual([
      'forget-gate-tanh',
      'forget-gate-backward-skips-sigmoid',
      'forget-gate-backward-tanh-derivative',
    ]);
    expect(Object.keys(inputGateKey.variants)).toEqual(['input-gate-tanh', 'input-gate-backward-skips-sigmoid']);
    expect(Object.keys(candidateKey.variants)).toEqual([
      'candidate-sigmoid',
      'candidate-backward-skips-tanh',
      'candidate-backward-sigmoid-derivative',
    ]);
    expect(Object.keys(outputGateKey.variants)).toEqual(['output-gate-tanh', 'output-gate-backward-skips-sigmoid']);
  });
});
