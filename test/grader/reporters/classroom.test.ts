import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  classroomErrorResult,
  classroomReporter,
  classroomResult,
  encodeClassroomResult,
  githubOutputEntry,
  type ClassroomRunnerResult,
} from '../../../grader/reporters/classroom';
import { realGrade, TRICKY_MESSAGE } from '../../fixtures/grades';
import { simulatedGithub, removeTempDirs, tempDir } from '../../helpers/ci';

afterAll(removeTempDirs);

/** Reads `name<<delimiter` / `name=value` entries the way the runner reads $GITHUB_OUTPUT. */
function readGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** What autograding-grading-reporter does with `<RUNNER>_RESULTS`: base64 → JSON, then sums test scores. */
function decodeLikeTheReporter(encoded: string): { results: ClassroomRunnerResult; totalPoints: number } {
  const results = JSON.parse(Buffer.from(encoded, 'base64').toString('utf-8')) as ClassroomRunnerResult;
  return { results, totalPoints: results.tests.reduce((sum, t) => sum + t.score, 0) };
}

describe('classroomResult', () => {
  it('has one test per exercise whose scores add up to the grade', async () => {
    const grade = await realGrade('mixed');
    const runner = classroomResult(grade);
    expect(runner.version).toBe(1);
    expect(runner.status).toBe('fail');
    expect(runner.max_score).toBe(grade.maxScore);
    expect(runner.tests.map((t) => t.name)).toEqual(grade.exercises.map((e) => e.title));
    expect(runner.tests.reduce((sum, t) => sum + t.score, 0)).toBe(grade.score);
    const expected = { passed: 'pass', failed: 'fail', 'not-attempted': 'fail', error: 'error' } as const;
    expect(runner.tests.map((t) => t.status)).toEqual(grade.exercises.map((e) => expected[e.status]));
    expect(new Set(runner.tests.map((t) => t.status))).toEqual(new Set(['pass', 'fail', 'error']));
    const forget = grade.exercises.findIndex((e) => e.id === 'forget-gate');
    expect(runner.tests[forget]!.message).toContain(TRICKY_MESSAGE);
    expect(runner.tests[forget]!.filename).toBe('exercises/03-forget-gate/forget-gate.ts');
    expect(runner.tests[forget]!.test_code).toBe('npm run grade -- --only forget-gate');
    expect(runner.tests.at(-1)!.filename).toBe('exercises/09-lstm-sequence/lstm-sequence.ts');
  });

  it('passes when the grade says it reached the pass mark, fails otherwise', async () => {
    expect(classroomResult(await realGrade('reference')).status).toBe('pass');
    expect(classroomResult(await realGrade('stubs')).status).toBe('fail');
    expect(classroomResult({ ...(await realGrade('mixed')), passed: true }).status).toBe('pass');
  });

  it('reports grading that could not run as an error, and wants a reason', () => {
    const runner = classroomErrorResult('exercises/ is missing', 48);
    expect(runner).toMatchObject({
      status: 'error',
      max_score: 48,
      tests: [{ status: 'error', score: 0, message: 'exercises/ is missing' }],
    });
    expect(() => classroomErrorResult('  ')).toThrow(/classroomErrorResult: reason/);
  });
});

describe('githubOutputEntry', () => {
  it('writes a heredoc entry that survives newlines in the value', () => {
    const entry = githubOutputEntry('result', 'a\nb=c', 'EOF_1');
    expect(entry).toBe('result<<EOF_1\na\nb=c\nEOF_1\n');
    expect(readGithubOutput(entry)).toEqual({ result: 'a\nb=c' });
  });

  it('refuses a bad name or a value holding the delimiter', () => {
    expect(() => githubOutputEntry('bad name', 'x')).toThrow(/githubOutputEntry: name/);
    expect(() => githubOutputEntry('result', 'x\nEOF_1\n', 'EOF_1')).toThrow(/githubOutputEntry: value/);
  });
});

describe('classroomReporter in a simulated GitHub Actions run', () => {
  it('appends the base64 runner result to $GITHUB_OUTPUT, readable by the Classroom reporter', async () => {
    const gha = simulatedGithub(tempDir('submission'));
    fs.writeFileSync(gha.outputFile, 'earlier=1\n');
    const grade = await realGrade('mixed');
    await classroomReporter.write(grade, gha.context);

    const outputs = readGithubOutput(fs.readFileSync(gha.outputFile, 'utf8'));
    expect(outputs.earlier).toBe('1');
    expect(outputs.result).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const { results, totalPoints } = decodeLikeTheReporter(outputs.result!);
    expect(results).toEqual(classroomResult(grade));
    expect(totalPoints).toBe(grade.score);
    expect(results.max_score).toBe(grade.maxScore);
    expect(results.tests.some((t) => t.message.includes(TRICKY_MESSAGE))).toBe(true);

    const json = JSON.parse(fs.readFileSync(path.join(gha.context.outDir, 'classroom.json'), 'utf8'));
    expect(json).toEqual(results);
    expect(encodeClassroomResult(results)).toBe(outputs.result);
  });

  it('writes only classroom.json when there is no $GITHUB_OUTPUT', async () => {
    const gha = simulatedGithub(tempDir('submission'), { GITHUB_OUTPUT: undefined, GITHUB_ACTIONS: undefined });
    await classroomReporter.write(await realGrade('reference'), gha.context);
    expect(fs.readFileSync(gha.outputFile, 'utf8')).toBe('');
    const json = JSON.parse(fs.readFileSync(path.join(gha.context.outDir, 'classroom.json'), 'utf8'));
    expect(json.status).toBe('pass');
  });
});
