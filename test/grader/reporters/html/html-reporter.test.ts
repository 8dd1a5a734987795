import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { htmlReportPath, htmlReporter } from '../../../../grader/reporters/html/index';
import { renderReport } from '../../../../grader/reporters/html/render';
import { realGrade } from '../../../fixtures/grades';

describe('html reporter', () => {
  it("is named 'html', writes <outDir>/index.html and prints nothing", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-report-'));
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk) => (printed += String(chunk)));
    const result = await realGrade('mixed');
    try {
      await htmlReporter.write(result, {
        outDir,
        submissionDir: '/x/exercises',
        submissionPathFromRepo: 'exercises',
        env: {},
        stdout,
        color: false,
      });
      expect(htmlReporter.name).toBe('html');
      const file = htmlReportPath(outDir);
      expect(file).toBe(path.join(outDir, 'index.html'));
      expect(fs.readFileSync(file, 'utf8')).toBe(renderReport(result));
      expect(printed).toBe('');
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('rejects an empty outDir, naming the function and the argument', () => {
    expect(() => htmlReportPath('')).toThrow(/^htmlReportPath: argument outDir must be a non-empty path/);
  });
});
