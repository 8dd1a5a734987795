/** Temporary folders and a simulated GitHub Actions context for the CI reporter tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { ReporterContext } from '../../grader/reporters/types';

const created: string[] = [];

/** A fresh temporary folder, removed by removeTempDirs (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lstm-test-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made (symbolic links inside are removed, never followed). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A stdout that remembers what was written. */
export function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export interface SimulatedGithub {
  context: ReporterContext;
  stdout: () => string;
  summaryFile: string;
  outputFile: string;
}

/** GITHUB_ACTIONS=true with the summary and output files in a fresh temporary folder. */
export function simulatedGithub(submissionDir: string, extraEnv: NodeJS.ProcessEnv = {}): SimulatedGithub {
  const dir = tempDir('gha');
  const summaryFile = path.join(dir, 'step-summary.md');
  const outputFile = path.join(dir, 'github-output');
  fs.writeFileSync(summaryFile, '');
  fs.writeFileSync(outputFile, '');
  const outDir = path.join(dir, 'reports');
  fs.mkdirSync(outDir);
  const capture = captureStream();
  return {
    context: {
      outDir,
      submissionDir,
      submissionPathFromRepo: 'exercises',
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'course/student-repo',
        GITHUB_RUN_ID: '12345',
        ...extraEnv,
      },
      stdout: capture.stream,
      color: false,
    },
    stdout: capture.text,
    summaryFile,
    outputFile,
  };
}

/** Reverses GitHub's workflow-command escaping (for checking round trips). */
export function unescapeCommand(value: string): string {
  return value.replace(
    /%(25|0D|0A|3A|2C)/g,
    (_, code: string) => ({ '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' })[code] ?? '',
  );
}

export interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Parses one `::command k=v,k=v::message` line the way the runner does. */
export function parseWorkflowCommand(line: string): ParsedCommand {
  const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1));
  }
  return { command: match[1]!, properties, message: unescapeCommand(match[3]!) };
}
