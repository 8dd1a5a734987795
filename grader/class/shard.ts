/**
 * `--shard I/N`: a deterministic slice of the class for one machine of N. A student's shard is a
 * hash of their id, not their position in the list, so a late submission joins one shard without
 * moving anybody else to another (each shard's cache stays valid).
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

/** Parses `I/N` (1 ≤ I ≤ N ≤ 256); the error names the option. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new RangeError(`--shard: expected I/N with 1 ≤ I ≤ N ≤ ${MAX_SHARDS}, such as 2/4, got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** The shard (1-based) a student belongs to out of `count`. */
export function shardOf(student: string, count: number): number {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`shardOf: argument count must be a whole number ≥ 1, got ${String(count)}`);
  return (createHash('sha256').update(student).digest().readUInt32BE(0) % count) + 1;
}

export function inShard(student: string, shard: Shard | null): boolean {
  return shard === null || shardOf(student, shard.count) === shard.index;
}
