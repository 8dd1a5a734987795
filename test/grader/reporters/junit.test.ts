import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'junit2json';
import type { TestSuite, TestSuites } from 'junit2json';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISE_IDS } from '../../../grader/course';
import { OUTPUT_FILES } from '../../../grader/paths';
import { junitReporter, junitXml } from '../../../grader/reporters/junit';
import { realGrade, TRICKY_MESSAGE } from '../../fixtures/grades';
import { simulatedGithub, removeTempDirs, tempDir } from '../../helpers/ci';

afterAll(removeTempDirs);

async function parseSuites(xml: string): Promise<TestSuites> {
  const parsed = await parse(xml);
  if (!parsed || !('testsuite' in parsed)) throw new Error('junit.xml has no <testsuites> root');
  return parsed as TestSuites;
}

function suite(suites: TestSuites, id: string): TestSuite {
  const found = suites.testsuite?.find((s) => s.name === id);
  if (!found) throw new Error(`no testsuite ${id}`);
  return found;
}

describe('junitXml', () => {
  it('has a testsuite per exercise and a testcase per check, with the right counts', async () => {
    const grade = await realGrade('mixed');
    const suites = await parseSuites(junitXml(grade));
    const checks = grade.exercises.flatMap((e) => e.checks);
    expect(suites.name).toBe('lstm-lab');
    expect(suites.tests).toBe(checks.length);
    expect(suites.failures).toBe(checks.filter((c) => c.status === 'failed').length);
    expect(suites.errors).toBe(checks.filter((c) => c.status === 'error').length);
    expect(suites.time).toBe(Number((grade.durationMs / 1000).toFixed(3)));
    expect(suites.testsuite!.map((s) => s.name)).toEqual(EXERCISE_IDS);
    for (const exercise of grade.exercises) {
      const s = suite(suites, exercise.id);
      expect(s.tests).toBe(exercise.checks.length);
      expect(s.testcase!.map((c) => c.name)).toEqual(exercise.checks.map((c) => c.title));
      expect(s.testcase!.every((c) => c.classname === exercise.id)).toBe(true);
    }
  });

  it('turns a wrong answer into a failure with a one-line message, the named mistake and the replay command', async () => {
    const grade = await realGrade('mixed');
    const suites = await parseSuites(junitXml(grade));
    const affine = suite(suites, 'affine');
    const failedChecks = grade.exercises.find((e) => e.id === 'affine')!.checks.filter((c) => c.status === 'failed');
    expect(affine.failures).toBe(failedChecks.length);
    const named = failedChecks.find((c) => c.diagnosis?.named.length === 1)!;
    const failure = affine.testcase!.find((c) => c.name === named.title)!.failure![0]!;
    expect(failure.message).toBe(named.message.replace(/\s*[\r\n]+\s*/g, ' '));
    expect(failure.type).toBe('affine-backward-no-transpose');
    expect(failure.inner).toContain('a common mistake: dhPrev computed with W instead of Wᵀ');
    expect(failure.inner).toContain(`Replay: ${named.replay}`);
    expect(affine.testcase!.find((c) => c.name === 'affine matches the reference')!.failure).toBeUndefined();
  });

  it('marks code that could not run as errors, stubs as skipped, and keeps escaping right', async () => {
    const grade = await realGrade('mixed');
    const suites = await parseSuites(junitXml(grade));
    const output = suite(suites, 'output-gate');
    expect(output.errors).toBeGreaterThan(0);
    const forget = suite(suites, 'forget-gate');
    const thrown = forget.testcase!.flatMap((c) => c.failure ?? []).find((f) => f.message?.includes(TRICKY_MESSAGE));
    expect(thrown).toBeDefined();
    const candidate = suite(suites, 'candidate');
    expect(candidate.skipped).toBe(candidate.tests);
    expect(candidate.testcase![0]!.skipped![0]!.message).toMatch(/^Not attempted yet: write candidate/);
    const all = await parseSuites(junitXml(await realGrade('stubs')));
    expect(all.testsuite!.every((s) => s.skipped === s.tests)).toBe(true);
  });

  it('still gives an exercise without checks one testcase, and survives control characters', async () => {
    const grade = structuredClone(await realGrade('reference'));
    const lstmCell = grade.exercises.find((e) => e.id === 'lstm-cell')!;
    Object.assign(lstmCell, {
      status: 'error',
      score: 0,
      checks: [],
      summary: 'lstm-cell.ts has a syntax error\u0007 on line 3.',
      output: 'bell \u0007',
    });
    const suites = await parseSuites(junitXml(grade));
    const s = suite(suites, 'lstm-cell');
    expect(s.tests).toBe(1);
    expect(s.testcase![0]!.error![0]!.message).toBe('lstm-cell.ts has a syntax error\uFFFD on line 3.');
  });
});

describe('junitReporter', () => {
  it('writes junit.xml into the out folder', async () => {
    const gha = simulatedGithub(tempDir('submission'));
    const grade = await realGrade('reference');
    await junitReporter.write(grade, gha.context);
    const suites = await parseSuites(fs.readFileSync(path.join(gha.context.outDir, OUTPUT_FILES.junit), 'utf8'));
    expect(suites.failures).toBe(0);
    expect(suites.tests).toBe(grade.exercises.flatMap((e) => e.checks).length);
  });
});
