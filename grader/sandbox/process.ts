/**
 * One sandbox child process: how it is started (Node's permission model, an empty environment,
 * a network namespace and a parent-death signal where the system allows them), one request at a
 * time with a deadline, and a memory watch over its resident set (V8's heap limit does not cover
 * typed arrays, which live outside the heap).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { decodeFrame, encodeFrame, FrameError, FrameReader } from './child/framing';
import type { SandboxMessage, SandboxReply, SandboxRequest } from './protocol';

export interface ProcessSettings {
  /** Workspace root the child may read. */
  root: string;
  entryFile: string;
  memoryLimitMb: number;
  /** How long node may take to start and report ready. */
  startTimeoutMs: number;
}

/** How a request ended when no reply came. */
export type ProcessEnd =
  | { reason: 'timeout' }
  | { reason: 'out-of-memory'; rssMb: number }
  | { reason: 'crashed'; code: number | null; signal: string | null }
  /** The child wrote something that is not a reply frame (code there can write to any of its pipes). */
  | { reason: 'garbled' };

export type RequestResult = { ended: false; reply: SandboxReply } | ({ ended: true } & ProcessEnd);

type RequestBody = SandboxRequest extends infer R ? (R extends SandboxRequest ? Omit<R, 'id'> : never) : never;

const MEMORY_POLL_MS = 5;
const STDERR_TAIL_BYTES = 4096;

/** Every child still running, killed when the grader exits for whatever reason. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

/** The wrapper commands this system allows, probed once: [] when neither works. */
let wrapperCache: string[] | undefined;

