/**
 * One grading as a worker runs it, without grading anything: when the grade command cannot run,
 * its one-line reason becomes the error (the student's row says it), and a malformed task is
 * refused by name. Real gradings are in ../class.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../../../grader/class/grading/grade-submission';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);

describe('gradeSubmission', () => {
  it("turns the grade command's reason into the error, and leaves the working folder as it was", async () => {
    const root = tempDir('one');
    fs.mkdirSync(path.join(root, 'exercises'));
    const config = path.join(root, 'broken-config.json');
    fs.writeFileSync(config, '{ "seed": "not a number" }');
    const cwd = process.cwd();
    await expect(
      gradeSubmission({
        submissionDir: path.join(root, 'exercises'),
        targets: [{ student: 'ada', outDir: path.join(root, 'out') }],
        quick: true,
        seed: 1,
        configFile: config,
      }),
    ).rejects.toThrow(/^[^\n]*broken-config\.json[^\n]*seed[^\n]*$/);
    expect(process.cwd()).toBe(cwd);
  });

  it('refuses a task without an exercises folder or targets, naming the argument', async () => {
    await expect(gradeSubmission({ submissionDir: '/tmp/x', targets: [], quick: true, seed: 1, configFile: 'c' })).rejects.toThrow(
      /gradeSubmission: argument task/,
    );
  });
});
