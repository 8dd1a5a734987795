/**
 * Grouping similar submissions: a disguised copy of a student's own code is grouped with it, two
 * students' independent code is not, the stubs and the reference never count, small shared
 * material (the same catalogued mistake) is not enough, and group members are not compared.
 */
import { describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import type { ExerciseFile } from '../../../../grader/class/intake/files';
import { DEFAULT_SIMILARITY, similarGroups, type SimilarityInput } from '../../../../grader/class/similarity/groups';
import { baseFingerprints, ownMaterial } from '../../../../grader/class/similarity/own-material';
import { EXERCISES_DIR, SOLUTIONS_DIR } from '../../../../grader/paths';
import { disguisedCopy, STYLE_A, STYLE_B, type OwnSources } from '../../../../scripts/class/own-style';
import fs from 'node:fs';
import path from 'node:path';

const base = baseFingerprints();

function tree(from: string, overrides: OwnSources = {}): ExerciseFile[] {
  return CODE_EXERCISES.map((e) => ({
    path: e.file,
    content: Buffer.from(overrides[e.file] ?? `// a student's header\n${fs.readFileSync(path.join(from, e.file), 'utf8')}`),
  }));
}

function input(student: string, files: ExerciseFile[], sourceKey = student): SimilarityInput {
  return { student, sourceKey, fingerprints: ownMaterial(files, base) };
}

describe('ownMaterial', () => {
  it('is empty for the stubs and for the reference, however commented', () => {
    expect(ownMaterial(tree(EXERCISES_DIR), base)).toEqual({});
    expect(ownMaterial(tree(SOLUTIONS_DIR), base)).toEqual({});
  });

  it('holds the exercises a student wrote in their own way', () => {
    expect(Object.keys(ownMaterial(tree(SOLUTIONS_DIR, STYLE_A), base)).sort()).toEqual(
      Object.keys(STYLE_A)
        .map((f) => f.split('/')[0])
        .sort(),
    );
  });
});

describe('similarGroups', () => {
  const a = input('ada', tree(SOLUTIONS_DIR, STYLE_A));
  const copy = input('eve', tree(SOLUTIONS_DIR, disguisedCopy(STYLE_A)));
  const b = input('grace', tree(SOLUTIONS_DIR, STYLE_B));
  const stubs = [input('s1', tree(EXERCISES_DIR)), input('s2', tree(EXERCISES_DIR))];
  const references = [input('r1', tree(SOLUTIONS_DIR)), input('r2', tree(SOLUTIONS_DIR))];

  it('groups a disguised copy with its original, and nothing else', () => {
    const report = similarGroups([a, copy, b, ...stubs, ...references]);
    expect(report.groups).toHaveLength(1);
    const [group] = report.groups;
    expect(group.students).toEqual(['ada', 'eve']);
    expect(group.pairs[0].similarity).toBeGreaterThanOrEqual(0.95);
    expect(group.pairs[0].shared).toBeGreaterThan(DEFAULT_SIMILARITY.minShared);
    expect(group.pairs[0].folders).toEqual(
      Object.keys(STYLE_A)
        .map((f) => f.split('/')[0])
        .sort(),
    );
    expect(report.withOwnMaterial).toBe(3);
  });

  it('keeps two independent styles apart even at a low threshold', () => {
    const report = similarGroups([a, b], { ...DEFAULT_SIMILARITY, threshold: 0.2 });
    expect(report.groups).toEqual([]);
  });

  it('needs enough shared material: the same one-line change in two submissions is not copying', () => {
    const edited = fs.readFileSync(path.join(SOLUTIONS_DIR, CODE_EXERCISES[0].file), 'utf8').replace('(1 - s[k])', '(1 + s[k])');
    const x = input('x', tree(SOLUTIONS_DIR, { [CODE_EXERCISES[0].file]: edited }));
    const y = input('y', tree(SOLUTIONS_DIR, { [CODE_EXERCISES[0].file]: edited }));
    expect(Object.values(x.fingerprints).flat().length).toBeGreaterThan(0);
    expect(similarGroups([x, y]).groups).toEqual([]);
  });

  it('does not compare the members of one group submission, and marks byte-identical pairs', () => {
    expect(
      similarGroups([
        { ...a, sourceKey: 'team' },
        { ...copy, student: 'partner', sourceKey: 'team' },
      ]).groups,
    ).toEqual([]);
    const [group] = similarGroups([
      { ...a, contentHash: 'h' },
      { ...a, student: 'twin', sourceKey: 'twin', contentHash: 'h' },
    ]).groups;
    expect(group.identical).toBe(true);
  });

  it('leaves out fingerprints that more than a quarter of a large class share', () => {
    const many = Array.from({ length: 12 }, (_, k) => ({ ...a, student: `s${k}`, sourceKey: `s${k}` }));
    const report = similarGroups(many, { ...DEFAULT_SIMILARITY, commonFloor: 2 });
    expect(report.commonFingerprints).toBe(Object.values(a.fingerprints).flat().length);
    expect(report.groups).toEqual([]);
  });

  it('names a setting that makes no sense', () => {
    expect(() => similarGroups([], { ...DEFAULT_SIMILARITY, threshold: 0 })).toThrow(/similarGroups: setting threshold/);
    expect(() => similarGroups([], { ...DEFAULT_SIMILARITY, minShared: 0 })).toThrow(/similarGroups: setting minShared/);
  });
});