export function isolationWrappers(): string[] {
  if (wrapperCache) return wrapperCache;
  const works = (command: string[]): boolean => {
    const probe = spawnSync(command[0], [...command.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
    return probe.status === 0;
  };
  const network = ['unshare', '--map-root-user', '--net', '--'];
  const parentDeath = ['setpriv', '--pdeathsig', 'KILL', '--'];
  wrapperCache = [...(works(network) ? network : []), ...(works(parentDeath) ? parentDeath : [])];
  return wrapperCache;
}

export function sandboxCommand(settings: ProcessSettings): { command: string; args: string[] } {
  const nodeArgs = [
    '--experimental-permission',
    `--allow-fs-read=${settings.root}/*`,
    `--max-old-space-size=${settings.memoryLimitMb}`,
    '--disable-warning=ExperimentalWarning',
    settings.entryFile,
  ];
  const wrappers = isolationWrappers();
  if (wrappers.length === 0) return { command: process.execPath, args: nodeArgs };
  return { command: wrappers[0], args: [...wrappers.slice(1), process.execPath, ...nodeArgs] };
}

export class SandboxProcess {
  readonly child: ChildProcess;
  /** Resolves when the child reported ready; rejects if it could not start. */
  readonly ready: Promise<void>;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: { id: number; finish: (result: RequestResult) => void } | undefined;
  private stderrTail = '';
  private exitInfo: { code: number | null; signal: string | null } | undefined;
  private killedFor: ProcessEnd | undefined;
  private readonly requests: Writable;
  /** Takes the first message (ready) while starting. */
  private onReady: ((message: SandboxMessage) => void) | undefined;

  constructor(private readonly settings: ProcessSettings) {
    installExitHook();
    const { command, args } = sandboxCommand(settings);
    this.child = spawn(command, args, {
      cwd: settings.root,
      // An empty environment: student code must not see tokens or paths of the grading machine.
      env: {},
      // Requests go in on stdin and replies come back on fd 3, as frames (see child/framing.ts).
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(this.child);
    this.requests = this.child.stdin as Writable;
    const replies = this.child.stdio[3] as Readable;
    const stderr = this.child.stderr as Readable;
    // A child that dies mid-write must not become an 'error' the grader does not handle.
    for (const stream of [this.requests, replies, stderr]) stream.on('error', () => undefined);
    stderr.setEncoding('utf8');
    stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    const reader = new FrameReader(settings.memoryLimitMb * 1024 * 1024 + 16 * 1024 * 1024);
    replies.on('data', (chunk: Buffer) => this.onReplyBytes(reader, chunk));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`openSandbox: the sandbox process did not start within ${settings.startTimeoutMs} ms`));
      }, settings.startTimeoutMs);
      this.onReady = (message: SandboxMessage) => {
        clearTimeout(timer);
        if (message?.type === 'ready') resolve();
        else reject(new Error('openSandbox: the sandbox process sent an unexpected first message'));
      };
      this.child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`openSandbox: the sandbox process ended while starting: ${this.stderrTail.trim().split('\n').slice(-3).join(' ') || 'no message'}`));
      });
      this.child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`openSandbox: the sandbox process could not be started: ${error.message}`));
      });
    });
    this.ready.catch(() => undefined);
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined && this.killedFor === undefined;
  }

  /** Sends one request and waits for its reply, the deadline, the memory limit or the process's end. */
  request(body: RequestBody, timeoutMs: number): Promise<RequestResult> {
    const run = this.queue.then(() => this.send(body, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(body: RequestBody, timeoutMs: number): Promise<RequestResult> {
    await this.ready;
    if (!this.alive) return this.endResult();
    const id = this.nextId++;
    return new Promise<RequestResult>((resolve) => {
      const timer = setTimeout(() => this.stop({ reason: 'timeout' }), timeoutMs);
      const memoryWatch = setInterval(() => this.checkMemory(), MEMORY_POLL_MS);
      this.pending = {
        id,
        finish: (result) => {
          clearTimeout(timer);
          clearInterval(memoryWatch);
          this.pending = undefined;
          resolve(result);
        },
      };
      const { floats, ...message } = { floats: new Float64Array(0), ...body, id };
      this.requests.write(encodeFrame(message, floats));
    });
  }

  private onReplyBytes(reader: FrameReader, chunk: Buffer): void {
    if (this.killedFor) return;
    let payloads: Uint8Array[];
    try {
      payloads = reader.push(chunk);
    } catch (error) {
      if (error instanceof FrameError) return this.stop({ reason: 'garbled' });
      throw error;
    }
    for (const payload of payloads) {
      let message: SandboxMessage;
      try {
        const decoded = decodeFrame(payload);
        message = decoded.message as SandboxMessage;
        if (message !== null && typeof message === 'object' && message.type === 'reply') message.floats = decoded.floats;
      } catch (error) {
        if (error instanceof FrameError) return this.stop({ reason: 'garbled' });
        throw error;
      }
      if (this.onReady) {
        const ready = this.onReady;
        this.onReady = undefined;
        ready(message);
        continue;
      }
      this.onMessage(message);
    }
  }

  private onMessage(message: SandboxMessage): void {
    // Only a well-formed reply to the request in flight counts; anything else is ignored.
    if (!this.pending || typeof message !== 'object' || message === null || message.type !== 'reply') return;
    if (message.id !== this.pending.id || !Array.isArray(message.outcomes) || typeof message.output !== 'string') return;
    this.pending.finish({ ended: false, reply: message });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitInfo = { code, signal };
    liveChildren.delete(this.child);
    if (this.pending) this.pending.finish(this.endResult());
  }

  private endResult(): RequestResult {
    if (this.killedFor) return { ended: true, ...this.killedFor };
    const { code, signal } = this.exitInfo ?? { code: null, signal: null };
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      return { ended: true, reason: 'out-of-memory', rssMb: this.settings.memoryLimitMb };
    }
    return { ended: true, reason: 'crashed', code, signal };
  }

  private checkMemory(): void {
    const rssMb = residentMb(this.child.pid);
    if (rssMb !== undefined && rssMb > this.settings.memoryLimitMb) this.stop({ reason: 'out-of-memory', rssMb });
  }

  /** Kills the child for a reason the grader decided (time or memory) and answers the request in flight. */
  private stop(end: ProcessEnd): void {
    if (!this.killedFor) this.killedFor = end;
    this.kill();
    if (this.pending) this.pending.finish(this.endResult());
  }

  /** Kills the child now (SIGKILL: student code cannot delay it). */
  kill(): void {
    if (this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
    this.killedFor ??= { reason: 'crashed', code: null, signal: 'SIGKILL' };
  }

  /** Resolves once the child has exited. */
  exited(): Promise<void> {
    if (this.exitInfo !== undefined || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}

/** The resident set of a process in MB, from /proc (Linux); undefined where that is unavailable. */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
