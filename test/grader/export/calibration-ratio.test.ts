/**
 * The measurement behind the template's time budgets (grader/export/calibration-ratio.ts): both
 * sides run through the trainers the sandbox runs. Only that they run is asserted; the ratios
 * themselves are measured by hand (docs/student-template.md), never in a test.
 */
import { describe, expect, it } from 'vitest';
import { measure } from '../../../grader/export/calibration-ratio';

describe('measure', () => {
  it.each([
    ['copy', 'solutions'],
    ['copy', 'forward'],
    ['weather', 'solutions'],
    ['weather', 'forward'],
  ] as const)('times the %s task on the %s side', async (task, side) => {
    const ms = await measure(task, side);
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
  });
});
