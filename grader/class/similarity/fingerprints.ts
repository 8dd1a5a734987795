/**
 * Fingerprints of a token stream by winnowing (Schleimer, Wilkerson & Aiken, "Winnowing: local
 * algorithms for document fingerprinting", SIGMOD 2003; the method of MOSS): hash every run of K
 * consecutive tokens, and in every window of W consecutive hashes keep the smallest. Two streams
 * that share a run of at least K + W − 1 tokens are guaranteed to share a fingerprint; runs
 * shorter than K never count.
 */

/** Tokens per hashed run: about one statement of these exercises (`s[k] = 1 / (1 + Math.exp(-z[k]));` is 20). */
export const K = 10;
/** Hashes per window: any shared run of K + W − 1 = 14 tokens is found. */
export const W = 5;

/** FNV-1a (32 bits) of each run of `k` token codes. */
export function kgramHashes(tokens: readonly number[], k: number = K): number[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kgramHashes: argument k must be a whole number ≥ 1, got ${String(k)}`);
  const hashes: number[] = [];
  for (let start = 0; start + k <= tokens.length; start++) {
    let h = 0x811c9dc5;
    for (let j = start; j < start + k; j++) {
      const code = tokens[j];
      // Two bytes per token code: every code fits in 16 bits.
      h = Math.imul(h ^ (code & 0xff), 0x01000193);
      h = Math.imul(h ^ ((code >>> 8) & 0xff), 0x01000193);
    }
    hashes.push(h >>> 0);
  }
  return hashes;
}

/**
 * The winnowed fingerprints: the minimum of every window of `w` hashes (the rightmost one on a
 * tie, as the paper does), each selected position once. A stream shorter than one window keeps
 * its smallest hash, so a short but non-empty stream is not invisible.
 */
export function winnow(hashes: readonly number[], w: number = W): number[] {
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`winnow: argument w must be a whole number ≥ 1, got ${String(w)}`);
  if (hashes.length === 0) return [];
  const selected: number[] = [];
  let lastPosition = -1;
  const windows = Math.max(1, hashes.length - w + 1);
  for (let start = 0; start < windows; start++) {
    let best = start;
    for (let j = start; j < Math.min(start + w, hashes.length); j++) {
      if (hashes[j] <= hashes[best]) best = j;
    }
    if (best !== lastPosition) {
      selected.push(hashes[best]);
      lastPosition = best;
    }
  }
  return selected;
}

/** The set of fingerprints of a token stream. */
export function fingerprintSet(tokens: readonly number[]): Set<number> {
  return new Set(winnow(kgramHashes(tokens)));
}
