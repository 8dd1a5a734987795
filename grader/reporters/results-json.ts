/**
 * results.json in Gradescope's format: one test per check, the top-level score equal to the sum
 * of the tests' scores, and the grade's data (per-exercise totals, seed, versions, copy task)
 * under extra_data.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXERCISES } from '../exercises';
import type { CheckResult, GradeResult } from '../model';
import type { Reporter } from './types';

export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  tags: string[];
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  extra_data: Record<string, unknown>;
}

export function gradescopeResults(result: GradeResult, visibility: Visibility = 'visible'): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const exercise of result.exercises) {
    const number = EXERCISES.findIndex((e) => e.id === exercise.id) + 1;
    exercise.checks.forEach((check, k) =>
      tests.push({
        name: `${exercise.id}: ${check.title}`,
        number: `${number}.${k + 1}`,
        score: check.score,
        max_score: check.maxScore,
        status: check.status === 'passed' ? 'passed' : 'failed',
        output: checkOutput(check, exercise.fixFirst),
        tags: [exercise.id],
        visibility,
      }),
    );
  }
  const score = tests.reduce((s, t) => s + t.score, 0);
  return {
    score,
    execution_time: Math.round(result.durationMs / 1000),
    output: `${score}/${result.maxScore} points on ${result.exercises.length} exercises (seed ${result.seed}).`,
    visibility,
    stdout_visibility: visibility,
    tests,
    extra_data: {
      seed: result.seed,
      versions: result.versions,
      submission: result.submission,
      startedAt: result.startedAt,
      passMark: result.passMark,
      exercises: result.exercises.map((e) => ({
        id: e.id,
        status: e.status,
        score: e.score,
        maxScore: e.maxScore,
        summary: e.summary,
        ...(e.fixFirst ? { fixFirst: e.fixFirst } : {}),
      })),
      ...(result.copyTask ? { copyTask: result.copyTask } : {}),
    },
  };
}

function checkOutput(check: CheckResult, fixFirst: string | undefined): string {
  if (check.status === 'passed') return '';
  const parts = [`[${check.status}] ${check.message}`];
  if (check.details) parts.push(check.details);
  if (check.mistake) parts.push(`Your output matches a common mistake: ${check.mistake.name}.`, `Hint: ${check.mistake.hint}`);
  if (check.counterexample) parts.push(`Smallest failing case: ${JSON.stringify(check.counterexample.inputs)}`);
  if (fixFirst) parts.push(`This exercise calls ${fixFirst}, which fails too: fix ${fixFirst} first.`);
  if (check.replay) parts.push(`Replay: ${check.replay}`);
  return parts.join('\n');
}

export function resultsJsonReporter(visibility: Visibility): Reporter {
  return {
    name: 'results-json',
    write(result, context) {
      writeFileSync(path.join(context.outDir, 'results.json'), JSON.stringify(gradescopeResults(result, visibility), null, 2) + '\n');
    },
  };
}
