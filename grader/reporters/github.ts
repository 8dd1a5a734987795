/**
 * GitHub Actions output (DESIGN.md section 7): a Markdown job summary appended to
 * $GITHUB_STEP_SUMMARY and `::error` workflow commands that annotate the student's file at the
 * failing function. Active only when GITHUB_ACTIONS is 'true'. The text is built by pure
 * functions so tests can check it without a runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CODE_EXERCISES } from '../course';
import { formatPoints, STATUS_TEXT } from '../format';
import { diagnosisSentences } from './diagnosis-text';
import type { CheckResult, CheckStatus, ExerciseResult, GradeResult } from '../model';
import type { Reporter, ReporterContext } from './types';

/** GitHub shows about ten annotations of one kind per step; the rest are dropped silently. */
export const ANNOTATION_LIMIT = 10;
export const DEFAULT_ARTIFACT_NAME = 'lstm-lab-report';

/** Escaping of a workflow command's message (as @actions/core does). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value: ':' and ',' separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  title: string;
  message: string;
}

export function formatAnnotation(annotation: Annotation): string {
  if (!Number.isInteger(annotation.line) || annotation.line < 1) {
    throw new RangeError(`formatAnnotation: annotation.line must be a positive integer, got ${annotation.line}`);
  }
  const properties = [
    `file=${escapeProperty(annotation.file)}`,
    `line=${annotation.line}`,
    `title=${escapeProperty(annotation.title)}`,
  ].join(',');
  return `::${annotation.level} ${properties}::${escapeData(annotation.message)}`;
}

/**
 * The 1-based line of `export function fn`, `export const fn = …` or the local declaration named
 * by `export { local as fn }` in a TypeScript source; 1 when there is none (or it does not parse).
 */
export function findExportLine(source: string, fn: string): number {
  const file = ts.createSourceFile('exercise.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lineOf = (node: ts.Node): number => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const isExported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const declarationLine = (name: string, exportedOnly: boolean): number | undefined => {
    for (const statement of file.statements) {
      if (exportedOnly && !isExported(statement)) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return lineOf(statement);
      if (ts.isVariableStatement(statement)) {
        const declares = statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (declares) return lineOf(statement);
      }
    }
    return undefined;
  };
  const exported = declarationLine(fn, true);
  if (exported !== undefined) return exported;
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const specifier = statement.exportClause.elements.find((e) => e.name.text === fn);
    if (specifier) return declarationLine((specifier.propertyName ?? specifier.name).text, false) ?? lineOf(specifier);
  }
  return 1;
}

/** Repository-relative path of an exercise file, e.g. `exercises/03-forget-gate/forget-gate.ts`. */
export function repositoryPath(pathFromRepo: string, file: string): string {
  return path.posix.normalize(path.posix.join(pathFromRepo.replace(/\\/g, '/') || '.', file));
}

/**
 * Where the graded files sit in the repository. The workflow grades a copy of the pull request's
 * exercises/ outside the checkout, so it says where that copy came from.
 */
export function submissionPathFromRepo(context: Pick<ReporterContext, 'env' | 'submissionPathFromRepo'>): string {
  return context.env.LSTM_LAB_SUBMISSION_PATH_FROM_REPO || context.submissionPathFromRepo;
}

/**
 * The function an annotation points at: the check's own, or, for a check without one (a task
 * exercise's), the first export of the file it trains.
 */
function annotatedFunction(exercise: ExerciseResult, check: CheckResult | undefined): string | undefined {
  if (check?.fn) return check.fn;
  const owner = CODE_EXERCISES.find((e) => e.file === exercise.file);
  return owner ? Object.keys(owner.exports)[0] : undefined;
}

const failing = (status: CheckStatus): boolean => status === 'failed' || status === 'error';

function annotationMessage(exercise: ExerciseResult, check: CheckResult | undefined): string {
  const lines = [check?.message || exercise.summary || `${exercise.title} did not pass.`];
  if (exercise.fixFirst) lines.push(`This exercise uses ${exercise.fixFirst}: fix ${exercise.fixFirst} first.`);
  if (check?.diagnosis) lines.push(...diagnosisSentences(check.diagnosis));
  if (check?.replay) lines.push(`Replay: ${check.replay}`);
  return lines.join('\n');
}

export interface AnnotationOptions {
  /** Prefix of the student's files from the repository root, e.g. `exercises`. */
  pathFromRepo: string;
  /** Line of an exported function in a submission-relative file (1 when unknown). */
  lineOf: (file: string, fn: string) => number;
  limit?: number;
}

/**
 * Error annotations, most useful first: one per failing exercise (exercises that fail only
 * because an earlier one fails come last), then further failing checks of the same exercises,
 * round by round, up to the limit. Untouched stubs are not annotated: the summary lists them.
 */
