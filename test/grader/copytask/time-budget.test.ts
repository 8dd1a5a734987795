/**
 * The student's training budget: a multiple of the reference's time measured on this machine in a
 * short calibration run, plus a fixed start-up allowance; measured once per configuration and
 * process (the seed does not matter), so class grading's workers measure the machine once.
 */
import { describe, expect, it } from 'vitest';
import { gradedConfig } from '../../../grader/copytask/tiers';
import { calibrateTimeBudget, CALIBRATION_STEPS, STARTUP_ALLOWANCE_MS, TIME_FACTOR } from '../../../grader/copytask/time-budget';

describe('calibrateTimeBudget', () => {
  const config = { ...gradedConfig(42), hidden: 4, maxSteps: 500 };

  it('gives a positive budget: the factor times the measured reference time for the step budget, plus the start-up allowance', async () => {
    const budget = await calibrateTimeBudget(config);
    expect([TIME_FACTOR, CALIBRATION_STEPS, STARTUP_ALLOWANCE_MS]).toEqual([3, 40, 5000]);
    expect(budget.source).toBe('solutions'); // this checkout has the teaching solutions to time
    expect(budget.factor).toBe(TIME_FACTOR);
    expect(budget.msPerStep).toBeGreaterThan(0);
    expect(Number.isFinite(budget.msPerStep)).toBe(true);
    expect(budget.timeoutMs).toBe(Math.ceil(TIME_FACTOR * budget.msPerStep * config.maxSteps + STARTUP_ALLOWANCE_MS));
    expect(budget.timeoutMs).toBeGreaterThan(STARTUP_ALLOWANCE_MS);
  });

  it('measures once per configuration: the same promise twice, also for another seed', () => {
    const first = calibrateTimeBudget(config);
    expect(calibrateTimeBudget(config)).toBe(first);
    expect(calibrateTimeBudget({ ...config })).toBe(first);
    expect(calibrateTimeBudget({ ...config, seed: 7 })).toBe(first);
  });

  it('measures again for another configuration', async () => {
    const other = { ...config, maxSteps: 1000 };
    const promise = calibrateTimeBudget(other);
    expect(promise).not.toBe(calibrateTimeBudget(config));
    const budget = await promise;
    expect(budget.timeoutMs).toBe(Math.ceil(TIME_FACTOR * budget.msPerStep * 1000 + STARTUP_ALLOWANCE_MS));
  });
});
