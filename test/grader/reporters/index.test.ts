/**
 * Which reporters a run uses: the files first (results.json, the HTML report, JUnit), GitHub's
 * outputs only inside GitHub Actions, the Classroom result only when asked for, the terminal last;
 * a replay prints its case and nothing else.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../../../grader/paths';
import { reporterMap, reportersFor } from '../../../grader/reporters';
import { replayReporter } from '../../../grader/reporters/replay';
import { terminalReporter } from '../../../grader/reporters/terminal';
import { captureStream } from '../../helpers/ci';
import { gradeResult } from '../../helpers/grade-builders';

const names = (options: { classroom?: boolean; replay?: boolean; env?: NodeJS.ProcessEnv }) =>
  reportersFor({ classroom: false, replay: false, env: {}, visibility: 'visible', ...options }).map((r) => r.name);

describe('reportersFor', () => {
  it('writes the files, then the terminal summary, outside GitHub Actions', () => {
    expect(names({})).toEqual(['results-json', 'html', 'junit', 'terminal']);
    expect(names({ env: { GITHUB_ACTIONS: 'false', CI: 'true' } })).toEqual(['results-json', 'html', 'junit', 'terminal']);
  });

  it('adds the GitHub outputs only in GitHub Actions, and the Classroom result only when asked for', () => {
    expect(names({ env: { GITHUB_ACTIONS: 'true' } })).toEqual(['results-json', 'html', 'junit', 'github', 'terminal']);
    expect(names({ classroom: true })).toEqual(['results-json', 'html', 'junit', 'classroom', 'terminal']);
    expect(names({ classroom: true, env: { GITHUB_ACTIONS: 'true' } })).toEqual([
      'results-json',
      'html',
      'junit',
      'github',
      'classroom',
      'terminal',
    ]);
  });

  it('uses only the replay reporter for a replay, whatever else is asked for', () => {
    const reporters = reportersFor({ classroom: true, replay: true, env: { GITHUB_ACTIONS: 'true' }, visibility: 'visible' });
    expect(reporters).toEqual([replayReporter]);
  });

  it("uses the same reporter objects as the map, the terminal's included", () => {
    const map = reporterMap('visible');
    expect(Object.keys(map).sort()).toEqual(['classroom', 'github', 'html', 'junit', 'replay', 'results-json', 'terminal']);
    for (const [name, reporter] of Object.entries(map)) expect(reporter.name, name).toBe(name);
    expect(map.terminal).toBe(terminalReporter);
    expect(reportersFor({ classroom: false, replay: false, env: {}, visibility: 'visible' }).at(-1)).toBe(terminalReporter);
  });

  it('hands the visibility to results.json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lstm-reporters-'));
    try {
      const [resultsJson] = reportersFor({ classroom: false, replay: false, env: {}, visibility: 'after_published' });
      const out = captureStream();
      await resultsJson.write(gradeResult(), {
        outDir: dir,
        submissionDir: dir,
        submissionPathFromRepo: 'exercises',
        env: {},
        stdout: out.stream,
        color: false,
      });
      const written = JSON.parse(readFileSync(path.join(dir, OUTPUT_FILES.resultsJson), 'utf8')) as {
        visibility?: string;
        tests: { visibility?: string }[];
      };
      expect(written.visibility).toBe('after_published');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
