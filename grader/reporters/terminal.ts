/**
 * The terminal summary: one line per exercise (points, status, first failure in a sentence), a
 * total, the report's path and the replay command of the first failure. Colours only when the
 * context says so (NO_COLOR unset and a terminal).
 */
import path from 'node:path';
import { createColors } from 'picocolors';
import { exerciseById } from '../course';
import { formatPercent, formatScore, STATUS_TEXT } from '../format';
import type { CheckStatus, ExerciseResult, GradeResult } from '../model';
import { OUTPUT_FILES } from '../paths';
import { diagnosisSentences } from './diagnosis-text';
import type { Reporter, ReporterContext } from './types';

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
    const points = `${formatScore(e.score)}/${formatScore(e.maxScore)}`.padStart(7);
    const status = paint[e.status](`${STATUS_TEXT[e.status].glyph} ${exerciseById(e.id).number} ${e.id.padEnd(idWidth)}`);
    lines.push(`${status} ${points}  ${oneLine(e)}`);
    const diagnosis = firstDiagnosis(e);
    if (diagnosis) lines.push(`${' '.repeat(idWidth + 14)}${c.dim(`↳ ${diagnosis}`)}`);
  }
  const percent = formatPercent(result.maxScore === 0 ? 1 : result.score / result.maxScore);
  lines.push(
    '',
    c.bold(`Total ${formatScore(result.score)}/${formatScore(result.maxScore)} (${percent})`) +
      `  ·  ${(result.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push(`Report: ${path.join(context.outDir, OUTPUT_FILES.html)}`);
  const start = result.exercises.find((e) => e.status !== 'passed');
  if (start) {
    const firstFailure = start.checks.find((k) => k.replay);
    lines.push(`Start here: ${start.id} (${path.join(result.submission, start.file)})`);
    if (firstFailure?.replay) lines.push(`Replay its first failure: ${firstFailure.replay}`);
  }
  return lines.join('\n') + '\n';
}

function oneLine(e: ExerciseResult): string {
  if (e.status === 'passed') return 'passed';
  const fix = e.fixFirst ? ` (fix ${e.fixFirst} first)` : '';
  const text = e.summary.replace(/\s+/g, ' ');
  return `${text.length > 160 ? `${text.slice(0, 157)}…` : text}${fix}${alsoFailing(e)}`;
}

/** " · also failing: hiddenStateBackward" when functions other than the first failure's fail too. */
function alsoFailing(e: ExerciseResult): string {
  const failing = e.checks.filter((c) => c.status === 'failed' || c.status === 'error');
  const first = failing[0]?.fn;
  const others = [...new Set(failing.map((c) => c.fn).filter((fn): fn is string => fn !== undefined && fn !== first))];
  return others.length === 0 ? '' : ` · also failing: ${others.join(', ')}`;
}

/** The first sentence of the first diagnosis of the exercise, for a second line under it. */
function firstDiagnosis(e: ExerciseResult): string | undefined {
  const check = e.checks.find((c) => c.diagnosis && diagnosisSentences(c.diagnosis).length > 0);
  return check?.diagnosis ? diagnosisSentences(check.diagnosis)[0] : undefined;
}

export const terminalReporter: Reporter = {
  name: 'terminal',
  write(result, context) {
    context.stdout.write(terminalSummary(result, context));
  },
};
