/**
 * Every hostile submission through the sandbox Runner: the right fault with a clear message,
 * the other exercises unharmed, nothing written, no process left, time bounded, and no control
 * character (escape sequence, lone surrogate) in any message or output that leaves the Runner.
 */
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSandbox } from '../../../grader/sandbox/sandbox';
import type { CallOutcome, Runner } from '../../../grader/sandbox/types';
import { CANARY_PATH, HOSTILE_CASES, buildHostileSubmission, calledFolder, type HostileCase } from '../../fixtures/hostile-cases';
import { HEALTH_PROBES, processesMentioning, referenceCellState } from '../../helpers/sandbox';
import { threadCount } from '../../../grader/sandbox/process';

/** What a terminal would act on, or a strict JSON parser reject: never in text a Runner hands out. */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const CALL_TIMEOUT_MS = 1000;
const LOAD_TIMEOUT_MS = 2000;
const OUTPUT_LIMIT = 4096;

const built: string[] = [];
const workspaces = new WeakMap<Runner, string>();

/** User and system CPU time of a process so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function workspaceOf(runner: Runner): string {
  return workspaces.get(runner) as string;
}
afterAll(async () => {
  await Promise.all(built.map((dir) => fsp.rm(dir, { recursive: true, force: true })));
});

/** Case-specific checks of a call that must succeed (its value is for the checks to judge). */
const OK_CHECKS: Record<string, (runner: Runner, outcome: CallOutcome & { ok: true }, hostile: HostileCase) => Promise<void>> = {
  'returns-nan': async (_r, outcome) => expect(Array.from(outcome.value as Float64Array).every(Number.isNaN)).toBe(true),
  'returns-infinity': async (_r, outcome) => expect(Array.from(outcome.value as Float64Array)).toEqual([Infinity, -Infinity]),
  'wrong-length': async (_r, outcome) => expect((outcome.value as Float64Array).length).toBe(7),
  'console-flood': async (runner, outcome, hostile) => {
    expect(outcome.value).toEqual(referenceCellState(hostile.args()));
    const printed = runner.output(hostile.folder);
    expect(printed.startsWith('spam spam spam 0\n')).toBe(true);
    expect(printed.endsWith('[output truncated]\n')).toBe(true);
    expect(Buffer.byteLength(printed)).toBeLessThanOrEqual(OUTPUT_LIMIT + 40);
  },
  'changing-getter': async (_r, outcome) => {
    const value = outcome.value as { reads: number };
    expect(value.reads).toBe(1);
    expect(value.reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(value, 'reads')?.get).toBeUndefined();
  },
  'right-first-calls-only': async (runner, outcome, hostile) => {
    const expected = Array.from(referenceCellState(hostile.args()));
    expect(Array.from(outcome.value as Float64Array)).toEqual(expected);
    const later = await runner.callMany(
      hostile.folder,
      hostile.fn,
      [1, 2, 3, 4].map(() => hostile.args()),
    );
    expect(later.map((o) => o.ok && Array.from(o.value as Float64Array))).toEqual([expected, expected, [0, 0], [0, 0]]);
  },
  'deep-nesting-unused-helper': async (_r, outcome, hostile) => {
    expect(outcome.value).toEqual(referenceCellState(hostile.args()));
  },
  'renice-threadpool': async (runner, outcome, hostile) => {
    const nice = os.getPriority(process.pid);
    const later = await runner.callMany(
      hostile.folder,
      hostile.fn,
      Array.from({ length: 20 }, () => hostile.args()),
    );
    expect(later.every((o) => o.ok)).toBe(true);
    expect(outcome.value).toEqual(referenceCellState(hostile.args()));
    // Past the sabotage's delay: nothing of the student's code runs between requests.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const pids = processesMentioning(workspaceOf(runner));
    const before = pids.map(cpuTicks);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    pids.forEach((pid, k) => expect(cpuTicks(pid) - before[k], `CPU ticks of ${pid}`).toBeLessThanOrEqual(5));
    // The grader was not reniced, and the pool did not grow past its one thread.
    expect(os.getPriority(process.pid)).toBe(nice);
    for (const pid of pids) expect(threadCount(pid)).toBeLessThanOrEqual(6);
  },
  'fd-write-flood': async (runner, outcome, hostile) => {
    expect(outcome.value).toEqual(referenceCellState(hostile.args()));
    const printed = runner.output(hostile.folder);
    expect(printed.endsWith('[output truncated]\n')).toBe(true);
    expect(Buffer.byteLength(printed)).toBeLessThanOrEqual(OUTPUT_LIMIT + 40);
  },
  'changes-arguments': async (_r, outcome, hostile) => {
    const args = hostile.args();
    expect(outcome.value).toEqual(referenceCellState(args));
    expect(Array.from(outcome.argsAfter[0] as Float64Array)).toEqual([0, 0]);
    expect(outcome.argsAfter.slice(1)).toEqual(args.slice(1));
  },
};

