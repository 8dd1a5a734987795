/**
 * One sandbox child process: how it is started, one request at a time with a deadline, a memory
 * watch over its resident set (V8's heap limit does not cover typed arrays), and its output.
 *
 * Started through the wrappers this system allows (each probed once):
 *
 *   unshare --net                       no network (an empty network namespace)
 *   prlimit --cpu --core=0 --fsize      a CPU-time limit, no core files, bounded output
 *   setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --pdeathsig KILL
 *                                       as the unprivileged user nobody when the grader is root
 *                                       (so it can neither renice nor signal the grader), and
 *                                       killed when the grader dies
 *   node --experimental-permission --allow-fs-read=<workspace>/* --v8-pool-size=2 entry.js
 *
 * in a process group of its own, with an environment that holds only UV_THREADPOOL_SIZE=1 (the
 * entry starts that pool before any student code, so it cannot grow).
 *
 * Its descriptors 1 and 2 go to an unlinked file the grader reads: bytes written straight to
 * them (fs.writeSync(2, …)) are counted like console output, exactly (the file is complete when
 * the reply arrives), and never buffered by the grader beyond the output limit; the file-size
 * limit bounds the disk (past it, writes fail with EFBIG). Requests go in on stdin; replies come back on descriptor 3 as frames
 * whose size is checked before any byte is kept, and each reply is checked field by field
 * against the request in flight (reply.ts); in a long batch of calls, progress frames between
 * calls keep its watchdog from firing. Anything else on that pipe stops the process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { decodeFrame, encodeFrame, FrameError, FrameReader } from './child/framing';
import { MAX_REQUEST_FLOAT_BYTES, maxPayloadBytes } from './child/limits';
import type { SandboxReply, SandboxRequest } from './protocol';
import { GarbledReplyError, isProgressMessage, isReadyMessage, readProgress, readReply, type ReplyExpectation } from './reply';

export interface ProcessSettings {
  /** Workspace root the child may read. */
  root: string;
  entryFile: string;
  memoryLimitMb: number;
  /** CPU seconds the process may use in its whole life. */
  cpuLimitSeconds: number;
  /** Largest value in a reply, in bytes: sizes the largest reply frame accepted. */
  maxResultBytes: number;
  /** Largest output file (descriptors 1 and 2): past it the kernel fails the process's writes (Node ignores SIGXFSZ). */
  outputFileLimitBytes: number;
  /** How long node may take to start and report ready. */
  startTimeoutMs: number;
}

/** How a request ended when no reply came. */
export type ProcessEnd =
  | { reason: 'timeout' }
  | { reason: 'out-of-memory'; rssMb: number }
  | { reason: 'crashed'; code: number | null; signal: string | null }
  /** The child wrote something that is not the reply to the request in flight (code there can write to any of its pipes). */
  | { reason: 'garbled'; detail: string };

export type RequestResult = { ended: false; reply: SandboxReply } | ({ ended: true } & ProcessEnd);

/** How long a request may take. */
export interface RequestLimits {
  /** The whole request, from sending it to its reply. */
  deadlineMs: number;
  /** Calls in the request (1 for loads and tasks): the reply may answer no more. */
  calls?: number;
  /**
   * Longest wait for a sign of life: the reply or a progress frame (batches of calls send one
   * between calls now and then). A call stuck in an endless loop is stopped this long after the
   * last sign, however long the batch. Undefined: only the deadline counts.
   */
  silenceMs?: number;
}

type RequestBody = SandboxRequest extends infer R ? (R extends SandboxRequest ? Omit<R, 'id'> : never) : never;

const MEMORY_POLL_MS = 5;
const STATM_BUFFER = Buffer.alloc(256);
let pageBytesCache: number | undefined;

/** The size of a memory page, which /proc/<pid>/statm counts in (4096 unless getconf says otherwise). */
function pageBytes(): number {
  if (pageBytesCache === undefined) {
    const answer = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8', timeout: 5000 }).stdout);
    pageBytesCache = Number.isInteger(answer) && answer > 0 ? answer : 4096;
  }
  return pageBytesCache;
}
const STDERR_TAIL_BYTES = 4096;
/** The sandbox user when the grader runs as root: the kernel's overflow user, nobody. */
const SANDBOX_UID = 65534;
const SANDBOX_GID = 65534;
/** libuv and V8 worker threads per sandbox process: enough for the entry, too few to load the machine. */
const UV_THREADPOOL_SIZE = 1;
const V8_POOL_SIZE = 2;

/** Every child still running, killed when the grader exits for whatever reason. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) killGroup(child, 'SIGKILL');
  });
}

/** Signals the child's whole process group (it leads one: spawned detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

export interface Isolation {
  /** `unshare --net`: no network. */
  network: boolean;
  /** `prlimit`: CPU time, core files and output size limited. */
  limits: boolean;
  /** `setpriv --reuid`: runs as the unprivileged user nobody (only when the grader is root). */
  unprivilegedUser: boolean;
  /** `setpriv --pdeathsig KILL`: killed when the grader dies, even by SIGKILL. */
  parentDeath: boolean;
}

