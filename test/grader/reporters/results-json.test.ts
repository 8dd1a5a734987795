/**
 * The text results.json gives each failing check (Gradescope's `output`): the message, the case,
 * what to fix first and the replay command, on a real grade. A case downstream of a failing
 * exercise is shown as found, and the text says so instead of calling it the smallest.
 */
import { describe, expect, it } from 'vitest';
import { gradescopeResults } from '../../../grader/reporters/results-json';
import { realGrade } from '../../fixtures/grades';

describe('gradescopeResults', () => {
  it('calls a shrunk case the smallest and a case shown as found what it is, next to what to fix first', async () => {
    const result = await realGrade('mixed');
    const { tests } = gradescopeResults(result);
    // One test per check, in the grade's order.
    const checks = result.exercises.flatMap((exercise) => exercise.checks.map((check) => ({ exercise, check })));
    expect(tests.length).toBe(checks.length);
    const shown = checks.map((c, k) => ({ ...c, output: tests[k].output })).filter((c) => c.check.counterexample !== undefined);
    const asFound = shown.filter((o) => o.check.property?.shrunk === false);
    const shrunk = shown.filter((o) => o.check.property?.shrunk === undefined);
    // The mixed submission's affine is wrong, so the exercises that call it fail too.
    expect(asFound.length).toBeGreaterThan(0);
    expect(shrunk.length).toBeGreaterThan(0);
    for (const { exercise, output } of asFound) {
      expect(output).toContain('\nFailing case as found (not shrunk: fix the exercise it calls first): {');
      expect(output).not.toContain('Smallest failing case');
      expect(output).toContain(`which fails too: fix ${exercise.fixFirst} first.`);
    }
    for (const { output } of shrunk) expect(output).toContain('\nSmallest failing case: {');
  });
});
