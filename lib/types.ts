/**
 * The shapes every exercise works with (DESIGN.md section 3).
 *
 * One example at a time, no batch dimension. H is the hidden size, D the input size.
 */

/** A column vector of length H or D. */
export type Vector = Float64Array;

/** A row-major matrix: entry (r, c) lives at `data[r * cols + c]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** One gate's parameters: W is H × (H + D) and acts on [h_{t-1}; x_t], hidden part first. */
export interface Gate {
  W: Matrix;
  b: Vector;
}

/** Gradients of one gate (or one affine map) with respect to everything it reads. */
export interface GateGrads {
  dW: Matrix;
  db: Vector;
  dhPrev: Vector;
  dx: Vector;
}

/** The four gates of an LSTM cell. */
export interface LstmParams {
  forget: Gate;
  input: Gate;
  candidate: Gate;
  output: Gate;
}

/** Parameter gradients of an LSTM cell, one entry per gate. */
export type LstmGrads = { [K in keyof LstmParams]: { dW: Matrix; db: Vector } };

/** What the forward step of a cell keeps for its backward step. */
export interface StepCache {
  x: Vector;
  hPrev: Vector;
  cPrev: Vector;
  f: Vector;
  i: Vector;
  cTilde: Vector;
  o: Vector;
  c: Vector;
  h: Vector;
}

/**
 * A dense (fully connected) readout on a hidden state: y = W·h + b. W is O × H (O outputs, H the
 * hidden size) and b has length O.
 */
export interface Dense {
  W: Matrix;
  b: Vector;
}
