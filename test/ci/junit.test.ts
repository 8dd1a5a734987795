import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'junit2json';
import type { TestSuite, TestSuites } from 'junit2json';
import { afterAll, describe, expect, it } from 'vitest';
import { EXERCISES } from '../../grader/exercises';
import { junitReporter, junitXml } from '../../grader/reporters/junit';
import { REPLAY_AFFINE, TRICKY_TITLE, mixedResult, passingResult, stubResult } from './fixtures';
import { simulatedGithub, removeTempDirs, tempDir } from './helpers';

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
    const grade = mixedResult();
    const suites = await parseSuites(junitXml(grade));
    const checks = grade.exercises.flatMap((e) => e.checks);
    expect(suites.name).toBe('lstm-lab');
    expect(suites.tests).toBe(checks.length);
    expect(suites.failures).toBe(checks.filter((c) => c.status === 'failed').length);
    expect(suites.errors).toBe(checks.filter((c) => c.status === 'error').length);
    expect(suites.time).toBe(3.456);
    expect(suites.testsuite!.map((s) => s.name)).toEqual(EXERCISES.map((e) => e.id));
    for (const exercise of grade.exercises) {
      const s = suite(suites, exercise.id);
      expect(s.tests).toBe(exercise.checks.length);
      expect(s.testcase!.map((c) => c.name)).toEqual(exercise.checks.map((c) => c.title));
      expect(s.testcase!.every((c) => c.classname === exercise.id && c.time === 0.125)).toBe(true);
    }
  });

  it('turns a wrong answer into a failure with one-line message and details plus replay command', async () => {
    const suites = await parseSuites(junitXml(mixedResult()));
    const affine = suite(suites, 'affine');
    expect(affine.failures).toBe(2);
    const tricky = affine.testcase!.find((c) => c.name === TRICKY_TITLE)!;
    const failure = tricky.failure![0]!;
    expect(failure.message).toBe('affineBackward: dW[0][1] is 50% too large, expected 0.25, got 0.375 see db, too');
    expect(failure.type).toBe('x-h-order');
    expect(failure.inner).toContain('analytic 0.375, numerical 0.25');
    expect(failure.inner).toContain('[x, h] instead of [h, x]');
    expect(failure.inner).toContain(`Replay: ${REPLAY_AFFINE}`);
    expect(affine.testcase!.find((c) => c.name === 'affine matches the reference')!.failure).toBeUndefined();
  });

  it('marks crashes as errors, stubs as skipped, and keeps the student output', async () => {
    const suites = await parseSuites(junitXml(mixedResult()));
    const forget = suite(suites, 'forget-gate');
    expect(forget.errors).toBe(2);
    expect(forget.testcase![0]!.error![0]!.message).toContain("Cannot read properties of undefined (reading 'rows')");
    expect(forget['system-out']![0]).toContain('debug: W is undefined');
    const input = suite(suites, 'input-gate');
    expect(input.skipped).toBe(2);
    expect(input.testcase![0]!.skipped![0]!.message).toBe('inputGate is not implemented yet.');
    const all = await parseSuites(junitXml(stubResult()));
    expect(all.testsuite!.every((s) => s.skipped === s.tests)).toBe(true);
  });

  it('still gives an exercise without checks one testcase, and survives control characters', async () => {
    const grade = passingResult();
    const lstmCell = grade.exercises.find((e) => e.id === 'lstm-cell')!;
    Object.assign(lstmCell, { status: 'error', score: 0, checks: [], summary: 'lstm-cell.ts has a syntax error\u0007 on line 3.', output: 'bell \u0007' });
    const suites = await parseSuites(junitXml(grade));
    const s = suite(suites, 'lstm-cell');
    expect(s.tests).toBe(1);
    expect(s.testcase![0]!.error![0]!.message).toBe('lstm-cell.ts has a syntax error\uFFFD on line 3.');
  });
});

describe('junitReporter', () => {
  it('writes reports/junit.xml', async () => {
    const gha = simulatedGithub(tempDir('submission'));
    await junitReporter.write(passingResult(), gha.context);
    const suites = await parseSuites(fs.readFileSync(path.join(gha.context.outDir, 'junit.xml'), 'utf8'));
    expect(suites.failures).toBe(0);
    expect(suites.tests).toBe(passingResult().exercises.flatMap((e) => e.checks).length);
  });
});
