/** Progress lines: count, rate so far and the time left at that rate. */
import { describe, expect, it } from 'vitest';
import { formatDuration, Progress } from '../../../../grader/class/grading/progress';

describe('Progress', () => {
  it('prints one line per finished submission with the rate and the time left', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new Progress(
      4,
      (l) => lines.push(l),
      () => now,
    );
    now = 30_000;
    progress.finished({ student: 'ada', outcome: 'graded 10/12', wallMs: 29_000 });
    now = 60_000;
    progress.finished({ student: 'grace', outcome: 'not graded: reason', wallMs: 1500 });
    now = 120_000;
    progress.finished({ student: 'alan', outcome: 'graded 1/12', wallMs: 59_000 });
    progress.finished({ student: 'eve', outcome: 'graded 0/12', wallMs: 100 });
    expect(lines[0]).toBe('[1/4] ada              graded 10/12 (29.0 s) · 2.0/min · about 1 min 30 s left');
    expect(lines[1]).toBe('[2/4] grace            not graded: reason (1.5 s) · 2.0/min · about 1 min 0 s left');
    expect(lines[3]).toMatch(/^\[4\/4\] eve .* · 2\.0\/min · done$/);
  });

  it('formats durations for people', () => {
    expect(formatDuration(870)).toBe('0.9 s');
    expect(formatDuration(75_000)).toBe('1 min 15 s');
    expect(formatDuration(2 * 3600_000)).toBe('2 h 0 min');
    expect(formatDuration(NaN)).toBe('?');
  });

  it('names the argument when the total is not a count', () => {
    expect(() => new Progress(-1, () => undefined)).toThrow(/Progress: argument total/);
  });
});
