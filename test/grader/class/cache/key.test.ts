/** The cache key changes with the submission, the grader and the options, and with nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../grader/config';
import { canonicalJson, configHash, gradingKey } from '../../../../grader/class/cache/key';
import { graderVersion, versionedFiles } from '../../../../grader/class/cache/version';
import { contentHash } from '../../../../grader/class/intake/files';
import { removeTempDirs, tempDir, writeTree } from '../helpers';

afterAll(removeTempDirs);

const h = (c: string) => c.repeat(64);

describe('contentHash', () => {
  it('depends on names, bytes and kinds, not on the order files were found in', () => {
    const a = { path: '01-x/a.ts', content: Buffer.from('1') };
    const b = { path: '02-y/b.ts', content: Buffer.from('2') };
    expect(contentHash([a, b])).toBe(contentHash([b, a]));
    expect(contentHash([a, b])).not.toBe(contentHash([a, { ...b, content: Buffer.from('3') }]));
    expect(contentHash([a])).not.toBe(contentHash([{ ...a, path: '01-x/c.ts' }]));
    expect(contentHash([a])).not.toBe(contentHash([{ path: a.path, linkTarget: '1' }]));
    // Length prefixes: moving a byte from a name to a file's content is a different submission.
    expect(contentHash([{ path: 'ab', content: Buffer.from('c') }])).not.toBe(contentHash([{ path: 'a', content: Buffer.from('bc') }]));
  });
});

describe('gradingKey', () => {
  const options = { quick: true, seed: 42, configHash: h('c') };
  it('changes with the grader version, the content and each option', () => {
    const key = gradingKey(h('a'), options, h('b'));
    expect(gradingKey(h('a'), options, h('b'))).toBe(key);
    expect(gradingKey(h('d'), options, h('b'))).not.toBe(key);
    expect(gradingKey(h('a'), options, h('e'))).not.toBe(key);
    expect(gradingKey(h('a'), { ...options, quick: false }, h('b'))).not.toBe(key);
    expect(gradingKey(h('a'), { ...options, seed: 7 }, h('b'))).not.toBe(key);
    expect(gradingKey(h('a'), { ...options, configHash: h('f') }, h('b'))).not.toBe(key);
  });

  it('names a malformed hash', () => {
    expect(() => gradingKey('v1', options, h('b'))).toThrow(/gradingKey: argument graderVersion must be a sha256/);
  });

  it('hashes the grading config by value, not by layout', () => {
    const config = loadConfig();
    expect(configHash(JSON.parse(JSON.stringify(config)))).toBe(configHash(config));
    expect(configHash({ ...config, seed: config.seed + 1 })).not.toBe(configHash(config));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});

describe('graderVersion', () => {
  it('covers grader/, lib/, solutions/ and the lock file, but not the class page or the benchmarks', () => {
    const files = versionedFiles();
    expect(files).toContain('grader/grade.ts');
    expect(files).toContain('grader/grading-config.json');
    expect(files).toContain('package-lock.json');
    expect(files.some((f) => f.startsWith('lib/'))).toBe(true);
    expect(files.some((f) => f.startsWith('solutions/'))).toBe(true);
    expect(files).toContain('grader/class/grading/grade-submission.ts');
    expect(files.filter((f) => f.startsWith('grader/class/') && !f.startsWith('grader/class/grading/'))).toEqual([]);
    expect(files.some((f) => f.startsWith('grader/bench/'))).toBe(false);
  });

  it('changes when a versioned file changes, and works without solutions/ (a student template)', () => {
    const root = writeTree(tempDir('version'), {
      'grader/grade.ts': 'one',
      'lib/types.ts': 'x',
      'package-lock.json': '{}',
      'grader/class/page/x.hbs': 'a',
    });
    const before = graderVersion(root);
    fs.writeFileSync(path.join(root, 'grader/class/page/x.hbs'), 'b');
    const other = writeTree(tempDir('version'), { 'grader/grade.ts': 'two', 'lib/types.ts': 'x', 'package-lock.json': '{}' });
    expect(graderVersion(other)).not.toBe(before);
    expect(versionedFiles(root)).toEqual(['grader/grade.ts', 'lib/types.ts', 'package-lock.json']);
  });
});