let isolationCache: Isolation | undefined;

/** What this system allows, probed once per grader process. */
export function isolation(): Isolation {
  if (isolationCache) return isolationCache;
  const works = (command: string[]): boolean => {
    const probe = spawnSync(command[0], [...command.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
    return probe.status === 0;
  };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  isolationCache = {
    network: works(networkWrapper(root)),
    limits: works(['prlimit', '--cpu=1:2', '--core=0', '--fsize=1048576', '--']),
    unprivilegedUser:
      root && works(['setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_GID}`, '--clear-groups', '--no-new-privs', '--']),
    parentDeath: works(['setpriv', '--pdeathsig', 'KILL', '--']),
  };
  return isolationCache;
}

/** As root a network namespace needs no user namespace; otherwise one maps the user to root inside it. */
function networkWrapper(root: boolean): string[] {
  return root ? ['unshare', '--net', '--'] : ['unshare', '--map-root-user', '--net', '--'];
}

export function sandboxCommand(settings: ProcessSettings): { command: string; args: string[] } {
  const allowed = isolation();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const wrappers: string[] = [];
  if (allowed.network) wrappers.push(...networkWrapper(root));
  if (allowed.limits) {
    // SIGXCPU at the soft limit, SIGKILL a second later; no core file from process.abort.
    wrappers.push(
      'prlimit',
      `--cpu=${settings.cpuLimitSeconds}:${settings.cpuLimitSeconds + 1}`,
      '--core=0',
      `--fsize=${settings.outputFileLimitBytes}`,
      '--',
    );
  }
  if (allowed.unprivilegedUser || allowed.parentDeath) {
    wrappers.push('setpriv');
    if (allowed.unprivilegedUser) wrappers.push(`--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_GID}`, '--clear-groups', '--no-new-privs');
    // setpriv sets the parent-death signal after changing the user, which would otherwise clear it.
    if (allowed.parentDeath) wrappers.push('--pdeathsig', 'KILL');
    wrappers.push('--');
  }
  const nodeArgs = [
    '--experimental-permission',
    `--allow-fs-read=${settings.root}/*`,
    `--max-old-space-size=${settings.memoryLimitMb}`,
    `--v8-pool-size=${V8_POOL_SIZE}`,
    '--disable-warning=ExperimentalWarning',
    settings.entryFile,
  ];
  if (wrappers.length === 0) return { command: process.execPath, args: nodeArgs };
  return { command: wrappers[0], args: [...wrappers.slice(1), process.execPath, ...nodeArgs] };
}

/**
 * Refuses a workspace the sandbox user could not read: every folder above it must be searchable
 * by other users (a private temporary folder of the grader is not).
 */
export function checkWorkspaceReachable(root: string): void {
  if (!isolation().unprivilegedUser) return;
  for (let folder = path.dirname(root); ; folder = path.dirname(folder)) {
    const mode = modeOf(folder);
    if (mode !== undefined && (mode & 0o001) === 0) {
      throw new Error(
        `openSandbox: the sandbox runs as the user nobody, which cannot reach the workspace ${root}: ` +
          `${folder} is not searchable by other users (give another workspaceDir, or a TMPDIR others can enter)`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

function modeOf(folder: string): number | undefined {
  try {
    return statSync(folder).mode;
  } catch {
    return undefined;
  }
}

/** The file behind a sandbox process's descriptors 1 and 2: already unlinked, read by position. */
export class OutputFile {
  private closed = false;

  private constructor(readonly fd: number) {}

  static open(): OutputFile {
    const file = path.join(os.tmpdir(), `lstm-lab-output-${process.pid}-${randomInt(2 ** 40)}`);
    // O_APPEND: writes to descriptors 1 and 2 never overwrite each other.
    const fd = openSync(file, 'a+', 0o600);
    unlinkSync(file);
    return new OutputFile(fd);
  }

  /** Bytes written so far. */
  size(): number {
    return this.closed ? 0 : fstatSync(this.fd).size;
  }

  /** Up to `count` bytes from `start`. */
  read(start: number, count: number): Buffer {
    if (this.closed || count <= 0) return Buffer.alloc(0);
    const buffer = Buffer.alloc(count);
    const got = readSync(this.fd, buffer, 0, count, start);
    return buffer.subarray(0, got);
  }

  /** The last `count` bytes. */
  tail(count: number): Buffer {
    const size = this.size();
    return this.read(Math.max(0, size - count), Math.min(count, size));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export class SandboxProcess {
  readonly child: ChildProcess;
  /** What the process wrote to its descriptors 1 and 2; the Sandbox closes it. */
  readonly output: OutputFile;
  /** Resolves when the child reported ready; rejects if it could not start. */
  readonly ready: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private pending:
    | {
        expected: ReplyExpectation;
        /** Calls the last progress frame counted. */
        answered: number;
        /** A progress frame came: the watchdog starts again. */
        heard: () => void;
        finish: (result: RequestResult) => void;
      }
    | undefined;
  private exitInfo: { code: number | null; signal: string | null } | undefined;
  private killedFor: ProcessEnd | undefined;
  private paused = false;
  /** Descriptor of /proc/<pid>/statm, opened at the first memory check. */
  private statm: number | undefined;
  private readonly requests: Writable;
  /** Takes the first message (ready) while starting. */
  private onReady: ((message: unknown) => void) | undefined;

  constructor(private readonly settings: ProcessSettings) {
    installExitHook();
    const { command, args } = sandboxCommand(settings);
    this.output = OutputFile.open();
    this.child = spawn(command, args, {
      cwd: settings.root,
      // No tokens or paths of the grading machine; only the thread-pool size.
      env: { UV_THREADPOOL_SIZE: String(UV_THREADPOOL_SIZE) },
      stdio: ['pipe', this.output.fd, this.output.fd, 'pipe'],
      // A process group of its own: the grader signals the group.
      detached: true,
    });
    liveChildren.add(this.child);
    this.requests = this.child.stdin as Writable;
    const replies = this.child.stdio[3] as Readable;
    // A child that dies mid-write must not become an 'error' the grader does not handle.
    for (const stream of [this.requests, replies]) stream.on('error', () => undefined);
    const reader = new FrameReader(maxPayloadBytes(settings.maxResultBytes));
    replies.on('data', (chunk: Buffer) => this.onReplyBytes(reader, chunk));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`openSandbox: the sandbox process did not start within ${settings.startTimeoutMs} ms`));
      }, settings.startTimeoutMs);
      this.onReady = (message: unknown) => {
        clearTimeout(timer);
        if (isReadyMessage(message)) resolve();
        else reject(new Error('openSandbox: the sandbox process sent an unexpected first message'));
      };
      this.child.once('exit', () => {
        clearTimeout(timer);
        const said = this.output.tail(STDERR_TAIL_BYTES).toString('utf8').trim().split('\n').slice(-3).join(' ');
        reject(new Error(`openSandbox: the sandbox process ended while starting: ${said || 'no message'}`));
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

  /** No request waiting or in flight. */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  /** Sends one request and waits for its reply, a time limit, the memory limit or the process's end. */
  request(body: RequestBody, limits: RequestLimits): Promise<RequestResult> {
    this.inFlight++;
    const run = this.queue
      .then(() => this.send(body, limits))
      .finally(() => {
        this.inFlight--;
      });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the process (SIGSTOP to its group) while another exercise is graded: nothing of it runs. */
  pause(): void {
    if (this.paused || !this.alive || this.pid === undefined) return;
    this.paused = true;
    killGroup(this.child, 'SIGSTOP');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.alive) killGroup(this.child, 'SIGCONT');
  }

  private async send(body: RequestBody, { deadlineMs, calls = 1, silenceMs }: RequestLimits): Promise<RequestResult> {
    await this.ready;
    if (!this.alive) return this.endResult();
    this.resume();
    // Random: a frame forged by student code cannot answer a request it has not seen.
    const id = randomInt(1, 2 ** 47);
    const { floats, ...message } = { floats: new Float64Array(0), ...body, id };
    if (floats.byteLength > MAX_REQUEST_FLOAT_BYTES) {
      throw new RangeError(
        `SandboxProcess.request: the arguments hold ${floats.byteLength} bytes of numbers, more than the ${MAX_REQUEST_FLOAT_BYTES} a request may carry`,
      );
    }
    const frame = encodeFrame(message, floats);
    return new Promise<RequestResult>((resolve) => {
      const deadline = timeLimit(deadlineMs, () => this.stop({ reason: 'timeout' }));
      const watchdog = silenceMs === undefined ? undefined : timeLimit(silenceMs, () => this.stop({ reason: 'timeout' }));
      const memoryWatch = setInterval(() => this.checkMemory(), MEMORY_POLL_MS);
      this.pending = {
        expected: { id, type: body.type, calls, outputBudget: body.outputBudget, parts: body.type === 'call' && body.parts !== null },
        answered: 0,
        heard: () => watchdog?.restart(),
        finish: (result) => {
          deadline.cancel();
          watchdog?.cancel();
          clearInterval(memoryWatch);
          this.pending = undefined;
          resolve(result);
        },
      };
      this.requests.write(frame);
    });
  }

  private onReplyBytes(reader: FrameReader, chunk: Buffer): void {
    if (this.killedFor) return;
    let payloads: Uint8Array[];
    try {
      payloads = reader.push(chunk);
    } catch (error) {
      if (error instanceof FrameError) return this.stop({ reason: 'garbled', detail: error.message });
      throw error;
    }
    for (const payload of payloads) {
      let message: unknown;
      let floats: Float64Array;
      try {
        ({ message, floats } = decodeFrame(payload));
      } catch (error) {
        if (error instanceof FrameError) return this.stop({ reason: 'garbled', detail: error.message });
        throw error;
      }
      if (this.onReady) {
        const ready = this.onReady;
        this.onReady = undefined;
        ready(message);
        continue;
      }
      // Only the reply to the request in flight is accepted; a frame at any other time is forged.
      if (!this.pending) return this.stop({ reason: 'garbled', detail: 'a frame while no request was in flight' });
      if (isProgressMessage(message)) {
        try {
          this.pending.answered = readProgress(message, floats, this.pending.expected, this.pending.answered);
        } catch (error) {
          if (error instanceof GarbledReplyError) return this.stop({ reason: 'garbled', detail: error.message });
          throw error;
        }
        this.pending.heard();
        continue;
      }
      let reply: SandboxReply;
      try {
        reply = readReply(message, floats, this.pending.expected);
      } catch (error) {
        if (error instanceof GarbledReplyError) return this.stop({ reason: 'garbled', detail: error.message });
        throw error;
      }
      this.pending.finish({ ended: false, reply });
    }
  }

  /**
   * The child's resident set in MB, from /proc/<pid>/statm (Linux), read every MEMORY_POLL_MS
   * during a request: through a descriptor kept open and read from offset 0, which costs a few
   * µs, where opening and parsing /proc/<pid>/status each time cost about 25. Undefined where
   * that is unavailable.
   */
  private residentMb(): number | undefined {
    const pid = this.child.pid;
    if (pid === undefined || this.exitInfo !== undefined) return undefined;
    try {
      this.statm ??= openSync(`/proc/${pid}/statm`, 'r');
      const length = readSync(this.statm, STATM_BUFFER, 0, STATM_BUFFER.length, 0);
      // "size resident shared …", in pages.
      const resident = Number(STATM_BUFFER.toString('latin1', 0, length).split(' ')[1]);
      return Number.isFinite(resident) ? (resident * pageBytes()) / (1024 * 1024) : undefined;
    } catch {
      return undefined;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.statm !== undefined) closeSync(this.statm);
    this.statm = undefined;
    this.exitInfo = { code, signal };
    liveChildren.delete(this.child);
    if (this.pending) this.pending.finish(this.endResult());
  }

  private endResult(): RequestResult {
    if (this.killedFor) return { ended: true, ...this.killedFor };
    const { code, signal } = this.exitInfo ?? { code: null, signal: null };
    const tail = this.output.tail(STDERR_TAIL_BYTES).toString('latin1');
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(tail)) {
      return { ended: true, reason: 'out-of-memory', rssMb: this.settings.memoryLimitMb };
    }
    return { ended: true, reason: 'crashed', code, signal };
  }

  private checkMemory(): void {
    const rssMb = this.residentMb();
    if (rssMb !== undefined && rssMb > this.settings.memoryLimitMb) this.stop({ reason: 'out-of-memory', rssMb });
  }

  /** Kills the child for a reason the grader decided (time, memory, garbage) and answers the request in flight. */
  private stop(end: ProcessEnd): void {
    if (!this.killedFor) this.killedFor = end;
    this.kill();
    if (this.pending) this.pending.finish(this.endResult());
  }

  /** Kills the child's group now (SIGKILL: student code cannot delay it, stopped or not). */
  kill(): void {
    if (this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null) {
      killGroup(this.child, 'SIGKILL');
    }
    this.killedFor ??= { reason: 'crashed', code: null, signal: 'SIGKILL' };
  }

  /** Resolves once the child has exited. */
  exited(): Promise<void> {
    if (this.exitInfo !== undefined || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}

/**
 * Calls `expire` `ms` after it starts or after the last restart(), unless cancelled first. When
 * the timer fires it waits for the event loop to read what is waiting on the pipes (setImmediate
 * runs after that): if the grader itself was busy past the limit, a reply or progress frame that
 * arrived in time still wins over the late timer.
 */
function timeLimit(ms: number, expire: () => void): { restart: () => void; cancel: () => void } {
  let generation = 0;
  let cancelled = false;
  const timer = setTimeout(() => {
    const firedFor = generation;
    setImmediate(() => {
      if (!cancelled && firedFor === generation) expire();
    });
  }, ms);
  return {
    restart: () => {
      generation++;
      timer.refresh();
    },
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/** Threads of a process (Linux /proc), for tests and measurements; undefined where unavailable. */
export function threadCount(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
