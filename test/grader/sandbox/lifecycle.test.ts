/**
 * Processes come and go as they should: closing stops all of them, a grader that dies takes its
 * sandbox processes with it, output is kept per exercise and capped (console and raw descriptor
 * writes alike), batches with a call that never ends are bounded, the sandbox has no network,
 * and its processes run unprivileged, limited, and stopped while other exercises are graded.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolation, threadCount } from '../../../grader/sandbox/process';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import { buildHostileSubmission, SOLUTIONS_DIR } from '../../fixtures/hostile-cases';
import { HEALTH_PROBES, processesMentioning, referenceCellState } from '../../helpers/sandbox';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => fsp.rm(dir, { recursive: true, force: true })));
});

/** A temporary folder the sandbox user may enter (workspaces go inside some of them). */
async function tempDir(prefix: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  await fsp.chmod(dir, 0o755);
  made.push(dir);
  return dir;
}

/** A field of /proc/<pid>/status, e.g. "Uid" or "State". */
function procStatus(pid: number, field: string): string {
  return new RegExp(`^${field}:\\s+(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
}

/** The process group of a pid (field 5 of /proc/<pid>/stat, after the command in parentheses). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** The sandbox process a folder's call just ran in: the newest non-spare process of the workspace. */
function busyProcesses(workspace: string): number[] {
  return processesMentioning(workspace).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('entry.js'));
}

async function submissionWithCellState(body: string, topLevel = ''): Promise<string> {
  const dir = await tempDir('lstm-lab-lifecycle-');
  await fsp.cp(SOLUTIONS_DIR, dir, { recursive: true });
  const file = path.join(dir, '06-cell-state', 'cell-state.ts');
  const original = (await fsp.readFile(file, 'utf8')).replace('export function cellState(', 'function referenceCellState(');
  await fsp.writeFile(
    file,
    `${original}\n${topLevel}\nexport function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {\n${body}\n}\n`,
  );
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
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, '..', '..', 'fixtures', 'sandbox', 'grader-that-dies.ts'),
      submission,
      workspace,
      mode,
    ],
    {
      cwd: path.resolve(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
    expect(isolation().parentDeath).toBe(true);
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
      await runner.callMany(
        '06-cell-state',
        probe.fn,
        Array.from({ length: 20 }, () => probe.args()),
      );
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

  it('a batch of healthy calls that takes several time limits in all runs to its end: progress between calls keeps the watchdog quiet', async () => {
    // Each call spins 20 ms: 60 of them take 1.2 s, twice the silence allowed (300 + 200 ms).
    const dir = await submissionWithCellState(
      '  const until = performance.now() + 20;\n  while (performance.now() < until) {}\n  return referenceCellState(f, cPrev, i, cTilde);',
    );
    const runner = await openSandbox({ submissionDir: dir, callTimeoutMs: 300 });
    try {
      const args = HEALTH_PROBES['06-cell-state'].args;
      const batch = await runner.callMany('06-cell-state', 'cellState', Array.from({ length: 60 }, args));
      expect(batch.map((outcome) => outcome.ok)).toEqual(Array.from({ length: 60 }, () => true));
    } finally {
      await runner.close();
    }
  });

  it('an endless call late in a long batch is stopped about one time limit after it starts, not one per call of the batch', async () => {
    const dir = await submissionWithCellState(
      '  const until = performance.now() + 10;\n  while (performance.now() < until) {}\n  if (f[0] < 0) while (true) {}\n  return referenceCellState(f, cPrev, i, cTilde);',
    );
    const runner = await openSandbox({ submissionDir: dir, callTimeoutMs: 1000 });
    try {
      const good = HEALTH_PROBES['06-cell-state'].args;
      const bad = () => [Float64Array.from([-1, 0]), ...good().slice(1)];
      const started = performance.now();
      const batch = await runner.callMany('06-cell-state', 'cellState', [
        ...Array.from({ length: 100 }, good),
        bad(),
        ...Array.from({ length: 100 }, good),
      ]);
      // 100 calls of 10 ms, then one time limit and a little; a deadline for the whole batch would be 201 s.
      expect(performance.now() - started).toBeLessThan(10 * 1000);
      // The process is stopped with the batch's answers in it: the function ends in a timeout, as one endless call makes it.
      expect(batch.every((outcome) => !outcome.ok && outcome.fault.kind === 'timeout')).toBe(true);
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

  it('runs each process as nobody with no new privileges, in a group of its own, with CPU, core and output limits and few threads', async () => {
    // CI runs as root on a fresh machine like this one: every wrapper is there, and the sandbox user is nobody.
    expect(process.getuid?.()).toBe(0);
    expect(isolation()).toEqual({ network: true, limits: true, unprivilegedUser: true, parentDeath: true });
    const dir = await submissionWithCellState(
      [
        "  const os = require('os');",
        '  let reniced = 1;',
        '  try { os.setPriority(process.ppid, 19); } catch { reniced = 0; }',
        '  // Enlarging the thread pool now is too late: it started before any student code.',
        "  process.env.UV_THREADPOOL_SIZE = '64';",
        "  for (let k = 0; k < 16; k++) require('crypto').pbkdf2('x', 'y', 1, 8, 'sha1', () => undefined);",
        '  return Float64Array.of(reniced);',
      ].join('\n'),
    );
    const workspaceDir = await tempDir('lstm-lab-lifecycle-limits-');
    const niceBefore = os.getPriority(process.pid);
    const runner = await openSandbox({ submissionDir: dir, workspaceDir });
    try {
      const probe = HEALTH_PROBES['06-cell-state'];
      const outcome = await runner.call('06-cell-state', probe.fn, probe.args());
      // os.setPriority is no module the guard stops: only the operating system refuses it (nobody may not renice root).
      expect(outcome.ok && Array.from(outcome.value as Float64Array)).toEqual([0]);
      expect(os.getPriority(process.pid)).toBe(niceBefore);
      const pids = busyProcesses(workspaceDir);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      for (const pid of pids) {
        expect(procStatus(pid, 'Uid').split(/\s+/)).toEqual(['65534', '65534', '65534', '65534']);
        expect(procStatus(pid, 'NoNewPrivs')).toBe('1');
        expect(processGroup(pid)).toBe(pid);
        const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
        expect(limits).toMatch(/Max cpu time\s+600\s+601\s+seconds/);
        expect(limits).toMatch(/Max core file size\s+0\s+0\s+bytes/);
        expect(limits).toMatch(/Max file size\s+1048576\s+1048576\s+bytes/);
        // Main thread, libuv's pool of one, V8's pool of two and Node's delayed-task runner (5 measured).
        expect(threadCount(pid)).toBeLessThanOrEqual(6);
      }
      // mkdtemp makes a folder only its owner may enter.
      const privateFolder = await fsp.mkdtemp(path.join(os.tmpdir(), 'lstm-lab-private-'));
      made.push(privateFolder);
      await expect(openSandbox({ submissionDir: dir, workspaceDir: path.join(privateFolder, 'ws') })).rejects.toThrow(
        /openSandbox: the sandbox runs as the user nobody, which cannot reach the workspace/,
      );
    } finally {
      await runner.close();
    }
  });

  it('stops the idle processes of other folders while one folder runs, and resumes them when called again', async () => {
    const dir = await tempDir('lstm-lab-lifecycle-pause-');
    await fsp.cp(SOLUTIONS_DIR, dir, { recursive: true });
    const forgetFile = path.join(dir, '03-forget-gate', 'forget-gate.ts');
    await fsp.appendFile(forgetFile, '\nconsole.log(`pid ${process.pid}`);\n');
    const runner = await openSandbox({ submissionDir: dir });
    try {
      const forget = HEALTH_PROBES['03-forget-gate'];
      const cell = HEALTH_PROBES['06-cell-state'];
      expect((await runner.call('03-forget-gate', forget.fn, forget.args())).ok).toBe(true);
      const forgetPid = Number(/pid (\d+)/.exec(runner.output('03-forget-gate'))?.[1]);
      expect(procStatus(forgetPid, 'State')).toMatch(/^[SR]/);
      expect((await runner.call('06-cell-state', cell.fn, cell.args())).ok).toBe(true);
      expect(procStatus(forgetPid, 'State')).toMatch(/^T/);
      expect((await runner.call('03-forget-gate', forget.fn, forget.args())).ok).toBe(true);
      expect(procStatus(forgetPid, 'State')).toMatch(/^[SR]/);
    } finally {
      await runner.close();
    }
  });

  it('counts bytes written straight to descriptors 1 and 2 with console output, keeps them after endExercise, and cuts a flood', async () => {
    const dir = await submissionWithCellState(
      "  console.log('console');\n  require('fs').writeSync(1, 'fd one\\n');\n  require('fs').writeSync(2, 'fd two\\n');\n  return referenceCellState(f, cPrev, i, cTilde);",
    );
    const runner = await openSandbox({ submissionDir: dir, outputLimitBytes: 200 });
    try {
      const probe = HEALTH_PROBES['06-cell-state'];
      expect((await runner.call('06-cell-state', probe.fn, probe.args())).ok).toBe(true);
      expect(runner.output('06-cell-state')).toBe('console\nfd one\nfd two\n');
      await runner.endExercise('06-cell-state');
      expect(runner.output('06-cell-state')).toBe('console\nfd one\nfd two\n');
      await runner.callMany(
        '06-cell-state',
        probe.fn,
        Array.from({ length: 30 }, () => probe.args()),
      );
      const printed = runner.output('06-cell-state');
      expect(printed.endsWith('\n[output truncated]\n')).toBe(true);
      expect(Buffer.byteLength(printed.replace('\n[output truncated]\n', ''))).toBeLessThanOrEqual(200);
    } finally {
      await runner.close();
    }
  });

  it('bounds what a process can write straight to its descriptors: past the file-size limit its writes fail', async () => {
    const dir = await submissionWithCellState(
      "  const chunk = 'x'.repeat(65536);\n  let failed = 0;\n  for (let k = 0; k < 64; k++) { try { require('fs').writeSync(2, chunk); } catch { failed++; } }\n  return Float64Array.of(failed);",
    );
    const runner = await openSandbox({ submissionDir: dir, outputLimitBytes: 100 });
    try {
      const probe = HEALTH_PROBES['06-cell-state'];
      const outcome = await runner.call('06-cell-state', probe.fn, probe.args());
      // 1 MiB = 16 chunks get through; the other 48 writes fail (EFBIG).
      expect(outcome.ok && Array.from(outcome.value as Float64Array)).toEqual([48]);
      expect(runner.output('06-cell-state')).toMatch(/^x{100}\n\[output truncated\]\n$/);
    } finally {
      await runner.close();
    }
  });
});
