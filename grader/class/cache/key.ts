/**
 * The class cache key of one grading: the submission's content hash, the grader's version and the
 * options that change a grade (quick, seed, the grading config's values). A student whose key is
 * unchanged since the last run into the same DIR is not graded again; their outputs are kept.
 */
import { createHash } from 'node:crypto';
import type { GradingConfig } from '../../config';

export interface GradingOptions {
  quick: boolean;
  seed: number;
  /** sha256 of the grading config's values (not its formatting). */
  configHash: string;
}

export function configHash(config: GradingConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

export function gradingKey(graderVersion: string, options: GradingOptions, contentHash: string): string {
  for (const [name, value] of [
    ['graderVersion', graderVersion],
    ['contentHash', contentHash],
    ['options.configHash', options.configHash],
  ] as const) {
    if (!/^[0-9a-f]{64}$/.test(value))
      throw new TypeError(`gradingKey: argument ${name} must be a sha256 in hex, got ${JSON.stringify(value)}`);
  }
  return createHash('sha256')
    .update(canonicalJson({ graderVersion, contentHash, quick: options.quick, seed: options.seed, config: options.configHash }))
    .digest('hex');
}

/** JSON with object keys sorted, so that equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