export function selectAnnotations(result: GradeResult, options: AnnotationOptions): Annotation[] {
  const limit = options.limit ?? ANNOTATION_LIMIT;
  const exercises = result.exercises
    .filter((e) => failing(e.status) || e.checks.some((c) => failing(c.status)))
    .sort((a, b) => Number(a.fixFirst !== undefined) - Number(b.fixFirst !== undefined));
  const queues = exercises.map((exercise) => {
    const checks: (CheckResult | undefined)[] = exercise.checks.filter((c) => failing(c.status));
    return { exercise, checks: checks.length > 0 ? checks : [undefined] };
  });
  const annotations: Annotation[] = [];
  for (let round = 0; annotations.length < limit && queues.some((q) => q.checks.length > round); round++) {
    for (const { exercise, checks } of queues) {
      if (round >= checks.length || annotations.length >= limit) continue;
      const check = checks[round];
      const file = exercise.file;
      const fn = annotatedFunction(exercise, check);
      annotations.push({
        level: 'error',
        file: repositoryPath(options.pathFromRepo, file),
        line: fn ? options.lineOf(file, fn) : 1,
        title: `${exercise.title}: ${check?.title ?? exercise.status}`,
        message: annotationMessage(exercise, check),
      });
    }
  }
  return annotations;
}

/** Paths from a newline-separated list (LSTM_LAB_IGNORED_FILES), trimmed, without blanks or repeats. */
export function parseIgnoredFiles(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
}

/** Text safe inside a Markdown table cell or list item: no markup, no line breaks. */
export function markdownText(value: string): string {
  return value
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

export interface SummaryOptions {
  artifactName: string;
  /** Changed files outside exercises/ that grading did not use. */
  ignoredFiles: string[];
  /** Link to the workflow run, where the artifact can be downloaded. */
  runUrl?: string;
}

export function jobSummaryMarkdown(result: GradeResult, options: SummaryOptions): string {
  const { passed } = result;
  const points = formatPoints;
  const lines = [
    `## ${passed ? '✅' : '❌'} lstm-lab: ${points(result.score, result.maxScore)} points`,
    '',
    passed
      ? `At or above the pass mark of ${points(result.passMark, result.maxScore)}.`
      : `Below the pass mark of ${points(result.passMark, result.maxScore)}.`,
    '',
    '| Exercise | Points | Status | First failure |',
    '| --- | ---: | --- | --- |',
  ];
  for (const exercise of result.exercises) {
    const failure =
      exercise.fixFirst && !exercise.summary.includes(exercise.fixFirst)
        ? `${exercise.summary} (fix ${exercise.fixFirst} first)`
        : exercise.summary;
    lines.push(
      `| ${markdownText(exercise.title)} (\`${exercise.id}\`) | ${points(exercise.score, exercise.maxScore)} | ` +
        `${STATUS_TEXT[exercise.status].emoji} ${STATUS_TEXT[exercise.status].label} | ${markdownText(failure)} |`,
    );
  }
  lines.push(`| **Total** | **${points(result.score, result.maxScore)}** | | |`, '');
  const run = options.runUrl ? `[this run](${options.runUrl})` : 'this run';
  lines.push(
    `The full feedback (\`index.html\`, \`results.json\`, \`junit.xml\`) is in the artifact ` +
      `**${markdownText(options.artifactName)}** of ${run}.`,
  );
  if (options.ignoredFiles.length > 0) {
    lines.push(
      '',
      '### Ignored for grading',
      '',
      'These changed files are outside `exercises/`: grading used the course’s own copy instead.',
      '',
      ...options.ignoredFiles.map((file) => `- ${markdownText(file)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}

/** Reads the student's file to find the failing function's line; never runs it. */
function lineFinder(submissionDir: string): (file: string, fn: string) => number {
  const sources = new Map<string, string | null>();
  return (file, fn) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, fs.readFileSync(path.join(submissionDir, file), 'utf8'));
      } catch {
        sources.set(file, null);
      }
    }
    const source = sources.get(file);
    return source == null ? 1 : findExportLine(source, fn);
  };
}

export const githubReporter: Reporter = {
  name: 'github',
  write(result: GradeResult, context: ReporterContext): void {
    const { env } = context;
    if (env.GITHUB_ACTIONS !== 'true') return;
    if (env.GITHUB_STEP_SUMMARY) {
      const markdown = jobSummaryMarkdown(result, {
        artifactName: env.LSTM_LAB_ARTIFACT_NAME || DEFAULT_ARTIFACT_NAME,
        ignoredFiles: parseIgnoredFiles(env.LSTM_LAB_IGNORED_FILES),
        runUrl: runUrl(env),
      });
      fs.appendFileSync(env.GITHUB_STEP_SUMMARY, markdown, 'utf8');
    }
    const annotations = selectAnnotations(result, {
      pathFromRepo: submissionPathFromRepo(context),
      lineOf: lineFinder(context.submissionDir),
    });
    if (annotations.length > 0) context.stdout.write(`${annotations.map(formatAnnotation).join('\n')}\n`);
  },
};
