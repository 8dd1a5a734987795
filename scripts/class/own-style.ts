/**
 * Hand-written student code for the synthetic class: two students' own, correct implementations
 * of three exercises in styles unlike the reference (and unlike each other), and the tricks a
 * copier uses to disguise a copy (renamed names, stripped types, new comments and layout). The
 * similarity check must group a copy with its original and keep the two styles apart.
 */

/** Exercise file (laid out like exercises/) → source. */
export type OwnSources = Record<string, string>;

/** Student A: typed-array `from` with small helpers. */
export const STYLE_A: OwnSources = {
  '01-activations/activations.ts': `import type { Vector } from '../../lib/types';

// Written the other way round for negative inputs so that Math.exp never overflows.
const logistic = (value: number): number => (value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value)));

export function sigmoid(z: Vector): Vector {
  return Float64Array.from(z, logistic);
}

export function sigmoidBackward(s: Vector, ds: Vector): Vector {
  return Float64Array.from(s, (value: number, index: number) => ds[index] * value * (1 - value));
}

export function tanh(z: Vector): Vector {
  return Float64Array.from(z, (value: number) => Math.tanh(value));
}

export function tanhBackward(t: Vector, dt: Vector): Vector {
  return Float64Array.from(t, (value: number, index: number) => dt[index] * (1 - value * value));
}
`,
  '02-affine/affine.ts': `import type { GateGrads, Matrix, Vector } from '../../lib/types';

function concat(hPrev: Vector, x: Vector): Float64Array {
  const stacked = new Float64Array(hPrev.length + x.length);
  stacked.set(hPrev, 0);
  stacked.set(x, hPrev.length);
  return stacked;
}

function rowDot(W: Matrix, row: number, stacked: Float64Array): number {
  let acc = 0;
  for (let col = 0; col < W.cols; col++) acc += W.data[row * W.cols + col] * stacked[col];
  return acc;
}

export function affine(W: Matrix, b: Vector, hPrev: Vector, x: Vector): Vector {
  const stacked = concat(hPrev, x);
  return Float64Array.from(b, (bias: number, row: number) => bias + rowDot(W, row, stacked));
}

export function affineBackward(W: Matrix, hPrev: Vector, x: Vector, dz: Vector): GateGrads {
  const stacked = concat(hPrev, x);
  const dW: Matrix = { rows: W.rows, cols: W.cols, data: new Float64Array(W.rows * W.cols) };
  const dStacked = new Float64Array(W.cols);
  for (let row = 0; row < W.rows; row++) {
    for (let col = 0; col < W.cols; col++) {
      dW.data[row * W.cols + col] = dz[row] * stacked[col];
      dStacked[col] += W.data[row * W.cols + col] * dz[row];
    }
  }
  return { dW, db: Float64Array.from(dz), dhPrev: dStacked.slice(0, hPrev.length), dx: dStacked.slice(hPrev.length) };
}
`,
  '06-cell-state/cell-state.ts': `import type { Vector } from '../../lib/types';

export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
  return Float64Array.from(f, (forget: number, k: number) => forget * cPrev[k] + i[k] * cTilde[k]);
}

export function cellStateBackward(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) {
  return {
    df: Float64Array.from(dc, (grad: number, k: number) => grad * cPrev[k]),
    dcPrev: Float64Array.from(dc, (grad: number, k: number) => grad * f[k]),
    di: Float64Array.from(dc, (grad: number, k: number) => grad * cTilde[k]),
    dcTilde: Float64Array.from(dc, (grad: number, k: number) => grad * i[k]),
  };
}
`,
};

