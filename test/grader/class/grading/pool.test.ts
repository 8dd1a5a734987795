/**
 * The grading pool: warm worker processes that survive a thrown error, are replaced when one
 * ends or runs past the time limit, and turn each failure into one sentence.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureReason, openPool } from '../../../../grader/class/grading/pool';
import type { FakeTask } from './fake-worker';

const script = path.join(__dirname, 'fake-worker.ts');

describe('openPool', () => {
  it('keeps workers warm, and a crash, an error or a timeout costs only its own task', async () => {
    const pool = openPool<FakeTask, { id: string; pid: number }>({ jobs: 2, timeoutMs: 4000, script, method: 'work' });
    try {
      const first = await Promise.all([pool.run({ id: 'a', do: 'answer' }), pool.run({ id: 'b', do: 'answer' })]);
      const outcomes = await Promise.all([
        pool.run({ id: 'exit', do: 'exit' }),
        pool.run({ id: 'throw', do: 'throw' }),
        pool.run({ id: 'hang', do: 'hang' }),
        pool.run({ id: 'c', do: 'answer' }),
        pool.run({ id: 'd', do: 'answer' }),
      ]);
      expect(first.map((o) => o.ok && o.value.id)).toEqual(['a', 'b']);
      const [exit, thrown, hang, c, d] = outcomes;
      expect(exit).toMatchObject({ ok: false, reason: 'the grading process ended unexpectedly (exit code 3)' });
      expect(thrown).toMatchObject({ ok: false, reason: 'grading could not run: boom in throw' });
      expect(hang).toMatchObject({ ok: false, reason: 'grading took longer than 4 s and was stopped (see --timeout)' });
      expect(c).toMatchObject({ ok: true, value: { id: 'c' } });
      expect(d).toMatchObject({ ok: true, value: { id: 'd' } });
      // Two jobs: never more than two worker processes at a time answered the first round.
      expect(new Set(first.map((o) => o.ok && o.value.pid)).size).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it('refuses options that make no pool, naming them', () => {
    expect(() => openPool({ jobs: 0, timeoutMs: 1000 })).toThrow(/openPool: option jobs must be a whole number ≥ 1, got 0/);
    expect(() => openPool({ jobs: 1, timeoutMs: -5 })).toThrow(/openPool: option timeoutMs must be a positive number/);
  });
});

describe('failureReason', () => {
  it('reads a signal from a worker that was killed', () => {
    const message = 'Workerpool Worker terminated Unexpectedly\n    exitCode: `null`\n    signalCode: `SIGKILL`\n';
    expect(failureReason(new Error(message), 1000)).toBe('the grading process ended unexpectedly (signal SIGKILL)');
  });
});
