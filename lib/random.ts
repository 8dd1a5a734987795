/**
 * Seeded random numbers, so that every run of a check or of the copy task can be repeated.
 *
 * The generator is mulberry32 (Tommy Ettinger, 2017): 32 bits of state, one multiply-xorshift
 * round per draw, period 2^32. Small, fast and good enough for initialisation and test data; it
 * is not for cryptography.
 */
import type { Matrix, Vector } from './types';

export class Random {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`Random: argument seed must be a finite number, got ${String(seed)}`);
    }
    this.state = seed >>> 0;
  }

  /** A uniform draw from [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform draw from [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer from low to high, both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(u) stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A vector of uniform draws from [low, high). */
  vector(length: number, low = -1, high = 1): Vector {
    const v = new Float64Array(length);
    for (let k = 0; k < length; k++) v[k] = this.uniform(low, high);
    return v;
  }

  /** A rows × cols matrix of uniform draws from [low, high). */
  matrix(rows: number, cols: number, low = -1, high = 1): Matrix {
    return { rows, cols, data: this.vector(rows * cols, low, high) };
  }
}
