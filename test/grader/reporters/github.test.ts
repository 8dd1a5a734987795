import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../grader/course';
import type { GradeResult } from '../../../grader/model';
import {
  escapeData,
  escapeProperty,
  findExportLine,
  formatAnnotation,
  githubReporter,
  jobSummaryMarkdown,
  markdownText,
  parseIgnoredFiles,
  selectAnnotations,
} from '../../../grader/reporters/github';
import { realGrade, TRICKY_MESSAGE } from '../../fixtures/grades';
import { captureStream, parseWorkflowCommand, simulatedGithub, removeTempDirs, tempDir, unescapeCommand } from '../../helpers/ci';

afterAll(removeTempDirs);

/** Every character a workflow command must escape. */
const TRICKY_TITLE = 'affineBackward: gradient, checked at 100%';
const TRICKY_COMMAND_TEXT = 'dW[0][1] is 50% too large,\nexpected 0.25, got 0.375\r\nsee db, too';

const trickyText = fc.string({ unit: fc.constantFrom('%', ':', ',', '\n', '\r', 'a', 'Z', ' ', '=', 'é', '2', '5'), maxLength: 40 });

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('50%,\r\na:b')).toBe('50%25,%0D%0Aa:b');
    expect(escapeProperty('50%,\r\na:b')).toBe('50%25%2C%0D%0Aa%3Ab');
  });

  it('round-trips any text and leaves no separator behind', () => {
    const details = fc.check(
      fc.property(trickyText, (text) => {
        const data = escapeData(text);
        const property = escapeProperty(text);
        return unescapeCommand(data) === text && unescapeCommand(property) === text && !/[\r\n]/.test(data) && !/[\r\n:,]/.test(property);
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(details.failed, String(details.counterexample)).toBe(false);
  });

  it('formats an annotation the runner can parse back', () => {
    const line = formatAnnotation({
      level: 'error',
      file: 'exercises/02-affine/affine.ts',
      line: 12,
      title: TRICKY_TITLE,
      message: TRICKY_COMMAND_TEXT,
    });
    expect(line.split('\n')).toHaveLength(1);
    const parsed = parseWorkflowCommand(line);
    expect(parsed).toEqual({
      command: 'error',
      properties: { file: 'exercises/02-affine/affine.ts', line: '12', title: TRICKY_TITLE },
      message: TRICKY_COMMAND_TEXT,
    });
  });

  it('rejects a line that is not a positive integer, naming the function', () => {
    expect(() => formatAnnotation({ level: 'error', file: 'a.ts', line: 0, title: 't', message: 'm' })).toThrow(
      /formatAnnotation: annotation.line/,
    );
  });
});

describe('findExportLine', () => {
  const source = [
    "import { sigmoid } from '../../01-activations/activations';", // 1
    '', // 2
    '/** the gate */', // 3
    'export function forgetGate(gate, hPrev, x) {', // 4
    '  return sigmoid(x);', // 5
    '}', // 6
    'export const forgetGateBackward = (gate, hPrev, x, f, df) => df;', // 7
    'function helper() { return 1; }', // 8
    'export { helper as renamed };', // 9
    'function forgetGateTwin() {}', // 10
  ].join('\n');

  it('finds export function, export const and export { local as name }', () => {
    expect(findExportLine(source, 'forgetGate')).toBe(4);
    expect(findExportLine(source, 'forgetGateBackward')).toBe(7);
    expect(findExportLine(source, 'renamed')).toBe(8);
  });

  it('falls back to line 1 for a missing or unexported function and for broken code', () => {
    expect(findExportLine(source, 'forgetGateTwin')).toBe(1);
    expect(findExportLine(source, 'nothing')).toBe(1);
    expect(findExportLine('export function (((', 'forgetGate')).toBe(1);
  });
});

describe('selectAnnotations', () => {
  const lineOf = (): number => 3;

  it('puts one annotation per failing exercise first, dependants last, then the rest', async () => {
    const result = await realGrade('mixed');
    const annotations = selectAnnotations(result, { pathFromRepo: 'exercises', lineOf });
    const failing = result.exercises.filter((e) => e.status === 'failed' || e.status === 'error');
    const independent = failing.filter((e) => !e.fixFirst);
    const dependants = failing.filter((e) => e.fixFirst);
    expect(independent.length).toBeGreaterThan(0);
    expect(dependants.length).toBeGreaterThan(0);
    const first = annotations.slice(0, failing.length).map((a) => a.title.split(':')[0]);
    expect(first).toEqual([...independent, ...dependants].map((e) => e.title.split(':')[0]));
    const affine = annotations[0]!;
    expect(affine.file).toBe('exercises/02-affine/affine.ts');
    expect(affine.message).toContain('a common mistake: dhPrev computed with W instead of Wᵀ');
    expect(affine.message).toMatch(/Replay: npm run grade -- --only affine --seed 42 --replay affineBackward\.[a-z-]+@/);
    expect(annotations.find((a) => a.file.includes('03-forget-gate'))!.message).toContain('fix affine first');
    // The copy task annotates the code it trains.
    expect(annotations.find((a) => a.title.startsWith('Copy task'))!.file).toBe('exercises/09-lstm-sequence/lstm-sequence.ts');
    expect(annotations.every((a) => a.level === 'error' && a.line === 3)).toBe(true);
    // Stubs that still throw are listed in the summary, not annotated.
    expect(annotations.some((a) => a.file.includes('05-candidate'))).toBe(false);
    expect(annotations.length).toBeLessThanOrEqual(10);
  });

  it('stops at ten, covering every failing exercise before repeating one', async () => {
    const result: GradeResult = structuredClone(await realGrade('mixed'));
    for (const exercise of result.exercises) {
      exercise.status = 'failed';
      exercise.checks = exercise.checks.map((c) => ({ ...c, status: 'failed', score: 0, message: `${c.title} is wrong` }));
    }
    const annotations = selectAnnotations(result, { pathFromRepo: 'exercises', lineOf });
    expect(annotations).toHaveLength(10);
    // Twelve failing exercises and ten annotations: the ten go to ten different exercises.
    const covered = Math.min(10, result.exercises.length);
    const firstTitles = annotations.slice(0, covered).map((a) => a.title.split(':')[0]);
    expect(new Set(firstTitles).size).toBe(covered);
  });

  it('annotates nothing at full marks or for untouched stubs', async () => {
    expect(selectAnnotations(await realGrade('reference'), { pathFromRepo: 'exercises', lineOf })).toEqual([]);
    expect(selectAnnotations(await realGrade('stubs'), { pathFromRepo: 'exercises', lineOf })).toEqual([]);
  });
});

describe('jobSummaryMarkdown', () => {
  it('has a row per exercise with points, status and first failure, the total, the artifact and ignored files', async () => {
    const result = await realGrade('mixed');
    const markdown = jobSummaryMarkdown(result, {
      artifactName: 'lstm-lab-report',
      ignoredFiles: ['package.json', 'grader/cli|hack.ts'],
      runUrl: 'https://github.com/course/student-repo/actions/runs/1',
    });
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Exercise') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(result.exercises.length + 1);
    const row = (id: string) => rows[result.exercises.findIndex((e) => e.id === id)]!;
    const activations = result.exercises.find((e) => e.id === 'activations')!;
    expect(row('activations')).toContain(`${activations.maxScore} / ${activations.maxScore}`);
    expect(row('activations')).toContain('✅ passed');
    expect(row('affine')).toContain('❌ failed');
    expect(row('forget-gate')).toContain(markdownText(TRICKY_MESSAGE));
    expect(row('forget-gate')).toContain('fix affine first');
    expect(row('output-gate')).toContain('💥 error');
    expect(row('candidate')).toContain('⬜ not attempted');
    expect(rows.at(-1)).toContain(`**${result.score} / ${result.maxScore}**`);
    // Every row has the same number of cells: no stray | or newline from a message.
    expect(new Set(rows.map((r) => r.replace(/\\\|/g, '').split('|').length)).size).toBe(1);
    expect(markdown).not.toContain('<b>');
    expect(markdown).toContain('Below the pass mark');
    expect(markdown).toContain('**lstm-lab-report**');
    expect(markdown).toContain('[this run](https://github.com/course/student-repo/actions/runs/1)');
    expect(markdown).toContain('### Ignored for grading');
    expect(markdown).toContain('- package.json');
    expect(markdown).toContain('- grader/cli\\|hack.ts');
  });

  it('says the pass mark is met at full marks and leaves out an empty ignored list', async () => {
    const markdown = jobSummaryMarkdown(await realGrade('reference'), { artifactName: 'r', ignoredFiles: [] });
    expect(markdown).toMatch(/^## ✅/);
    expect(markdown).toContain('At or above the pass mark');
    expect(markdown).not.toContain('Ignored for grading');
  });

  it('escapes Markdown and HTML in free text', () => {
    expect(markdownText('a|b\n<script>*x*')).toBe('a\\|b &lt;script&gt;\\*x\\*');
  });

  it('parses the ignored-files list from the environment variable', () => {
    expect(parseIgnoredFiles(' package.json\r\n\ngrader/cli.ts\npackage.json\n')).toEqual(['package.json', 'grader/cli.ts']);
    expect(parseIgnoredFiles(undefined)).toEqual([]);
  });
});

describe('githubReporter in a simulated GitHub Actions run', () => {
  function studentTree(): string {
    const dir = tempDir('submission');
    for (const info of CODE_EXERCISES) {
      fs.mkdirSync(path.join(dir, info.folder), { recursive: true });
      const body = Object.keys(info.exports)
        .map((fn) => `\n// ${fn}\nexport function ${fn}() {\n  throw new Error('x');\n}`)
        .join('\n');
      fs.writeFileSync(path.join(dir, info.file), `import { x } from '../../../lib/types';\n${body}\n`);
    }
    return dir;
  }

  it('appends the summary and prints annotations on the student file and line', async () => {
    const submission = studentTree();
    const gha = simulatedGithub(submission, {
      LSTM_LAB_IGNORED_FILES: 'package.json\ngrader/cli.ts\n',
      LSTM_LAB_ARTIFACT_NAME: 'lstm-lab-report-7',
    });
    fs.writeFileSync(gha.summaryFile, '# earlier step\n');
    const result = await realGrade('mixed');
    await githubReporter.write(result, gha.context);

    const summary = fs.readFileSync(gha.summaryFile, 'utf8');
    expect(summary.startsWith('# earlier step\n## ❌ lstm-lab')).toBe(true);
    expect(summary).toContain('**lstm-lab-report-7**');
    expect(summary).toContain('[this run](https://github.com/course/student-repo/actions/runs/12345)');
    expect(summary).toContain('- grader/cli.ts');

    const lines = gha.stdout().trimEnd().split('\n');
    const commands = lines.map(parseWorkflowCommand);
    expect(commands.length).toBeGreaterThan(3);
    expect(commands.length).toBeLessThanOrEqual(10);
    // affineBackward is the second export of affine.ts: header line, blank, comment, function...
    const affineSource = fs.readFileSync(path.join(submission, '02-affine/affine.ts'), 'utf8').split('\n');
    const expectedLine = affineSource.findIndex((l) => l.startsWith('export function affineBackward')) + 1;
    const affineCheck = result.exercises.find((e) => e.id === 'affine')!.checks.find((c) => c.status === 'failed')!;
    expect(commands[0]).toEqual({
      command: 'error',
      properties: {
        file: 'exercises/02-affine/affine.ts',
        line: String(expectedLine),
        title: `The affine map W·[h, x] + b: ${affineCheck.title}`,
      },
      message: expect.stringContaining(affineCheck.message),
    });
    const forget = commands.find((c) => c.properties.file === 'exercises/03-forget-gate/forget-gate.ts')!;
    expect(forget.message).toContain(TRICKY_MESSAGE);
    expect(lines.find((l) => l.includes('03-forget-gate'))).toContain('50%25 too large');
  });

  it('uses the path the workflow gives for a copy graded outside the checkout, and line 1 for a missing file', async () => {
    const gha = simulatedGithub(tempDir('empty'), { LSTM_LAB_SUBMISSION_PATH_FROM_REPO: 'student/exercises' });
    await githubReporter.write(await realGrade('mixed'), gha.context);
    const first = parseWorkflowCommand(gha.stdout().split('\n')[0]!);
    expect(first.properties.file).toBe('student/exercises/02-affine/affine.ts');
    expect(first.properties.line).toBe('1');
  });

  it('does nothing outside GitHub Actions', async () => {
    const gha = simulatedGithub(studentTree(), { GITHUB_ACTIONS: undefined });
    const stdout = captureStream();
    await githubReporter.write(await realGrade('mixed'), { ...gha.context, stdout: stdout.stream });
    expect(stdout.text()).toBe('');
    expect(fs.readFileSync(gha.summaryFile, 'utf8')).toBe('');
  });
});
