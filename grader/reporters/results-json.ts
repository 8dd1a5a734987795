/**
 * results.json in Gradescope's format: one test per check, the top-level score equal to the sum
 * of the tests' scores, and the grade's data (per-exercise totals, seed, versions, copy task)
 * under extra_data.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { courseIndex } from '../course';
import type { CheckResult, GradeResult } from '../model';
import { OUTPUT_FILES } from '../paths';
import type { GradescopeResults, GradescopeTest, Visibility } from './gradescope-schema';
import { diagnosisSentences } from './diagnosis-text';
import { counterexampleHeading } from '../format';
import type { Reporter } from './types';

export function gradescopeResults(result: GradeResult, visibility: Visibility = 'visible'): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const exercise of result.exercises) {
    const number = courseIndex(exercise.id) + 1;
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
        checks: e.checks.map(checkSummary),
      })),
      ...(result.copyTask ? { copyTask: result.copyTask } : {}),
    },
  };
}

/**
 * One check as class grading reads it (grader/class/): what was checked, the points, and the named
 * mistake or generic finding, so the class page can say which mistakes were frequent and who made them.
 */
export interface CheckSummary {
  id: string;
  title: string;
  status: CheckResult['status'];
  score: number;
  maxScore: number;
  /** Catalogued mistakes the diagnosis names, with the fields each explains. */
  mistakes?: { id: string; name: string; fields: string[] }[];
  /** Generic findings for fields no catalogued mistake explains. */
  findings?: string[];
}

function checkSummary(check: CheckResult): CheckSummary {
  const diagnosis = check.diagnosis;
  return {
    id: check.id,
    title: check.title,
    status: check.status,
    score: check.score,
    maxScore: check.maxScore,
    ...(diagnosis && diagnosis.named.length > 0
      ? { mistakes: diagnosis.named.map((m) => ({ id: m.id, name: m.name, fields: m.fields })) }
      : {}),
    ...(diagnosis && diagnosis.findings.length > 0 ? { findings: diagnosis.findings.map((f) => f.text) } : {}),
  };
}

function checkOutput(check: CheckResult, fixFirst: string | undefined): string {
  if (check.status === 'passed') return '';
  const parts = [`[${check.status}] ${check.message}`];
  if (check.details) parts.push(check.details);
  if (check.diagnosis) parts.push(...diagnosisSentences(check.diagnosis));
  if (check.counterexample) parts.push(`${counterexampleHeading(check.property)}: ${JSON.stringify(check.counterexample.inputs)}`);
  if (fixFirst) parts.push(`This exercise calls ${fixFirst}, which fails too: fix ${fixFirst} first.`);
  if (check.replay) parts.push(`Replay: ${check.replay}`);
  return parts.join('\n');
}

export function resultsJsonReporter(visibility: Visibility): Reporter {
  return {
    name: 'results-json',
    write(result, context) {
      writeFileSync(
        path.join(context.outDir, OUTPUT_FILES.resultsJson),
        JSON.stringify(gradescopeResults(result, visibility), null, 2) + '\n',
      );
    },
  };
}
