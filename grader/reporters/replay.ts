/**
 * The 'replay' reporter (`--replay CHECK@PATH`): prints the replayed case in full in the
 * terminal (inputs, the expected and the actual answer, the gradients entry by entry, the
 * diagnosis) and writes no file, so the last full report stays as it was.
 */
import { formatDistinct, STATUS_TEXT } from '../format';
import type { CheckResult, GradeResult, PlainValue } from '../model';
import { diagnosisSentences } from './diagnosis-text';
import type { Reporter } from './types';

function plain(value: PlainValue): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(8)) : v));
}

export function replayText(check: CheckResult): string {
  const lines = [`${STATUS_TEXT[check.status].glyph} ${check.id}: ${check.title}`, ''];
  lines.push(check.message || 'The replayed case passes now.');
  if (check.details) lines.push(check.details);
  const ce = check.counterexample;
  if (ce) {
    lines.push('', 'Inputs:');
    for (const [name, value] of Object.entries(ce.inputs)) lines.push(`  ${name} = ${plain(value)}`);
    if (ce.expected !== undefined) lines.push('', `Expected: ${plain(ce.expected)}`);
    if (ce.actual !== undefined) lines.push(`Yours:    ${plain(ce.actual)}`);
    if (ce.differing?.length) lines.push(`Entries that differ: ${ce.differing.join(', ')}`);
  }
  for (const g of check.gradients ?? []) {
    if (!g.ok.includes(false)) continue;
    lines.push(
      '',
      `${g.label} (${g.name}): ${g.ok.filter((ok) => !ok).length} of ${g.ok.length} entries wrong`,
      '  entry        yours                finite differences',
    );
    g.analytic.forEach((a, k) => {
      const [yours, numerical] = formatDistinct(Number(a), Number(g.numerical[k]));
      const entry = g.rows > 1 || g.name.endsWith('dW') ? `[${Math.floor(k / g.cols)}][${k % g.cols}]` : `[${k}]`;
      lines.push(`  ${entry.padEnd(12)} ${yours.padEnd(20)} ${numerical}${g.ok[k] ? '' : '   ✘'}`);
    });
  }
  if (check.diagnosis) lines.push('', ...diagnosisSentences(check.diagnosis));
  return lines.join('\n') + '\n';
}

export const replayReporter: Reporter = {
  name: 'replay',
  write(result: GradeResult, context) {
    const checks = result.exercises.flatMap((e) => e.checks);
    context.stdout.write(checks.length === 0 ? 'No check matched the replay option.\n' : checks.map(replayText).join('\n'));
  },
};
