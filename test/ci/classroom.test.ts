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
} from '../../grader/reporters/classroom';
import { TRICKY_MESSAGE, mixedResult, passingResult, stubResult } from './fixtures';
import { simulatedGithub, removeTempDirs, tempDir } from './helpers';

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
  it('has one test per exercise whose scores add up to the grade', () => {
    const grade = mixedResult();
    const runner = classroomResult(grade);
    expect(runner.version).toBe(1);
    expect(runner.status).toBe('fail');
    expect(runner.max_score).toBe(grade.maxScore);
    expect(runner.tests.map((t) => t.name)).toEqual(grade.exercises.map((e) => e.title));
    expect(runner.tests.reduce((sum, t) => sum + t.score, 0)).toBe(grade.score);
    expect(runner.tests.map((t) => t.status)).toEqual(['pass', 'fail', 'error', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(runner.tests[1]!.message).toBe(`2/6 points. ${TRICKY_MESSAGE}`);
    expect(runner.tests[1]!.filename).toBe('exercises/02-affine/affine.ts');
    expect(runner.tests[1]!.test_code).toBe('npm run grade -- --only affine');
    expect(runner.tests.at(-1)!.filename).toBe('');
  });

  it('passes at the pass mark, fails below it', () => {
    expect(classroomResult(passingResult()).status).toBe('pass');
    expect(classroomResult(stubResult()).status).toBe('fail');
    const atMark = { ...mixedResult(), passMark: 10 };
    expect(classroomResult(atMark).status).toBe('pass');
  });

  it('reports grading that could not run as an error, and wants a reason', () => {
    const runner = classroomErrorResult('exercises/ is missing', 48);
    expect(runner).toMatchObject({ status: 'error', max_score: 48, tests: [{ status: 'error', score: 0, message: 'exercises/ is missing' }] });
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
    const grade = mixedResult();
    await classroomReporter.write(grade, gha.context);

    const outputs = readGithubOutput(fs.readFileSync(gha.outputFile, 'utf8'));
    expect(outputs.earlier).toBe('1');
    expect(outputs.result).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const { results, totalPoints } = decodeLikeTheReporter(outputs.result!);
    expect(results).toEqual(classroomResult(grade));
    expect(totalPoints).toBe(grade.score);
    expect(results.max_score).toBe(grade.maxScore);
    expect(results.tests[1]!.message).toContain(TRICKY_MESSAGE);

    const json = JSON.parse(fs.readFileSync(path.join(gha.context.outDir, 'classroom.json'), 'utf8'));
    expect(json).toEqual(results);
    expect(encodeClassroomResult(results)).toBe(outputs.result);
  });

  it('writes only classroom.json when there is no $GITHUB_OUTPUT', async () => {
    const gha = simulatedGithub(tempDir('submission'), { GITHUB_OUTPUT: undefined, GITHUB_ACTIONS: undefined });
    await classroomReporter.write(passingResult(), gha.context);
    expect(fs.readFileSync(gha.outputFile, 'utf8')).toBe('');
    const json = JSON.parse(fs.readFileSync(path.join(gha.context.outDir, 'classroom.json'), 'utf8'));
    expect(json.status).toBe('pass');
  });
});
