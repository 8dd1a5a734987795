/** Shared by the sandbox tests: reference answers, and a look for leftover sandbox processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { cellState } from '../../solutions/06-cell-state/cell-state';
import { forgetGate } from '../../solutions/03-forget-gate/forget-gate';
import type { Gate, Vector } from '../../lib/types';

const v = (...values: number[]): Float64Array => Float64Array.from(values);

/** A call per exercise folder used as a "still healthy?" probe, with the reference's answer. */
export const HEALTH_PROBES: Record<string, { fn: string; args: () => unknown[]; expected: () => Float64Array }> = {
  '03-forget-gate': {
    fn: 'forgetGate',
    args: () => [{ W: { rows: 1, cols: 2, data: v(0.5, -0.5) }, b: v(0.1) }, v(0.3), v(0.7)],
    expected: () => forgetGate({ W: { rows: 1, cols: 2, data: v(0.5, -0.5) }, b: v(0.1) } as Gate, v(0.3), v(0.7)),
  },
  '06-cell-state': {
    fn: 'cellState',
    args: () => [v(0.5, 0.25), v(1, -2), v(0.1, 0.9), v(3, 4)],
    expected: () => cellState(v(0.5, 0.25), v(1, -2), v(0.1, 0.9), v(3, 4)),
  },
};

export function referenceCellState(args: unknown[]): Vector {
  const [f, cPrev, i, cTilde] = args as Vector[];
  return cellState(f, cPrev, i, cTilde);
}

/** Pids of running processes whose command line mentions `text` (Linux /proc). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (cmdline.includes(text) && state !== 'Z') found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
