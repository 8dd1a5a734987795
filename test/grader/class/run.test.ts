/**
 * gradeClass (grader/class/run.ts) on classes that need no grading process: submissions that
 * cannot be graded, a student whose grade is up to date, a student who left. Grading for real
 * through the pool is test/grader/class/class.test.ts's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configHash, gradingKey } from '../../../grader/class/cache/key';
import { graderVersion } from '../../../grader/class/cache/version';
import { contentHash } from '../../../grader/class/intake/files';
import { readFolderSubmission } from '../../../grader/class/intake/folder';
import { DiscoveryError } from '../../../grader/class/intake/discover';
import { gradeClass, type ClassRunOptions } from '../../../grader/class/run';
import {
  GRADEBOOK_FILE,
  CLASS_PAGE_FILE,
  readManifest,
  readRecord,
  readResults,
  RESULTS_FILE,
  writeRecord,
} from '../../../grader/class/store';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../grader/config';
import { CODE_EXERCISES } from '../../../grader/course';
import { removeTempDirs, tempDir, writeTree } from './helpers';

afterAll(removeTempDirs);
const [first] = CODE_EXERCISES;

function options(submissions: string, outDir: string): ClassRunOptions {
  return { submissions, outDir, jobs: 1, shard: null, quick: true, configFile: DEFAULT_CONFIG_PATH, timeoutMs: 60_000, regrade: false };
}

async function run(submissions: string, outDir: string) {
  const lines: string[] = [];
  const stats = await gradeClass(options(submissions, outDir), (line) => lines.push(line));
  return { stats, lines };
}

describe('gradeClass', () => {
  it('records every student it cannot grade with the reason, a results.json of 0 points and a gradebook row', async () => {
    const submissions = writeTree(tempDir('run'), { 'hw-ada/README.md': 'no code here', 'hw-bob.zip': 'not a zip' });
    const out = tempDir('run-out');
    const { stats, lines } = await run(submissions, out);
    expect(stats).toEqual({ students: 2, regraded: [], reused: [], notGraded: ['ada', 'bob'] });
    expect(lines[0]).toBe(`2 students in ${submissions}: one folder or zip per student (ids without the prefix "hw-").`);
    expect(readRecord(out, 'ada')).toMatchObject({
      status: 'invalid-submission',
      origin: 'hw-ada/',
      reason: expect.stringMatching(/^no exercise files found/),
    });
    expect(readRecord(out, 'bob')).toMatchObject({
      status: 'invalid-submission',
      reason: expect.stringMatching(/^the zip cannot be read/),
    });
    const results = readResults(out, 'bob');
    expect(results).toMatchObject({ score: 0, tests: [], output: `Not graded: ${readRecord(out, 'bob')!.reason}` });
    expect(readManifest(out)).toMatchObject({ students: ['ada', 'bob'], lastRun: { regraded: [], reused: [] }, options: { quick: true } });
    const gradebook = fs.readFileSync(path.join(out, GRADEBOOK_FILE), 'utf8').trim().split('\n');
    expect(gradebook.map((row) => row.split(',').slice(0, 1)[0])).toEqual(['student_id', 'ada', 'bob']);
    expect(gradebook[1]).toContain('invalid-submission');
    expect(fs.existsSync(path.join(out, CLASS_PAGE_FILE))).toBe(true);
  });

  it('keeps the grade of a student whose files, grader and options are unchanged, without grading', async () => {
    const submissions = writeTree(tempDir('run'), { [`eve/exercises/${first.file}`]: 'export const graded = true;' });
    const out = tempDir('run-out');
    const intake = readFolderSubmission(path.join(submissions, 'eve'));
    if (!intake.ok) throw new Error(intake.problem);
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const key = gradingKey(graderVersion(), { quick: true, seed: config.seed, configHash: configHash(config) }, contentHash(intake.files));
    writeRecord(out, { schema: 1, student: 'eve', origin: 'eve/', sourceKey: 'eve/', status: 'graded', notes: [], key, durationMs: 1234 });
    const earlier = { score: 7, tests: [], extra_data: { exercises: [{ id: first.id, score: 7, maxScore: 10 }] } };
    writeTree(out, { [`eve/${RESULTS_FILE}`]: JSON.stringify(earlier) });

    const { stats, lines } = await run(submissions, out);
    expect(stats).toEqual({ students: 1, regraded: [], reused: ['eve'], notGraded: [] });
    expect(lines).toContain("Nothing to grade: every student's grade is up to date (1 kept).");
    expect(readResults(out, 'eve')).toEqual(earlier);
    expect(readRecord(out, 'eve')).toMatchObject({ status: 'graded', key, durationMs: 1234, contentHash: contentHash(intake.files) });
    expect(fs.readFileSync(path.join(out, GRADEBOOK_FILE), 'utf8').split('\n')[1]).toMatch(/^eve,7,10,7,graded,/);
  });

  it('notes students graded into DIR before who are gone, and refuses an output folder inside the submissions', async () => {
    const submissions = writeTree(tempDir('run'), { 'ada/README.md': 'x', 'bob/README.md': 'x' });
    const out = tempDir('run-out');
    await run(submissions, out);
    fs.rmSync(path.join(submissions, 'bob'), { recursive: true });
    const { stats, lines } = await run(submissions, out);
    expect(stats.students).toBe(1);
    expect(lines).toContain(
      `  note: 1 student(s) graded into ${out} before are not in this run (bob); their folders are kept but not in ${GRADEBOOK_FILE} or ${CLASS_PAGE_FILE}`,
    );
    expect(readManifest(out).students).toEqual(['ada']);
    await expect(gradeClass(options(submissions, path.join(submissions, 'out')), () => undefined)).rejects.toThrow(DiscoveryError);
  });
});
