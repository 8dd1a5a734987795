/**
 * reports/junit.xml for CI systems: one <testsuite> per exercise (name and classname = exercise
 * id), one <testcase> per check. A wrong answer is a <failure>, code that could not run an
 * <error>, an untouched stub <skipped>. Written with xmlbuilder2 so escaping is not ours to get wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { CheckResult, CheckStatus, ExerciseResult, GradeResult } from '../model';
import { OUTPUT_FILES } from '../paths';
import { diagnosisSentences, soleMistake } from './diagnosis-text';
import type { Reporter, ReporterContext } from './types';

/** JUnit times are seconds. */
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(statuses: CheckStatus[]): Counts {
  return {
    tests: statuses.length,
    failures: statuses.filter((s) => s === 'failed').length,
    errors: statuses.filter((s) => s === 'error').length,
    skipped: statuses.filter((s) => s === 'not-attempted').length,
  };
}

/** An exercise that reports no checks (e.g. it could not be loaded) still gets one testcase. */
function casesOf(exercise: ExerciseResult): CheckResult[] {
  if (exercise.checks.length > 0) return exercise.checks;
  return [
    {
      id: 'exercise',
      exercise: exercise.id,
      title: exercise.title,
      status: exercise.status,
      score: exercise.score,
      maxScore: exercise.maxScore,
      message: exercise.summary,
      ...(exercise.durationMs === undefined ? {} : { durationMs: exercise.durationMs }),
    },
  ];
}

/** The body of a <failure> or <error>: the details, the diagnosis and the replay command. */
export function failureBody(check: CheckResult): string {
  const parts: string[] = [];
  if (check.details) parts.push(check.details);
  if (check.diagnosis) parts.push(diagnosisSentences(check.diagnosis).join('\n'));
  if (check.counterexample) parts.push(`Counterexample: ${JSON.stringify(check.counterexample)}`);
  if (check.replay) parts.push(`Replay: ${check.replay}`);
  return parts.join('\n\n');
}

function addCase(suite: XMLBuilder, exercise: ExerciseResult, check: CheckResult): void {
  const testcase = suite.ele('testcase', {
    name: check.title,
    classname: exercise.id,
    ...(check.durationMs === undefined ? {} : { time: seconds(check.durationMs) }),
  });
  // The message attribute is the one sentence, on one line; the body carries the details.
  const message = (check.message || `${check.title}: ${check.status}`).replace(/\s*[\r\n]+\s*/g, ' ');
  if (check.status === 'failed')
    testcase.ele('failure', { message, type: soleMistake(check.diagnosis)?.id ?? 'wrong-answer' }).txt(failureBody(check));
  else if (check.status === 'error') testcase.ele('error', { message, type: 'error' }).txt(failureBody(check));
  else if (check.status === 'not-attempted') testcase.ele('skipped', { message });
}

function exerciseTime(exercise: ExerciseResult, cases: CheckResult[]): number | undefined {
  if (exercise.durationMs !== undefined) return exercise.durationMs;
  const measured = cases.filter((c) => c.durationMs !== undefined);
  return measured.length > 0 ? measured.reduce((sum, c) => sum + (c.durationMs ?? 0), 0) : undefined;
}

export function junitXml(result: GradeResult): string {
  const all = result.exercises.flatMap(casesOf).map((c) => c.status);
  const totals = count(all);
  const document = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const root = document.ele('testsuites', {
    name: 'lstm-lab',
    tests: totals.tests,
    failures: totals.failures,
    errors: totals.errors,
    skipped: totals.skipped,
    time: seconds(result.durationMs),
    timestamp: result.startedAt,
  });
  for (const exercise of result.exercises) {
    const cases = casesOf(exercise);
    const counts = count(cases.map((c) => c.status));
    const time = exerciseTime(exercise, cases);
    const suite = root.ele('testsuite', {
      name: exercise.id,
      tests: counts.tests,
      failures: counts.failures,
      errors: counts.errors,
      skipped: counts.skipped,
      ...(time === undefined ? {} : { time: seconds(time) }),
      timestamp: result.startedAt,
    });
    const properties = suite.ele('properties');
    properties.ele('property', { name: 'title', value: exercise.title });
    properties.ele('property', { name: 'score', value: `${exercise.score}/${exercise.maxScore}` });
    properties.ele('property', { name: 'seed', value: String(result.seed) });
    for (const check of cases) addCase(suite, exercise, check);
    if (exercise.output) suite.ele('system-out').txt(exercise.output);
  }
  return document.end({ prettyPrint: true });
}

export const junitReporter: Reporter = {
  name: 'junit',
  write(result: GradeResult, context: ReporterContext): void {
    fs.writeFileSync(path.join(context.outDir, OUTPUT_FILES.junit), `${junitXml(result)}\n`, 'utf8');
  },
};
