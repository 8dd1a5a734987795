/** The manifest: what ships is an allow-list, and its patterns mean what they say. */
import { describe, expect, it } from 'vitest';
import { GENERATED, NOT_SHIPPED, patternRegExp, ships, SHIPPED } from '../../../grader/export/manifest';

describe('patternRegExp', () => {
  it.each([
    ['lib/**', 'lib/types.ts', true],
    ['lib/**', 'lib/deep/a/b.ts', true],
    ['lib/**', 'library/x.ts', false],
    ['grader/*.ts', 'grader/cli.ts', true],
    ['grader/*.ts', 'grader/course/index.ts', false],
    ['**/*.wasm', 'grader/copytask/kernels/gemm.wasm', true],
    ['**/*.wasm', 'top.wasm', true],
    ['.prettier*', '.prettierrc.json', true],
    ['reports/.gitkeep', 'reports/xgitkeep', false],
  ])('%s on %s is %s', (pattern, file, expected) => {
    expect(patternRegExp(pattern).test(file)).toBe(expected);
  });
});

describe('ships', () => {
  it.each([
    'lib/linalg.ts',
    'exercises/03-forget-gate/forget-gate.ts',
    'exercises/12-sequence-tasks/README.md',
    'grader/cli.ts',
    'grader/grading-config.json',
    'grader/copytask/fast-lstm.ts',
    'grader/copytask/kernels/gemm.assembly.ts',
    'grader/weather/data/seattle-weather.csv',
    '.github/workflows/autograde.yml',
    '.github/workflows/classroom.yml',
    'package-lock.json',
  ])('ships %s', (file) => expect(ships(file)).toBe(true));

  it.each([
    'solutions/03-forget-gate/forget-gate.ts',
    'grader/answer-key/index.ts',
    'grader/bench/index.ts',
    'grader/class/cli.ts',
    'grader/export/cli.ts',
    'grader/bench/round-trip.ts',
    'grader/copytask/kernels/gemm.wasm',
    'scripts/calibrate.ts',
    'test/grader/grade.test.ts',
    'docs/grading.md',
    '.github/workflows/grade-class.yml',
    'README.md',
    'package.json',
    'tsconfig.json',
    '.gitignore',
    'vitest.config.mts',
    'a-new-file-nobody-listed.ts',
    'grader/a-new-folder/instructor-only.ts',
  ])('does not ship %s', (file) => expect(ships(file)).toBe(false));

  it('never both ships and generates a file, and lists every dropped part with a reason', () => {
    for (const rule of GENERATED) expect(ships(rule.pattern), rule.pattern).toBe(false);
    for (const rule of [...SHIPPED, ...NOT_SHIPPED, ...GENERATED]) expect(rule.reason.length, rule.pattern).toBeGreaterThan(10);
  });
});
