/**
 * Reads test/golden/lstm-golden.json (written by scripts/golden/make_golden.py, described in
 * docs/golden-vectors.md) and turns its number arrays into the course's Float64Array shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gate, LstmParams, Matrix, Vector } from '../../../lib/types';

export const GOLDEN_PATH = join(__dirname, 'lstm-golden.json');

type GateName = keyof LstmParams;
export const GATE_NAMES: readonly GateName[] = ['forget', 'input', 'candidate', 'output'];

interface RawMatrix {
  rows: number;
  cols: number;
  data: number[];
}
interface RawGate {
  W: RawMatrix;
  b: number[];
}

export interface GoldenStep {
  f: Vector;
  i: Vector;
  cTilde: Vector;
  o: Vector;
  c: Vector;
  h: Vector;
}

export interface GoldenLstmCase {
  name: string;
  H: number;
  D: number;
  T: number;
  maxAbsPreactivation: number;
  params: LstmParams;
  xs: Vector[];
  h0: Vector;
  c0: Vector;
  forward: GoldenStep[];
  dhs: Vector[];
  dcLast: Vector;
  grads: { [K in GateName]: { dW: Matrix; db: Vector } };
  dxs: Vector[];
  dh0: Vector;
  dc0: Vector;
}

export interface GoldenActivationCase {
  name: string;
  z: Vector;
  sigmoid: Vector;
  ds: Vector;
  sigmoidBackward: Vector;
  tanh: Vector;
  dt: Vector;
  tanhBackward: Vector;
}

export interface GoldenAffineCase {
  name: string;
  W: Matrix;
  b: Vector;
  hPrev: Vector;
  x: Vector;
  z: Vector;
  dz: Vector;
  dW: Matrix;
  db: Vector;
  dhPrev: Vector;
  dx: Vector;
}

export interface GoldenGateCase {
  name: string;
  gate: GateName;
  maxAbsPreactivation: number;
  params: Gate;
  hPrev: Vector;
  x: Vector;
  out: Vector;
  dOut: Vector;
  dW: Matrix;
  db: Vector;
  dhPrev: Vector;
  dx: Vector;
}

export interface GoldenCellStateCase {
  name: string;
  f: Vector;
  cPrev: Vector;
  i: Vector;
  cTilde: Vector;
  c: Vector;
  dc: Vector;
  df: Vector;
  dcPrev: Vector;
  di: Vector;
  dcTilde: Vector;
}

export interface GoldenHiddenStateCase {
  name: string;
  o: Vector;
  c: Vector;
  h: Vector;
  dh: Vector;
  do: Vector;
  dc: Vector;
}

export interface GoldenFile {
  torchVersion: string;
  relativeTolerance: number;
  lstm: GoldenLstmCase[];
  activations: GoldenActivationCase[];
  affine: GoldenAffineCase[];
  gates: GoldenGateCase[];
  cellState: GoldenCellStateCase[];
  hiddenState: GoldenHiddenStateCase[];
}

const vector = (values: number[]): Vector => Float64Array.from(values);
const matrix = (m: RawMatrix): Matrix => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) });
const gate = (g: RawGate): Gate => ({ W: matrix(g.W), b: vector(g.b) });

/** Every named field that holds a flat number array becomes a Float64Array. */
function vectors<K extends string>(raw: Record<string, unknown>, keys: readonly K[]): Record<K, Vector> {
  const out = {} as Record<K, Vector>;
  for (const key of keys) out[key] = vector(raw[key] as number[]);
  return out;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the golden JSON is untyped: loadGolden reads it once and shapes it field by field */
/** The JSON is untyped: it is read once and shaped here, field by field. */
export function loadGolden(path: string = GOLDEN_PATH): GoldenFile {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as any;
  const perGate = <T>(make: (name: GateName) => T): { [K in GateName]: T } => ({
    forget: make('forget'),
    input: make('input'),
    candidate: make('candidate'),
    output: make('output'),
  });
  return {
    torchVersion: raw.torchVersion,
    relativeTolerance: raw.relativeTolerance,
    lstm: raw.lstm.map((c: any): GoldenLstmCase => ({
      name: c.name,
      H: c.H,
      D: c.D,
      T: c.T,
      maxAbsPreactivation: c.maxAbsPreactivation,
      params: perGate((name) => gate(c.params[name])),
      xs: c.xs.map(vector),
      h0: vector(c.h0),
      c0: vector(c.c0),
      forward: c.forward.map((s: any) => vectors(s, ['f', 'i', 'cTilde', 'o', 'c', 'h'] as const)),
      dhs: c.upstream.dhs.map(vector),
      dcLast: vector(c.upstream.dcLast),
      grads: perGate((name) => ({ dW: matrix(c.grads[name].dW), db: vector(c.grads[name].db) })),
      dxs: c.dxs.map(vector),
      dh0: vector(c.dh0),
      dc0: vector(c.dc0),
    })),
    activations: raw.activations.map((c: any) => ({
      name: c.name,
      ...vectors(c, ['z', 'sigmoid', 'ds', 'sigmoidBackward', 'tanh', 'dt', 'tanhBackward'] as const),
    })),
    affine: raw.affine.map((c: any) => ({
      name: c.name,
      W: matrix(c.W),
      dW: matrix(c.dW),
      ...vectors(c, ['b', 'hPrev', 'x', 'z', 'dz', 'db', 'dhPrev', 'dx'] as const),
    })),
    gates: raw.gates.map((c: any) => ({
      name: c.name,
      gate: c.gate,
      maxAbsPreactivation: c.maxAbsPreactivation,
      params: { W: matrix(c.W), b: vector(c.b) },
      dW: matrix(c.dW),
      ...vectors(c, ['hPrev', 'x', 'out', 'dOut', 'db', 'dhPrev', 'dx'] as const),
    })),
    cellState: raw.cellState.map((c: any) => ({
      name: c.name,
      ...vectors(c, ['f', 'cPrev', 'i', 'cTilde', 'c', 'dc', 'df', 'dcPrev', 'di', 'dcTilde'] as const),
    })),
    hiddenState: raw.hiddenState.map((c: any) => ({
      name: c.name,
      ...vectors(c, ['o', 'c', 'h', 'dh', 'do', 'dc'] as const),
    })),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
