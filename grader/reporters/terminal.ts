/**
 * The terminal summary: one line per exercise (points, status, first failure in a sentence), a
 * total, the report's path and the replay command of the first failure. Colours only when the
 * context says so (NO_COLOR unset and a terminal).
 */
import path from 'node:path';
import { createColors } from 'picocolors';
import { exerciseInfo } from '../exercises';
import type { CheckStatus, ExerciseResult, GradeResult } from '../model';
import type { Reporter, ReporterContext } from './types';

const SYMBOL: Record<CheckStatus, string> = { passed: '✔', failed: '✘', 'not-attempted': '○', error: '!' };

export function terminalSummary(result: GradeResult, context: Pick<ReporterContext, 'color' | 'outDir'>): string {
  const c = createColors(context.color);
  const paint: Record<CheckStatus, (s: string) => string> = {
    passed: c.green,
    failed: c.red,
    'not-attempted': c.dim,
    error: c.yellow,
  };
  const idWidth = Math.max(...result.exercises.map((e) => e.id.length), 8);
  const lines = [c.bold(`lstm-lab · ${result.submission} · seed ${result.seed}`), ''];
  for (const e of result.exercises) {
    const folder = exerciseInfo(e.id).folder.slice(0, 2) || '10';
    const points = `${formatPoints(e.score)}/${formatPoints(e.maxScore)}`.padStart(7);
    const status = paint[e.status](`${SYMBOL[e.status]} ${folder} ${e.id.padEnd(idWidth)}`);
    lines.push(`${status} ${points}  ${oneLine(e)}`);
  }
  const percent = result.maxScore === 0 ? 100 : Math.round((100 * result.score) / result.maxScore);
  lines.push('', c.bold(`Total ${formatPoints(result.score)}/${formatPoints(result.maxScore)} (${percent}%)`) + `  ·  ${(result.durationMs / 1000).toFixed(1)} s`);
  lines.push(`Report: ${path.join(context.outDir, 'index.html')}`);
  const start = result.exercises.find((e) => e.status !== 'passed');
  if (start) {
    const firstFailure = start.checks.find((k) => k.replay);
    lines.push(`Start here: ${start.id} (${result.submission}/${start.file || exerciseInfo('lstm-sequence').file})`);
    if (firstFailure?.replay) lines.push(`Replay its first failure: ${firstFailure.replay}`);
  }
  return lines.join('\n') + '\n';
}

function oneLine(e: ExerciseResult): string {
  if (e.status === 'passed') return 'passed';
  const fix = e.fixFirst ? ` (fix ${e.fixFirst} first)` : '';
  const text = e.summary.replace(/\s+/g, ' ');
  return `${text.length > 160 ? `${text.slice(0, 157)}…` : text}${fix}`;
}

function formatPoints(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

export const terminalReporter: Reporter = {
  name: 'terminal',
  write(result, context) {
    context.stdout.write(terminalSummary(result, context));
  },
};
