/**
 * What the student template holds (`npm run export:student`, docs/student-template.md): the one
 * home of these decisions. Files ship only when a SHIPPED pattern names them (an allow-list, so a
 * new instructor-only file does not ship by accident) and no DROPPED pattern does; every shipped
 * TypeScript file loses its `@instructorOnly` code (strip.ts); GENERATED files are written by the
 * exporter. NOT_SHIPPED lists, for the reader, what stays behind and why.
 */

export interface Rule {
  /** A path relative to the repository root; `*` matches within one folder, `**` across folders. */
  pattern: string;
  reason: string;
}

export const SHIPPED: readonly Rule[] = [
  { pattern: 'lib/**', reason: 'types, helpers, seeded random numbers, NotImplementedError: given to students' },
  { pattern: 'exercises/**', reason: "the student's tree: one README.md and stub per exercise" },
  { pattern: 'grader/*.ts', reason: 'the command line, the orchestrator and what they share' },
  { pattern: 'grader/grading-config.json', reason: 'points, tolerances, pass mark, reveal setting' },
  { pattern: 'grader/course/**', reason: 'what the grader knows of each exercise: forward references, checks, mistakes and hints' },
  { pattern: 'grader/checks/**', reason: 'the check engine: finite differences of the reference forward, no backward' },
  { pattern: 'grader/engine/**', reason: 'finite differences, comparing values, checking training results' },
  { pattern: 'grader/mistakes/**', reason: 'recognising catalogued mistakes against the recorded answers' },
  { pattern: 'grader/reference/**', reason: 'the reference library (forward pieces only)' },
  { pattern: 'grader/sandbox/**', reason: "running the student's code locked down" },
  { pattern: 'grader/reporters/**', reason: 'terminal, HTML report, results.json, JUnit, GitHub, Classroom' },
  { pattern: 'grader/copytask/**', reason: "the copy task's engine; its reference trainers lose their backward members" },
  {
    pattern: 'grader/weather/**',
    reason: "the sequence tasks' engine and the weather data; the reference head loses its backward members",
  },
  { pattern: '.github/workflows/autograde.yml', reason: 'grades every push and pull request of the student repository' },
  { pattern: '.github/workflows/classroom.yml', reason: 'GitHub Classroom autograding' },
  { pattern: 'package-lock.json', reason: 'unchanged, so that `npm ci` installs exactly what the grader was tested with' },
  { pattern: 'reports/.gitkeep', reason: 'keeps the reports folder (its contents are ignored by git)' },
];

export const DROPPED: readonly Rule[] = [
  { pattern: '**/*.wasm', reason: 'build output: `npm ci` builds the kernel from its source (the prepare script)' },
  { pattern: '**/*.tmp', reason: 'temporary files' },
  { pattern: '**/*.log', reason: 'logs' },
  { pattern: '**/.DS_Store', reason: 'editor and OS litter' },
];

export const NOT_SHIPPED: readonly Rule[] = [
  { pattern: 'solutions/**', reason: 'the reference solutions: the answers' },
  { pattern: 'grader/answer-key/**', reason: 'reference backward passes and mistake variants: shipped as recorded answers instead' },
  { pattern: 'grader/bench/**', reason: 'instructor benchmarks (they train on solutions/)' },
  { pattern: 'grader/class/**', reason: 'class grading (instructors grade with the course repository)' },
  { pattern: 'grader/export/**', reason: 'this exporter' },
  { pattern: 'scripts/**', reason: 'calibration, golden vectors, Gradescope packaging: instructor tooling' },
  { pattern: 'test/**', reason: "the course's own tests (they use solutions/ and the answer key)" },
  { pattern: 'docs/**', reason: 'design notes and measurements for the course developers; the student README replaces them' },
  { pattern: '.github/workflows/grade-class.yml', reason: 'grades a whole class: an instructor workflow' },
  { pattern: 'README.md', reason: 'replaced by the student README (GENERATED)' },
  { pattern: 'package.json', reason: 'rewritten without the instructor scripts (GENERATED)' },
  { pattern: 'tsconfig.json', reason: 'rewritten for the template tree (GENERATED)' },
  { pattern: '.gitignore', reason: 'rewritten (GENERATED)' },
  { pattern: 'vitest.config.mts', reason: 'no tests ship, so no test runner configuration' },
  { pattern: 'eslint.config.mjs', reason: "the course's lint set-up (it lints test/ and scripts/)" },
  { pattern: '.prettier*', reason: "the course's formatter set-up" },
];

/** Written by the exporter (export.ts), not copied. */
export const GENERATED: readonly Rule[] = [
  {
    pattern: 'README.md',
    reason: 'the student README: how to grade, how to read the report, how to submit (grader/export/template/README.md)',
  },
  {
    pattern: 'package.json',
    reason: 'the course package.json with only STUDENT_SCRIPTS; dependencies unchanged, so package-lock.json still matches',
  },
  {
    pattern: 'tsconfig.json',
    reason: 'type-checks lib/, exercises/ and grader/; unused locals allowed (the stripped trainers leave some)',
  },
  { pattern: '.gitignore', reason: 'dependencies, caches, reports and the built kernel' },
  { pattern: 'grader/recorded/README.md', reason: 'what the recorded data is (grader/export/template/recorded-README.md)' },
  {
    pattern: 'grader/recorded/answers.json',
    reason: "the reference's and every catalogued mistake's answers on the fixed probes, for naming mistakes",
  },
  {
    pattern: 'grader/recorded/reference-runs.json',
    reason: 'the reference runs of the copy task and the sequence tasks for the recorded seeds',
  },
];

/** The package.json scripts a student uses; the others are the course's and the instructor's. */
export const STUDENT_SCRIPTS: readonly string[] = ['grade', 'typecheck', 'build:kernels', 'prepare'];

/** Folders never walked for files (dependencies, caches, git's own). */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.cache'];

/** The pattern as a regular expression over a /-separated relative path. */
export function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k];
    if (c === '*' && pattern[k + 1] === '*') {
      // `**/` matches any number of folders (none included); a trailing `**` anything below.
      if (pattern[k + 2] === '/') {
        source += '(?:.*/)?';
        k += 2;
      } else {
        source += '.*';
        k += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const matcher = (rules: readonly Rule[]) => {
  const expressions = rules.map((rule) => patternRegExp(rule.pattern));
  return (relativePath: string) => expressions.some((expression) => expression.test(relativePath));
};

const shipped = matcher(SHIPPED);
const dropped = matcher(DROPPED);

/** Whether the file at `relativePath` (/-separated, from the repository root) is copied into the template. */
export function ships(relativePath: string): boolean {
  return shipped(relativePath) && !dropped(relativePath);
}