/** Student B: while loops over a shared element-wise helper. */
export const STYLE_B: OwnSources = {
  '01-activations/activations.ts': `import type { Vector } from '../../lib/types';

function elementwise(input: Vector, op: (v: number, n: number) => number): Vector {
  const out = new Float64Array(input.length);
  let n = 0;
  while (n < input.length) {
    out[n] = op(input[n], n);
    n += 1;
  }
  return out;
}

function stableSigmoid(v: number): number {
  if (v < 0) {
    const ev = Math.exp(v);
    return ev / (ev + 1);
  }
  return 1 / (Math.exp(-v) + 1);
}

export function sigmoid(z: Vector): Vector {
  return elementwise(z, stableSigmoid);
}

export function sigmoidBackward(s: Vector, ds: Vector): Vector {
  return elementwise(s, (v, n) => ds[n] * (v * (1 - v)));
}

export function tanh(z: Vector): Vector {
  return elementwise(z, Math.tanh);
}

export function tanhBackward(t: Vector, dt: Vector): Vector {
  return elementwise(t, (v, n) => dt[n] * (1 - v ** 2));
}
`,
  '02-affine/affine.ts': `import type { GateGrads, Matrix, Vector } from '../../lib/types';

export function affine(W: Matrix, b: Vector, hPrev: Vector, x: Vector): Vector {
  const result = new Float64Array(b.length);
  let r = 0;
  while (r < b.length) {
    let total = b[r];
    hPrev.forEach((h, c) => { total += W.data[r * W.cols + c] * h; });
    x.forEach((xc, c) => { total += W.data[r * W.cols + hPrev.length + c] * xc; });
    result[r] = total;
    r += 1;
  }
  return result;
}

export function affineBackward(W: Matrix, hPrev: Vector, x: Vector, dz: Vector): GateGrads {
  const H = hPrev.length;
  const dW: Matrix = { rows: W.rows, cols: W.cols, data: new Float64Array(W.rows * W.cols) };
  const dhPrev = new Float64Array(H);
  const dx = new Float64Array(x.length);
  dz.forEach((g, r) => {
    hPrev.forEach((h, c) => {
      dW.data[r * W.cols + c] = g * h;
      dhPrev[c] += g * W.data[r * W.cols + c];
    });
    x.forEach((xc, c) => {
      dW.data[r * W.cols + H + c] = g * xc;
      dx[c] += g * W.data[r * W.cols + H + c];
    });
  });
  return { dW, db: dz.slice(), dhPrev, dx };
}
`,
  '06-cell-state/cell-state.ts': `import type { Vector } from '../../lib/types';

export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
  const c = new Float64Array(f.length);
  let n = 0;
  while (n < c.length) {
    c[n] = i[n] * cTilde[n] + f[n] * cPrev[n];
    n += 1;
  }
  return c;
}

export function cellStateBackward(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, dc: Vector) {
  const grads = { df: new Float64Array(f.length), dcPrev: new Float64Array(f.length), di: new Float64Array(f.length), dcTilde: new Float64Array(f.length) };
  let n = 0;
  while (n < f.length) {
    grads.di[n] = cTilde[n] * dc[n];
    grads.dcTilde[n] = i[n] * dc[n];
    grads.df[n] = cPrev[n] * dc[n];
    grads.dcPrev[n] = f[n] * dc[n];
    n += 1;
  }
  return grads;
}
`,
};

/** Names a copier of A changes (whole words only). */
const RENAMES: Record<string, string> = {
  logistic: 'squash',
  value: 'entry',
  index: 'position',
  concat: 'joinInputs',
  rowDot: 'dotWithRow',
  acc: 'running',
  stacked: 'joined',
  dStacked: 'gradJoined',
  forget: 'gate',
  grad: 'upstream',
  row: 'r',
  col: 'c',
};

/**
 * A disguised copy: names renamed, type annotations on parameters stripped, comments replaced,
 * indentation widened. Token-wise (types and comments dropped, names alike) it is the original.
 */
export function disguisedCopy(sources: OwnSources): OwnSources {
  const copy: OwnSources = {};
  for (const [file, text] of Object.entries(sources)) {
    let disguised = text.replace(/\/\/.*$/gm, '');
    for (const [from, to] of Object.entries(RENAMES)) disguised = disguised.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
    disguised = disguised
      .replace(/\((\w+): number, (\w+): number\)/g, '($1, $2)')
      .replace(/\((\w+): number\) =>/g, '($1) =>')
      .replace(/^( +)/gm, (spaces) => spaces.repeat(2));
    copy[file] = `// ${file}: my own solution, written from the lecture notes.\n${disguised}`;
  }
  return copy;
}
