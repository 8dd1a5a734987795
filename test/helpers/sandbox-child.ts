/**
 * Runs a few of the sandbox process's own modules (grader/sandbox/child/) in a fresh Node process,
 * transpiled to CommonJS by swc as staging does (trusted-transpile.ts, without loading TypeScript,
 * which costs a second), for tests of what they do to a process (installing the module guard,
 * capturing console output) that must not happen to the test runner's own process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transformSync } from '@swc/core';

const CHILD_FOLDER = path.join(__dirname, '..', '..', 'grader', 'sandbox', 'child');

export interface ChildRun {
  /** What the script wrote to descriptor 1, parsed as JSON. */
  result: unknown;
  status: number | null;
  stderr: string;
}

/**
 * Writes the modules `names` (e.g. ['captured', 'guard']) as <workspace>/.sandbox/<name>.js, and
 * `files` (relative path → text) into the workspace, then runs `script` as <workspace>/.sandbox/main.js,
 * the place of the sandbox entry. `script` sees `workspace` and writes its result with `report(value)`.
 */
export function runBesideChildModules(names: readonly string[], script: string, files: Record<string, string> = {}): ChildRun {
  const workspace = mkdtempSync(path.join(tmpdir(), 'sandbox-child-'));
  try {
    const own = path.join(workspace, '.sandbox');
    mkdirSync(own);
    for (const name of names) {
      const source = readFileSync(path.join(CHILD_FOLDER, `${name}.ts`), 'utf8');
      const js = transformSync(source, {
        filename: `${name}.ts`,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      }).code;
      writeFileSync(path.join(own, `${name}.js`), js);
    }
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      writeFileSync(path.join(workspace, file), text);
    }
    const prelude = [
      `const workspace = ${JSON.stringify(workspace)};`,
      "const report = ((write) => (value) => write(1, JSON.stringify(value)))(require('node:fs').writeSync);",
    ].join('\n');
    writeFileSync(path.join(own, 'main.js'), `${prelude}\n${script}\n`);
    const run = spawnSync(process.execPath, [path.join(own, 'main.js')], { cwd: workspace, encoding: 'utf8', timeout: 30_000 });
    return { result: run.stdout === '' ? undefined : JSON.parse(run.stdout), status: run.status, stderr: run.stderr };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
