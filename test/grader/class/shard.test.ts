/** Shards: every student in exactly one, the same on every machine, stable when the class grows. */
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../../grader/class/shard';

describe('parseShard', () => {
  it('reads I/N and names the option when it cannot', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '1/300']) expect(() => parseShard(bad)).toThrow(/^--shard: expected I\/N/);
  });
});

describe('shardOf', () => {
  const students = Array.from({ length: 200 }, (_, k) => `student-${k}`);
  it('puts every student in exactly one shard, spread over all of them', () => {
    for (const count of [1, 2, 3, 7]) {
      const sizes = Array.from({ length: count }, (_, k) => students.filter((s) => inShard(s, { index: k + 1, count })).length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(students.length);
      expect(Math.min(...sizes)).toBeGreaterThan(students.length / count / 2);
    }
  });

  it('depends on the id only, so a late student moves nobody else', () => {
    const before = students.map((s) => shardOf(s, 4));
    const after = [...students, 'late-student'].map((s) => shardOf(s, 4)).slice(0, students.length);
    expect(after).toEqual(before);
    expect(inShard('anyone', null)).toBe(true);
  });
});