describe('hostile submissions through the sandbox', () => {
  it('covers every case with a check', () => {
    for (const hostile of HOSTILE_CASES) {
      if (hostile.expect === 'ok') expect(OK_CHECKS[hostile.name], hostile.name).toBeDefined();
      else expect(hostile.message, hostile.name).toBeInstanceOf(RegExp);
    }
  });

  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.name}: ${hostile.description}`, async () => {
      await fsp.rm(CANARY_PATH, { force: true });
      const dir = await buildHostileSubmission(hostile.name);
      built.push(dir);
      const workspaceDir = await fsp.mkdtemp(path.join(os.tmpdir(), `lstm-lab-test-ws-${hostile.name}-`));
      const started = performance.now();
      const runner = await openSandbox({
        submissionDir: dir,
        workspaceDir,
        callTimeoutMs: CALL_TIMEOUT_MS,
        loadTimeoutMs: LOAD_TIMEOUT_MS,
        outputLimitBytes: OUTPUT_LIMIT,
        ...hostile.sandboxOptions,
      });
      workspaces.set(runner, workspaceDir);
      try {
        const folder = calledFolder(hostile);
        const outcome = await runner.call(folder, hostile.fn, hostile.args());
        if (hostile.expect === 'ok') {
          expect(outcome.ok, JSON.stringify(!outcome.ok && outcome.fault)).toBe(true);
          await OK_CHECKS[hostile.name](runner, outcome as CallOutcome & { ok: true }, hostile);
        } else {
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.fault.kind, outcome.fault.message).toBe(hostile.expect);
          expect(outcome.fault.message).toMatch(hostile.message as RegExp);
          // One sentence naming the function or the file, with no grader internals in it.
          expect(outcome.fault.message).toMatch(new RegExp(`${hostile.fn}|${hostile.folder}`));
          expect(outcome.fault.message).not.toMatch(/grader\/sandbox|entry\.js|lstm-lab-test-ws|\n {4}at /);
          expect(outcome.fault.message.split('\n')).toHaveLength(1);
          expect(outcome.fault.message).not.toMatch(CONTROL);
          expect(outcome.fault.file ?? '').not.toMatch(CONTROL);
          expect(outcome.fault.message.length).toBeLessThan(600);
          if (outcome.fault.file !== undefined) expect(outcome.fault.file).toMatch(/^\d\d-[a-z-]+\/[a-z-]+\.ts$/);
          if (hostile.sameFaultAgain === false) {
            // Later calls need not fail the same way, but they come back as well-formed outcomes.
            const later = await runner.callMany(
              folder,
              hostile.fn,
              Array.from({ length: 5 }, () => hostile.args()),
            );
            for (const o of later) {
              if (o.ok) expect(o.value).toEqual(referenceCellState(hostile.args()));
              else expect(o.fault.message).toMatch(new RegExp(`^${hostile.fn} `));
            }
          } else {
            // Asked again, the same fault comes back at once (a timeout is not waited for twice).
            const againStarted = performance.now();
            const again = await runner.call(folder, hostile.fn, hostile.args());
            expect(again.ok).toBe(false);
            if (!again.ok) expect(again.fault.kind).toBe(outcome.fault.kind);
            if (
              ['timeout', 'crashed', 'out-of-memory', 'load-error', 'missing-export'].includes(hostile.expect) &&
              hostile.name !== 'stack-overflow'
            ) {
              expect(performance.now() - againStarted).toBeLessThan(500);
            }
            // A batch meets the same fault on every call, and stays bounded in time.
            const batchStarted = performance.now();
            const batch = await runner.callMany(
              folder,
              hostile.fn,
              Array.from({ length: 50 }, () => hostile.args()),
            );
            expect(new Set(batch.map((o) => (o.ok ? 'ok' : o.fault.kind)))).toEqual(new Set([outcome.fault.kind]));
            expect(performance.now() - batchStarted).toBeLessThan(15_000);
          }
        }
        expect(runner.output(hostile.folder)).not.toMatch(CONTROL);
        // Another exercise that does not import the hostile one still gives the reference's answer.
        const probe = HEALTH_PROBES[hostile.healthyFolder];
        const healthy = await runner.call(hostile.healthyFolder, probe.fn, probe.args());
        expect(healthy.ok, JSON.stringify(!healthy.ok && healthy.fault)).toBe(true);
        if (healthy.ok) expect(Array.from(healthy.value as Float64Array)).toEqual(Array.from(probe.expected()));
      } finally {
        await runner.close();
      }
      expect(existsSync(CANARY_PATH)).toBe(false);
      expect(processesMentioning(workspaceDir)).toEqual([]);
      expect(existsSync(workspaceDir)).toBe(false);
      const limit = hostile.sandboxOptions?.callTimeoutMs ?? CALL_TIMEOUT_MS;
      expect(performance.now() - started).toBeLessThan(limit + 25_000);
    });
  }
});
