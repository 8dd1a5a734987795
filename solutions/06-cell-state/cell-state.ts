/**
 * Reference solution: the cell-state update C = f ⊙ C_prev + i ⊙ C̃.
 *
 * This sum is the LSTM's "constant error carousel": along C_prev → C the only factor is f, so
 * when the forget gate stays near 1 the gradient crosses many steps without vanishing.
 */
import { assertSameLength } from '../../lib/linalg';
import type { Vector } from '../../lib/types';

/** C = f ⊙ cPrev + i ⊙ cTilde, element-wise, length H. */
export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
  checkLengths(f, cPrev, i, cTilde, 'cellState');
  const c = new Float64Array(f.length);
  for (let k = 0; k < c.length; k++) c[k] = f[k] * cPrev[k] + i[k] * cTilde[k];
  return c;
}

/** Each product rule gives one gradient: ∂C/∂f = C_prev, ∂C/∂C_prev = f, ∂C/∂i = C̃, ∂C/∂C̃ = i. */
export function cellStateBackward(
  f: Vector,
  cPrev: Vector,
  i: Vector,
  cTilde: Vector,
  dc: Vector,
): { df: Vector; dcPrev: Vector; di: Vector; dcTilde: Vector } {
  checkLengths(f, cPrev, i, cTilde, 'cellStateBackward');
  assertSameLength(f, 'f', dc, 'dc', 'cellStateBackward');
  const H = f.length;
  const df = new Float64Array(H);
  const dcPrev = new Float64Array(H);
  const di = new Float64Array(H);
  const dcTilde = new Float64Array(H);
  for (let k = 0; k < H; k++) {
    df[k] = dc[k] * cPrev[k];
    dcPrev[k] = dc[k] * f[k];
    di[k] = dc[k] * cTilde[k];
    dcTilde[k] = dc[k] * i[k];
  }
  return { df, dcPrev, di, dcTilde };
}

function checkLengths(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector, fn: string): void {
  assertSameLength(f, 'f', cPrev, 'cPrev', fn);
  assertSameLength(f, 'f', i, 'i', fn);
  assertSameLength(f, 'f', cTilde, 'cTilde', fn);
}
