/**
 * Processes come and go as they should: closing stops all of them, a grader that dies takes its
 * sandbox processes with it, output is kept per exercise and capped, batches with a call that
 * never ends are bounded, and the sandbox has no network.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolationWrappers } from '../../grader/sandbox/process';
import { openSandbox } from '../../grader/sandbox/sandbox';
import { buildHostileSubmission, SOLUTIONS_DIR } from './hostile-cases';
import { HEALTH_PROBES, processesMentioning, referenceCellState } from './helpers';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fsp.rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

async function submissionWithCellState(body: string, topLevel = ''): Promise<string> {
  const dir = await tempDir('lstm-lab-lifecycle-');
  await fsp.cp(SOLUTIONS_DIR, dir, { recursive: true });
  const file = path.join(dir, '06-cell-state', 'cell-state.ts');
  const original = (await fsp.readFile(file, 'utf8')).replace('export function cellState(', 'function referenceCellState(');
  await fsp.writeFile(file, `${original}\n${topLevel}\nexport function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {\n${body}\n}\n`);
  return dir;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

/** Runs the dying grader fixture and resolves once it printed "busy" (its sandbox is then in a loop). */
function startDyingGrader(submission: string, workspace: string, mode: 'throw' | 'wait') {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'fixtures', 'grader-that-dies.ts'), submission, workspace, mode], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const busy = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('busy')) resolve();
    });
    child.once('exit', () => reject(new Error('the dying grader ended before it was busy')));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, busy, exited };
}

describe('sandbox lifecycle', () => {
  it('close() stops every process and deletes the workspace; it is safe twice; later calls are refused', async () => {
    const workspaceDir = await tempDir('lstm-lab-lifecycle-ws-');
    const runner = await openSandbox({ submissionDir: SOLUTIONS_DIR, workspaceDir });
    for (const folder of ['03-forget-gate', '06-cell-state']) {
      const probe = HEALTH_PROBES[folder];
      expect((await runner.call(folder, probe.fn, probe.args())).ok).toBe(true);
    }
    expect(processesMentioning(workspaceDir).length).toBeGreaterThanOrEqual(2);
    await runner.close();
    await runner.close();
    expect(processesMentioning(workspaceDir)).toEqual([]);
    await expect(runner.call('06-cell-state', 'cellState', [])).rejects.toThrow(/callMany: the sandbox is closed/);
  });

  it('a grader that dies of an uncaught exception leaves no sandbox process behind', async () => {
    const submission = await buildHostileSubmission('endless-loop-call');
    made.push(submission);
    const workspace = path.join(await tempDir('lstm-lab-lifecycle-throw-'), 'ws');
    const grader = startDyingGrader(submission, workspace, 'throw');
    await grader.busy;
    expect(processesMentioning(workspace).length).toBeGreaterThan(0);
    await grader.exited;
    expect(await waitUntil(() => processesMentioning(workspace).length === 0, 5000)).toBe(true);
    // Its workspace is deleted on the way out too.
    expect(existsSync(workspace)).toBe(false);
  });

  it('a grader killed with SIGKILL takes its busy sandbox processes with it (parent-death signal)', async () => {
    // The Debian image this course runs on has util-linux's setpriv; without it this guarantee is not given.
    expect(isolationWrappers()).toContain('setpriv');
    const submission = await buildHostileSubmission('endless-loop-call');
    made.push(submission);
    const workspace = path.join(await tempDir('lstm-lab-lifecycle-kill-'), 'ws');
    const grader = startDyingGrader(submission, workspace, 'wait');
    await grader.busy;
    expect(processesMentioning(workspace).length).toBeGreaterThan(0);
    grader.child.kill('SIGKILL');
    await grader.exited;
    expect(await waitUntil(() => processesMentioning(workspace).length === 0, 5000)).toBe(true);
  });

  it('keeps output per exercise folder, including output printed while loading, capped with a marker', async () => {
    const dir = await submissionWithCellState(
      "  console.log('in call', f.length);\n  process.stdout.write('raw write\\n');\n  return referenceCellState(f, cPrev, i, cTilde);",
      "console.log('loading cell state');",
    );
    const runner = await openSandbox({ submissionDir: dir, outputLimitBytes: 100 });
    try {
      const probe = HEALTH_PROBES['06-cell-state'];
      await runner.call('06-cell-state', probe.fn, probe.args());
      expect(runner.output('06-cell-state')).toBe('loading cell state\nin call 2\nraw write\n');
      expect(runner.output('03-forget-gate')).toBe('');
      await runner.callMany('06-cell-state', probe.fn, Array.from({ length: 20 }, () => probe.args()));
      const printed = runner.output('06-cell-state');
      expect(printed.endsWith('\n[output truncated]\n')).toBe(true);
      expect(Buffer.byteLength(printed.replace('\n[output truncated]\n', ''))).toBe(100);
    } finally {
      await runner.close();
    }
  });

  it('a batch holding a call that never ends is stopped in about one time limit, and the function is not called again', async () => {
    const dir = await submissionWithCellState('  if (f[0] < 0) while (true) {}\n  return referenceCellState(f, cPrev, i, cTilde);');
    const runner = await openSandbox({ submissionDir: dir, callTimeoutMs: 1000 });
    try {
      const good = HEALTH_PROBES['06-cell-state'].args;
      const bad = () => [Float64Array.from([-1, 0]), ...good().slice(1)];
      const first = await runner.call('06-cell-state', 'cellState', good());
      expect(first.ok).toBe(true);
      const started = performance.now();
      const batch = await runner.callMany('06-cell-state', 'cellState', [good(), good(), bad(), ...Array.from({ length: 200 }, good)]);
      // Bounded by about one time limit, not by one per call (that would be 203 s).
      expect(performance.now() - started).toBeLessThan(6 * 1000);
      expect(batch.every((outcome) => !outcome.ok && outcome.fault.kind === 'timeout')).toBe(true);
      const after = await runner.call('06-cell-state', 'cellState', good());
      expect(after.ok === false && after.fault.kind).toBe('timeout');
      // The other functions of the folder still run, in a fresh process.
      const backward = await runner.call('06-cell-state', 'cellStateBackward', [...good(), Float64Array.from([1, 1])]);
      expect(backward.ok).toBe(true);
    } finally {
      await runner.close();
    }
  });

  it('has no network: a socket reached through process.stderr cannot connect to a server of the grader', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const dir = await submissionWithCellState(
      '  return referenceCellState(f, cPrev, i, cTilde);',
      // process.stderr is a net.Socket when it is a pipe: a way around the module deny list.
      `const Socket = (process.stderr as any).constructor;\ntry { new Socket().on('error', () => undefined).connect(${port}, '127.0.0.1'); } catch { /* refused */ }`,
    );
    const runner = await openSandbox({ submissionDir: dir });
    try {
      const probe = HEALTH_PROBES['06-cell-state'];
      const outcome = await runner.call('06-cell-state', probe.fn, probe.args());
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect(outcome.value).toEqual(referenceCellState(probe.args()));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(connections).toBe(0);
    } finally {
      await runner.close();
      server.close();
    }
  });
});
