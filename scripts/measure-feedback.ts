/**
 * Measures the feedback on real gradings: every case of the independent set of student mistakes
 * (test/fixtures/independent-mistakes/, written apart from the catalogue) and every catalogued
 * mistake (built into the solutions), each graded like a submission at several seeds, and
 * classified as named right, named wrong or not named (test/helpers/independent-set.ts).
 *
 *   node -r ts-node/register/transpile-only scripts/measure-feedback.ts [--seeds 42,7,2026] [--in-process] [--only ID,ID]
 *
 * Gradings go through the sandbox unless --in-process (faster, for iterating; the direct runner
 * makes the same observations, so the figures agree). docs/mistakes.md records the figures.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../grader/config';
import { MISTAKES, type ExerciseId } from '../grader/course';
import { grade } from '../grader/grade';
import type { GradeResult } from '../grader/model';
import { loadAnswers } from '../grader/mistakes/answers';
import { CACHE_DIR } from '../grader/paths';
import { createDirectRunner } from '../grader/sandbox/direct-runner';
import { openSandbox } from '../grader/sandbox/sandbox';
import { buildMistakeSubmission } from '../test/fixtures/mistake-patches';
import { assembleCase, CASES, classify, type Verdict } from '../test/helpers/independent-set';

interface Row {
  set: 'independent' | 'catalogue';
  id: string;
  verdicts: Verdict[];
  said: string;
}

async function gradeOnce(submissionDir: string, exercise: ExerciseId, seed: number, inProcess: boolean): Promise<GradeResult> {
  const config = loadConfig();
  const runner = inProcess ? createDirectRunner(submissionDir) : await openSandbox({ submissionDir, ...config.sandbox });
  try {
    return await grade({
      submissionDir,
      submissionLabel: 'submission',
      config,
      runner,
      seed,
      only: [exercise],
      quick: true,
      replayCommand: () => '',
      answers: await loadAnswers(),
      cacheDir: CACHE_DIR,
    });
  } finally {
    await runner.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '42,7,2026' },
      'in-process': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const seeds = values.seeds.split(',').map(Number);
  const only = values.only?.split(',');
  const inProcess = values['in-process'] ?? false;
  const rows: Row[] = [];
  const cases = [
    ...CASES.map((c) => ({ set: 'independent' as const, id: c.id, exercise: c.exercise, build: () => assembleCase(c.id), expected: c.id })),
    ...MISTAKES.map((m) => ({
      set: 'catalogue' as const,
      id: m.id,
      exercise: m.exercise,
      build: () => buildMistakeSubmission(m.id),
      expected: m.id,
    })),
  ].filter((c) => !only || only.includes(c.id));
  for (const c of cases) {
    const dir = c.build();
    const verdicts: Verdict[] = [];
    let said = '';
    for (const seed of seeds) {
      const result = await gradeOnce(dir, c.exercise, seed, inProcess);
      const checks = result.exercises.flatMap((e) => e.checks);
      const classified = c.set === 'independent' ? classify(c.id, checks) : classifyCatalogue(c.id, checks);
      verdicts.push(classified.verdict);
      said ||= classified.said.join(' · ');
    }
    rmSync(path.dirname(dir), { recursive: true, force: true });
    rows.push({ set: c.set, id: c.id, verdicts, said });
    process.stderr.write(`${c.set} ${c.id}: ${verdicts.join(', ')}\n`);
  }
  for (const set of ['independent', 'catalogue'] as const) {
    const mine = rows.filter((r) => r.set === set);
    if (mine.length === 0) continue;
    const count = (v: Verdict) => mine.reduce((n, r) => n + r.verdicts.filter((x) => x === v).length, 0);
    const total = mine.length * seeds.length;
    console.log(
      `\n${set}: ${mine.length} mistakes × ${seeds.length} seeds (${seeds.join(', ')})${inProcess ? ', in-process' : ', through the sandbox'}`,
    );
    console.log(`  named or diagnosed right: ${count('right')}/${total} (${((100 * count('right')) / total).toFixed(1)}%)`);
    console.log(`  named wrong:              ${count('wrong')}/${total}`);
    console.log(`  not named:                ${count('none')}/${total}`);
    for (const r of mine.filter((x) => x.verdicts.some((v) => v !== 'right')))
      console.log(`  ${r.id}: ${r.verdicts.join(', ')}${r.said ? ` — ${r.said}` : ''}`);
  }
  return rows.some((r) => r.verdicts.includes('wrong')) ? 1 : 0;
}

/** A catalogued mistake is named right when its own id is named (or among the "one of"). */
function classifyCatalogue(id: string, checks: GradeResult['exercises'][number]['checks']): { verdict: Verdict; said: string[] } {
  const failing = checks.filter((c) => c.diagnosis);
  const named = new Set(failing.flatMap((c) => c.diagnosis!.named.map((m) => m.id)));
  const ties = failing.flatMap((c) => c.diagnosis!.oneOf.map((t) => t.mistakes.map((m) => m.id)));
  const said = [...named].map((m) => `named ${m}`);
  if ([...named].some((m) => m !== id) || ties.some((t) => !t.includes(id))) return { verdict: 'wrong', said };
  return { verdict: named.has(id) || ties.length > 0 ? 'right' : 'none', said };
}

main().then((code) => (process.exitCode = code));
