/**
 * Progress of a class grading: one line per finished submission with the count, the rate so far
 * and the time left at that rate. Lines, not an animated bar, so that CI logs read the same as a
 * terminal (DESIGN.md section 7: nothing animated in CI).
 */

export interface ProgressLine {
  student: string;
  /** What happened, e.g. `graded 183/205` or `not graded: …`. */
  outcome: string;
  wallMs: number;
}

export class Progress {
  private done = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(total) || total < 0)
      throw new RangeError(`Progress: argument total must be a whole number ≥ 0, got ${String(total)}`);
    this.started = now();
  }

  /** Records one finished submission and prints its line. */
  finished(line: ProgressLine): void {
    this.done += 1;
    const width = String(this.total).length;
    const minutes = Math.max((this.now() - this.started) / 60_000, 1e-9);
    const rate = this.done / minutes;
    const left = this.total - this.done;
    const eta = left === 0 ? 'done' : `about ${formatDuration((left / rate) * 60_000)} left`;
    this.write(
      `[${String(this.done).padStart(width)}/${this.total}] ${line.student.padEnd(16)} ${line.outcome} (${formatDuration(line.wallMs)})` +
        ` · ${rate.toFixed(1)}/min · ${eta}`,
    );
  }
}

/** 870 ms → "0.9 s", 75 s → "1 min 15 s", 2 h → "2 h 0 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
