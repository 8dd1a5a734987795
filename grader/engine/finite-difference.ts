/**
 * Central finite differences in float64, the ground truth every analytic gradient is checked
 * against.
 *
 * The central difference (f(x + h) − f(x − h)) / 2h has truncation error O(h²·f''') and rounding
 * error O(ε·|f| / h); the two balance at h ≈ cbrt(ε) ≈ 6.1e-6 times the scale of x, which is the
 * step used here (Nocedal & Wright, Numerical Optimization, section 8.1).
 */

/** cbrt(machine epsilon): the step that balances truncation and rounding error. */
export const STEP_SCALE = Math.cbrt(Number.EPSILON);

/** The step for a value of this magnitude: h = cbrt(ε)·max(1, |value|). */
export function stepFor(value: number): number {
  return STEP_SCALE * Math.max(1, Math.abs(value));
}

/**
 * ∂loss/∂x[k] by central differences. `loss` must read `x` afresh on every call: x[k] is
 * perturbed in place and restored (bit for bit) before returning.
 */
export function partialDerivative(loss: () => number, x: Float64Array, k: number): number {
  const original = x[k];
  const h = stepFor(original);
  // Use the step that is actually representable, so that 2h is exactly the distance travelled.
  const up = original + h;
  const down = original - h;
  x[k] = up;
  const lossUp = loss();
  x[k] = down;
  const lossDown = loss();
  x[k] = original;
  return (lossUp - lossDown) / (up - down);
}

/** The full numerical gradient of `loss` with respect to `x` (one pair of evaluations per entry). */
export function numericalGradient(loss: () => number, x: Float64Array): Float64Array {
  const grad = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) grad[k] = partialDerivative(loss, x, k);
  return grad;
}

/**
 * The derivative of `loss` along a direction that moves every array in `inputs` at once by
 * t·directions[j]: d/dt loss(inputs + t·directions) at t = 0. One pair of evaluations checks all
 * gradients together (a dot-product test: it must equal Σ_j ⟨grad_j, directions_j⟩).
 * The arrays are restored bit for bit before returning.
 */
export function directionalDerivative(loss: () => number, inputs: Float64Array[], directions: Float64Array[]): number {
  const t = directionalStep(inputs, directions);
  if (t === 0) return 0;
  const originals = inputs.map((x) => Float64Array.from(x));
  moveAlong(inputs, originals, directions, t);
  const lossUp = loss();
  moveAlong(inputs, originals, directions, -t);
  const lossDown = loss();
  inputs.forEach((x, j) => x.set(originals[j]));
  return (lossUp - lossDown) / (2 * t);
}

/**
 * The step t for a directional difference: cbrt(ε) times the scale of the inputs, divided by the
 * largest entry of the direction. 0 when the direction is all zeros.
 */
export function directionalStep(inputs: Float64Array[], directions: Float64Array[]): number {
  if (inputs.length !== directions.length) {
    throw new RangeError(
      `directionalStep: arguments inputs and directions must have the same length, got ${inputs.length} and ${directions.length}`,
    );
  }
  let scale = 1;
  let dirMax = 0;
  inputs.forEach((x, j) => {
    if (x.length !== directions[j].length) {
      throw new RangeError(
        `directionalStep: inputs[${j}] and directions[${j}] must have the same length, got ${x.length} and ${directions[j].length}`,
      );
    }
    for (let k = 0; k < x.length; k++) {
      scale = Math.max(scale, Math.abs(x[k]));
      dirMax = Math.max(dirMax, Math.abs(directions[j][k]));
    }
  });
  return dirMax === 0 ? 0 : (STEP_SCALE * scale) / dirMax;
}

/** inputs[j] = originals[j] + t·directions[j], in place. */
export function moveAlong(inputs: Float64Array[], originals: Float64Array[], directions: Float64Array[], t: number): void {
  inputs.forEach((x, j) => {
    for (let k = 0; k < x.length; k++) x[k] = originals[j][k] + t * directions[j][k];
  });
}

/** Absolute and relative tolerance of the pass rule. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** The pass rule |a − n| ≤ atol + rtol·max(|a|, |n|). NaN and ±Infinity never pass. */
export function withinTolerance(analytic: number, numerical: number, tol: Tolerance): boolean {
  // Without this, |∞ − 1| ≤ rtol·∞ holds in IEEE arithmetic and an infinite gradient would pass.
  if (!Number.isFinite(analytic) || !Number.isFinite(numerical)) return false;
  return Math.abs(analytic - numerical) <= tol.atol + tol.rtol * Math.max(Math.abs(analytic), Math.abs(numerical));
}

/** ⟨a, b⟩. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}
