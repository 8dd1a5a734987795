/** Merging shard folders: the result is the whole class; anything that would make it wrong is refused. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeClass } from '../../../grader/class/merge';
import { writeClassOutputs } from '../../../grader/class/outputs';
import { CLASS_PAGE_FILE, GRADEBOOK_FILE, readManifest, writeManifest, type RunManifest } from '../../../grader/class/store';
import { writeFixtureClass } from './fixtures';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

/** The fixture class cut into shards by student: each folder keeps only its students in run.json. */
function shards(parts: string[][], change: (manifest: RunManifest, k: number) => RunManifest = (m) => m): string[] {
  return parts.map((students, k) => {
    const dir = path.join(tempDir('shard'), `shard-${k + 1}`);
    fs.mkdirSync(dir);
    writeFixtureClass(dir);
    const manifest = readManifest(dir);
    writeManifest(dir, change({ ...manifest, shard: { index: k + 1, count: parts.length }, students }, k));
    return dir;
  });
}

const FIRST = ['ada', 'alan', 'eve'];
const SECOND = ['-mallory', 'grace', 'stubby'];

describe('mergeClass', () => {
  it('gives the same gradebook and class page as the whole class in one folder', () => {
    const whole = tempDir('whole');
    writeFixtureClass(whole);
    writeClassOutputs(whole);
    const merged = path.join(tempDir('merged'), 'class');
    expect(mergeClass(shards([FIRST, SECOND]), merged)).toEqual({ inputs: 2, students: 6 });
    expect(fs.readFileSync(path.join(merged, GRADEBOOK_FILE), 'utf8')).toBe(fs.readFileSync(path.join(whole, GRADEBOOK_FILE), 'utf8'));
    expect(fs.readFileSync(path.join(merged, CLASS_PAGE_FILE), 'utf8')).toBe(fs.readFileSync(path.join(whole, CLASS_PAGE_FILE), 'utf8'));
    expect(readManifest(merged).shard).toBeNull();
    expect(fs.existsSync(path.join(merged, 'ada', 'results.json'))).toBe(true);
  });

  it.each([
    ['a missing shard', () => shards([FIRST, SECOND]).slice(0, 1), /shard 2\/2 missing/],
    ['a student in two folders', () => shards([FIRST, ['ada', ...SECOND]]), /student ada is in both/],
    [
      'another grader version',
      () => shards([FIRST, SECOND], (m, k) => ({ ...m, graderVersion: k === 0 ? m.graderVersion : 'a'.repeat(64) })),
      /graded by another grader version/,
    ],
    [
      'other options',
      () => shards([FIRST, SECOND], (m, k) => ({ ...m, options: { ...m.options, quick: k === 1 } })),
      /graded with other options/,
    ],
    [
      'shards of different counts',
      () => shards([FIRST, SECOND], (m, k) => ({ ...m, shard: { index: k + 1, count: 2 + k } })),
      /is shard 2\/3, but .* is one of 2/,
    ],
    [
      'a whole class with a shard',
      () => shards([FIRST, SECOND], (m, k) => ({ ...m, shard: k === 0 ? null : m.shard })),
      /is a whole class, the others are shards/,
    ],
    ['a folder that is not a class output', () => [tempDir('nothing')], /is not the output of grade:class/],
  ])('refuses %s', (_name, inputs, message) => {
    expect(() => mergeClass(inputs(), path.join(tempDir('merged'), 'x'))).toThrow(message);
  });

  it('refuses to merge into one of its inputs', () => {
    const dirs = shards([FIRST, SECOND]);
    expect(() => mergeClass(dirs, dirs[0])).toThrow(/--out: .* is one of the folders being merged/);
  });
});
