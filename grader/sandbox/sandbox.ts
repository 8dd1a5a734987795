/**
 * The Runner for submissions (DESIGN.md section 5): every exercise folder runs in a sandbox
 * process of its own, so a global patched in one exercise cannot spoil another (it does reach the
 * exercises that import it, as it should). Processes start lazily from a pool of warm spares, and
 * after a crash or a kill the next call starts a fresh one. Faults that would repeat on every
 * call (a timeout, a crash, running out of memory, a module that cannot load) are remembered
 * and answered at once, so a broken exercise costs seconds, not minutes.
 *
 * Exercises cannot starve each other: when a request goes to one process, the idle processes of
 * other folders are stopped (SIGSTOP) until they are called again, and endExercise kills a
 * folder's processes for good. Every student string leaving the Runner is cleaned (sanitize.ts).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CODE_EXERCISES } from '../course';
import { decode, GarbledValueError } from './child/codec';
import { MAX_FRAME_JSON_BYTES, MAX_REQUEST_FLOAT_BYTES } from './child/limits';
import { firstDifference, probeInputs, runProbes, type ProbeAnswer } from './child/probe';
import * as faults from './faults';
import { mustReturnNewArrays } from './new-arrays';
import { checkWorkspaceReachable, SandboxProcess, type OutputFile, type RequestLimits, type RequestResult } from './process';
import { cleanOutcome, encodeForSandbox, readOutcomes, sanitizeThrown, type OutcomeContext } from './outcomes';
import type { SandboxReply } from './protocol';
import { sanitizeText } from '../sanitize';
import { partsKeys } from './parts';
import { openWorkspace, type StagedWorkspace } from './stage';
import { mapStack } from './stack';
import type { CallOutcome, Fault, Runner } from './types';

export interface SandboxOptions {
  /** A folder laid out like exercises/. */
  submissionDir: string;
  /** Per-call time limit (default 2000 ms); a function that times out is not called again. */
  callTimeoutMs?: number;
  /** Time limit for loading one module (default 5000 ms). */
  loadTimeoutMs?: number;
  /** Resident memory limit per sandbox process (default 512 MB). */
  memoryLimitMb?: number;
  /** Output kept per exercise folder, console and descriptors 1 and 2 together (default 8192 bytes). */
  outputLimitBytes?: number;
  /** Largest encoded result accepted (default 50 MB). */
  maxResultBytes?: number;
  /** Sandbox processes kept alive at once, besides the warm spares (default 3). */
  maxProcesses?: number;
  /** CPU time one sandbox process may use in its whole life (default 600 s). */
  cpuLimitSeconds?: number;
  /** Stage into this empty folder instead of a new temporary one (it is deleted on close). */
  workspaceDir?: string;
}

const DEFAULTS = {
  callTimeoutMs: 2000,
  loadTimeoutMs: 5000,
  memoryLimitMb: 512,
  outputLimitBytes: 8192,
  maxResultBytes: 50_000_000,
  maxProcesses: 3,
  cpuLimitSeconds: 600,
};

const TRUNCATED = '\n[output truncated]\n';
const START_TIMEOUT_MS = 15_000;
/** Warm processes kept ready for the next folders (the grader goes through them one after another). */
const SPARE_PROCESSES = 2;
/** Time for the request and the reply to travel, on top of the call's own limit. */
const TRANSPORT_SLACK_MS = 100;
/** How often a batch of calls reports progress (protocol.ts SandboxProgress): a few µs each. */
const HEARTBEAT_MS = 100;
/** The output file may grow to this multiple of the output limit; past it the kernel fails the process's writes (EFBIG). */
const OUTPUT_FILE_FACTOR = 16;
const MIN_OUTPUT_FILE_BYTES = 1024 * 1024;

type Settings = typeof DEFAULTS;

/** Stages the submission and starts the first sandbox process; the Runner it returns must be closed. */
export async function openSandbox(options: SandboxOptions): Promise<Runner> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('openSandbox: argument options must be an object with a submissionDir');
  }
  if (typeof options.submissionDir !== 'string' || options.submissionDir === '') {
    throw new TypeError(`openSandbox: option submissionDir must be a folder path, got ${String(options.submissionDir)}`);
  }
  if (options.workspaceDir !== undefined && (typeof options.workspaceDir !== 'string' || options.workspaceDir === '')) {
    throw new TypeError(`openSandbox: option workspaceDir must be a folder path, got ${String(options.workspaceDir)}`);
  }
  const settings: Settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new RangeError(`openSandbox: option ${key} must be a positive integer, got ${String(value)}`);
    }
    settings[key] = value;
  }
  const workspace = await openWorkspace(options.submissionDir, { workspaceDir: options.workspaceDir });
  rememberWorkspace(workspace.root);
  try {
    checkWorkspaceReachable(workspace.root);
  } catch (error) {
    await workspace.dispose();
    openWorkspaces.delete(workspace.root);
    throw error;
  }
  // The warm spares need only the entry: they start while the student files are compiled.
  const spares = Array.from({ length: SPARE_PROCESSES }, () => startSandboxProcess(workspace.root, workspace.entryFile, settings));
  const sandbox = new Sandbox(workspace, settings, spares);
  try {
    await sandbox.warmUp();
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}

/** A sandbox process for the workspace at `root`, under the sandbox's settings. */
function startSandboxProcess(root: string, entryFile: string, settings: Settings): SandboxProcess {
  return new SandboxProcess({
    root,
    entryFile,
    memoryLimitMb: settings.memoryLimitMb,
    cpuLimitSeconds: settings.cpuLimitSeconds,
    maxResultBytes: settings.maxResultBytes,
    outputFileLimitBytes: Math.max(MIN_OUTPUT_FILE_BYTES, OUTPUT_FILE_FACTOR * settings.outputLimitBytes),
    startTimeoutMs: START_TIMEOUT_MS,
  });
}

/** Workspaces not yet closed: deleted when the grader exits without closing (an exception). */
const openWorkspaces = new Set<string>();
let workspaceHookInstalled = false;

function rememberWorkspace(root: string): void {
  // One hook for the whole process, however many sandboxes open and close (tests open dozens).
  if (!workspaceHookInstalled) {
    workspaceHookInstalled = true;
    process.once('exit', () => {
      for (const folder of openWorkspaces) rmSync(folder, { recursive: true, force: true });
    });
  }
  openWorkspaces.add(root);
}

/** A folder's output: what replies carried (console, process.stdout/stderr.write) and the output files of its processes. */
interface FolderOutput {
  text: string;
  bytes: number;
  cut: boolean;
  files: OutputFile[];
}

/**
 * The first calls of `argsList` whose encoding fits in one request frame (halving until it does),
 * so that a huge batch from the grader is never a frame the sandbox must refuse.
 */
function requestSized(argsList: unknown[][]): { chunk: unknown[][]; encoded: ReturnType<typeof encodeForSandbox> } {
  let chunk = argsList;
  for (;;) {
    const encoded = encodeForSandbox(chunk, 'callMany');
    const fits = encoded.jsonBytes <= MAX_FRAME_JSON_BYTES / 2 && encoded.floats.byteLength <= MAX_REQUEST_FLOAT_BYTES;
    if (fits) return { chunk, encoded };
    if (chunk.length === 1) {
      throw new RangeError('callMany: the arguments of one call are too large to send to the sandbox');
    }
    chunk = chunk.slice(0, Math.ceil(chunk.length / 2));
  }
}

/** Processes run code of one folder (key: the folder) or a task over several (key: `task:a+b`). */
function foldersOfKey(key: string): string[] {
  return key.startsWith('task:') ? key.slice(5).split('+') : [key];
}

class Sandbox implements Runner {
  private readonly processes = new Map<string, SandboxProcess>();
  /** Started processes not yet given to a folder: node takes ~0.1 s to start, so they start early. */
  private spares: SandboxProcess[] = [];
  /** Folders a process has been given to: the others still need one each, so spares are kept for them. */
  private readonly foldersServed = new Set<string>();
  /** Every process ever started, to close their output files on close(). */
  private readonly started: SandboxProcess[] = [];
  private readonly loadedFiles = new WeakMap<SandboxProcess, Set<string>>();
  /** The built-in a process's code changed (the change stays in that process for good). */
  private readonly patchedIn = new WeakMap<SandboxProcess, string>();
  /** Load faults per staged file (a file that failed to load fails the same way again). */
  private readonly fileFaults = new Map<string, { fault: Fault; submissionFile: string }>();
  /** Faults that end all further calls of one function (key: folder + function). */
  private readonly stickyFaults = new Map<string, Fault>();
  private readonly outputs = new Map<string, FolderOutput>();
  /** The probes' inputs for this sandbox and the answers of unpatched built-ins (child/probe.ts). */
  private readonly probe = probeInputs();
  private readonly expectedProbe: ProbeAnswer[] = runProbes(this.probe);
  private closed = false;

  constructor(
    private readonly workspace: StagedWorkspace,
    private readonly settings: Settings,
    spares: SandboxProcess[],
  ) {
    this.spares = [...spares];
    this.started.push(...spares);
  }

  async warmUp(): Promise<void> {
    this.refillSpares();
    if (this.spares.length > 0) await this.spares[0].ready;
  }

  async call(folder: string, fn: string, args: unknown[]): Promise<CallOutcome> {
    return (await this.callMany(folder, fn, [args]))[0];
  }

  async callMany(folder: string, fn: string, argsList: unknown[][]): Promise<CallOutcome[]> {
    this.checkCalls('callMany', folder, fn, argsList);
    return (await this.callBatch(folder, fn, argsList, null)).map(cleanOutcome);
  }

  async callManyParts(folder: string, fn: string, argsList: unknown[][], paths: string[]): Promise<CallOutcome[]> {
    this.checkCalls('callManyParts', folder, fn, argsList);
    return (await this.callBatch(folder, fn, argsList, partsKeys(paths))).map(cleanOutcome);
  }

  /** Refuses, naming `method` and the argument, a closed sandbox or a folder, function or argument list that cannot be called. */
  private checkCalls(method: string, folder: string, fn: string, argsList: unknown[][]): void {
    this.checkOpen(method);
    this.checkFolder(folder, method);
    if (typeof fn !== 'string' || fn === '') throw new TypeError(`${method}: argument fn must be a function name`);
    if (!Array.isArray(argsList) || !argsList.every(Array.isArray)) {
      throw new TypeError(`${method}: argument argsList must be an array of argument arrays`);
    }
  }

  /** `parts`: null for whole answers, or the keys of each part wanted (Runner.callManyParts). */
  private async callBatch(folder: string, fn: string, argsList: unknown[][], parts: string[][] | null): Promise<CallOutcome[]> {
    if (argsList.length === 0) return [];
    const key = `${folder}\u0000${fn}`;
    const file = this.mainSubmissionFile(folder);
    const known = this.stickyFaults.get(key);
    if (known) return argsList.map(() => ({ ok: false, fault: known }));
    const main = this.workspace.mainFiles.get(folder) as string;
    const { process: child, fault } = await this.prepare(folder, folder, [main]);
    if (fault) return argsList.map(() => ({ ok: false, fault }));
    const outcomes: CallOutcome[] = [];
    // A reply that ran out of room answers the first calls; the rest go again in the next request.
    while (outcomes.length < argsList.length) {
      const patched = this.patchedIn.get(child);
      if (patched !== undefined) return this.endBatch(outcomes, argsList.length, key, faults.patchedBuiltinFault(fn, patched, { file }));
      const { chunk, encoded } = requestSized(outcomes.length === 0 ? argsList : argsList.slice(outcomes.length));
      const result = await this.send(
        child,
        {
          type: 'call',
          file: main,
          fn,
          argsList: encoded.tree,
          floats: encoded.floats,
          callTimeMs: this.settings.callTimeoutMs,
          heartbeatMs: HEARTBEAT_MS,
          parts,
          maxResultBytes: this.settings.maxResultBytes,
          newArrays: mustReturnNewArrays(fn),
          outputBudget: this.outputBudget(folder),
          probe: this.probe,
        },
        {
          // Every call may use the whole limit; an endless one is caught by the silence, however long the batch.
          deadlineMs: chunk.length * this.settings.callTimeoutMs + TRANSPORT_SLACK_MS,
          calls: chunk.length,
          silenceMs: this.settings.callTimeoutMs + HEARTBEAT_MS + TRANSPORT_SLACK_MS,
        },
      );
      if (result.ended) {
        this.forget(folder, child);
        return this.endBatch(outcomes, argsList.length, key, this.endFault(result, fn, { file }));
      }
      this.keepOutput(folder, result.reply);
      const changed = this.noteBuiltinChange(child, result.reply);
      if (changed !== '') return this.endBatch(outcomes, argsList.length, key, faults.patchedBuiltinFault(fn, changed, { file }));
      // A reply that ran out of room, or a request that carried only part of the batch: the rest goes next.
      const answered = result.reply.replyFull ? result.reply.outcomes.length : chunk.length;
      outcomes.push(...readOutcomes(result.reply, answered, { ...this.outcomeContext(key, fn, file), parts: parts?.length }));
    }
    return outcomes;
  }

  /** The outcomes so far, then `fault` for every call not answered; the fault ends the function. */
  private endBatch(outcomes: CallOutcome[], total: number, key: string, fault: Fault): CallOutcome[] {
    this.stickyFaults.set(key, fault);
    while (outcomes.length < total) outcomes.push({ ok: false, fault });
    return outcomes;
  }

  async runTask(taskModule: string, fn: string, folders: string[], args: unknown[], timeoutMs: number): Promise<CallOutcome> {
    this.checkOpen('runTask');
    if (!Array.isArray(folders) || folders.length === 0 || new Set(folders).size !== folders.length) {
      throw new TypeError('runTask: argument folders must be a non-empty list of distinct exercise folders');
    }
    for (const folder of folders) this.checkFolder(folder, 'runTask');
    if (typeof fn !== 'string' || fn === '') throw new TypeError('runTask: argument fn must be a function name');
    if (!Array.isArray(args)) throw new TypeError('runTask: argument args must be an array');
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`runTask: argument timeoutMs must be a positive integer, got ${String(timeoutMs)}`);
    }
    return cleanOutcome(await this.runTaskIn(taskModule, fn, folders, args, timeoutMs));
  }

  private async runTaskIn(taskModule: string, fn: string, folders: string[], args: unknown[], timeoutMs: number): Promise<CallOutcome> {
    const taskFile = await this.workspace.stageTask(taskModule);
    const processKey = `task:${folders.join('+')}`;
    const key = `${processKey}\u0000${path.resolve(taskModule)}#${fn}`;
    const known = this.stickyFaults.get(key);
    if (known) return { ok: false, fault: known };
    const owner = folders[0];
    const file = this.mainSubmissionFile(owner);
    const mains = folders.map((folder) => this.workspace.mainFiles.get(folder) as string);
    const { process: child, fault } = await this.prepare(processKey, owner, mains);
    if (fault) return { ok: false, fault };
    const label = `training with your ${folders.join(' and ')} code (${fn})`;
    const remember = (end: Fault): CallOutcome => {
      this.stickyFaults.set(key, end);
      return { ok: false, fault: end };
    };
    const patched = this.patchedIn.get(child);
    if (patched !== undefined) return remember(faults.patchedBuiltinFault(label, patched, { file }));
    const encoded = encodeForSandbox(args, 'runTask');
    if (encoded.jsonBytes > MAX_FRAME_JSON_BYTES / 2 || encoded.floats.byteLength > MAX_REQUEST_FLOAT_BYTES) {
      throw new RangeError('runTask: argument args is too large to send to the sandbox');
    }
    const result = await this.send(
      child,
      {
        type: 'task',
        taskFile,
        students: folders.map((folder, k): [string, string] => [folder, mains[k]]),
        fn,
        args: encoded.tree,
        floats: encoded.floats,
        maxResultBytes: this.settings.maxResultBytes,
        outputBudget: this.outputBudget(owner),
        probe: this.probe,
      },
      { deadlineMs: timeoutMs + this.settings.loadTimeoutMs },
    );
    if (result.ended) {
      this.forget(processKey, child);
      return remember(
        result.reason === 'timeout'
          ? faults.timeoutFault(label, timeoutMs + this.settings.loadTimeoutMs, { file })
          : this.endFault(result, label, { file }),
      );
    }
    this.keepOutput(owner, result.reply);
    const changed = this.noteBuiltinChange(child, result.reply);
    if (changed !== '') return remember(faults.patchedBuiltinFault(label, changed, { file }));
    return readOutcomes(result.reply, 1, this.outcomeContext(key, label, file))[0];
  }

  /**
   * The built-in the reply shows changed in this process, '' when none: what the sandbox's own
   * watch saw, or else the first probe whose answer differs from the grader's (a watch switched
   * off inside the sandbox does not hide the change from the probes).
   */
  private noteBuiltinChange(child: SandboxProcess, reply: SandboxReply): string {
    const known = this.patchedIn.get(child);
    if (known !== undefined) return known;
    let changed = reply.patchedBuiltin.slice(0, 200);
    if (changed === '') {
      let answers: unknown;
      try {
        answers = decode(reply.probe, reply.floats);
      } catch (error) {
        if (!(error instanceof GarbledValueError)) throw error;
      }
      changed = firstDifference(this.expectedProbe, answers);
    }
    if (changed !== '') this.patchedIn.set(child, changed);
    return changed;
  }

  async endExercise(folder: string): Promise<void> {
    this.checkFolder(folder, 'endExercise');
    if (this.closed) return;
    const ending: SandboxProcess[] = [];
    for (const [key, child] of this.processes) {
      if (!foldersOfKey(key).includes(folder)) continue;
      this.processes.delete(key);
      child.kill();
      ending.push(child);
    }
    await Promise.all(ending.map((child) => child.exited()));
  }

  output(folder: string): string {
    this.checkFolder(folder, 'output');
    const kept = this.outputs.get(folder);
    if (!kept) return '';
    const limit = this.settings.outputLimitBytes;
    const chunks = [kept.text];
    let room = limit - kept.bytes;
    let total = kept.bytes;
    for (const file of kept.files) {
      const size = file.size();
      total += size;
      if (room <= 0) continue;
      const bytes = file.read(0, Math.min(room, size));
      room -= bytes.length;
      // A character cut at the limit becomes U+FFFD; invalid UTF-8 from the student too.
      chunks.push(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    }
    const text = sanitizeText(chunks.join(''), { multiline: true, maxLength: limit });
    return kept.cut || total > limit ? text + TRUNCATED : text;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.processes.values(), ...this.spares];
    this.processes.clear();
    this.spares = [];
    for (const child of all) child.kill();
    await Promise.all(all.map((child) => child.exited()));
    for (const child of this.started) child.output.close();
    await this.workspace.dispose();
    openWorkspaces.delete(this.workspace.root);
  }

  // ---- processes ------------------------------------------------------------------------------

  private startProcess(): SandboxProcess {
    const child = startSandboxProcess(this.workspace.root, this.workspace.entryFile, this.settings);
    this.started.push(child);
    return child;
  }

  /**
   * Keeps a spare for each folder that has not had a process yet, up to SPARE_PROCESSES: a spare
   * started after the last folder took its process would only be killed unused (~80 ms of CPU).
   * Later needs (a task's process, a fresh one after a timeout) start cold, ~0.1 s later.
   */
  private refillSpares(): void {
    this.spares = this.spares.filter((spare) => spare.alive);
    let waiting = 0;
    for (const folder of this.workspace.mainFiles.keys()) if (!this.foldersServed.has(folder)) waiting++;
    while (this.spares.length < Math.min(SPARE_PROCESSES, waiting)) this.spares.push(this.startProcess());
  }

  /** The live process under `key`, or a spare given to it (a new spare starts warming at once). */
  private processFor(key: string, owner: string): SandboxProcess {
    const existing = this.processes.get(key);
    if (existing && existing.alive) {
      // Most recently used last, for the eviction below.
      this.processes.delete(key);
      this.processes.set(key, existing);
      return existing;
    }
    this.spares = this.spares.filter((spare) => spare.alive);
    const fresh = this.spares.shift() ?? this.startProcess();
    for (const folder of foldersOfKey(key)) this.foldersServed.add(folder);
    this.refillSpares();
    this.processes.set(key, fresh);
    this.folderOutput(owner).files.push(fresh.output);
    while (this.processes.size > this.settings.maxProcesses) {
      const [oldest, child] = this.processes.entries().next().value as [string, SandboxProcess];
      this.processes.delete(oldest);
      child.kill();
    }
    return fresh;
  }

  /** Sends a request to `child`, first stopping the idle processes of every other key. */
  private send(child: SandboxProcess, body: Parameters<SandboxProcess['request']>[0], limits: RequestLimits): Promise<RequestResult> {
    for (const other of this.processes.values()) {
      if (other !== child && other.idle) other.pause();
    }
    return child.request(body, limits);
  }

  private forget(key: string, child: SandboxProcess): void {
    child.kill();
    if (this.processes.get(key) === child) this.processes.delete(key);
  }

  /** A process (under `key`) with the modules of `mains` loaded, or the fault that stops them. */
  private async prepare(
    key: string,
    owner: string,
    mains: string[],
  ): Promise<{ process: SandboxProcess; fault?: undefined } | { process?: undefined; fault: Fault }> {
    const orders = new Map<string, string>();
    for (const main of mains) {
      const folder = this.folderOfMain(main);
      // Student files are staged in the background, in course order: wait for this folder's.
      await this.workspace.ready(folder);
      const staged = this.workspace.loadErrors.get(folder);
      if (staged) return { fault: staged };
      for (const file of this.loadOrder(main)) {
        if (!orders.has(file)) orders.set(file, main);
        const stagedFile = this.workspace.files.get(file);
        const known =
          this.fileFaults.get(file) ??
          (stagedFile?.fault ? { fault: stagedFile.fault, submissionFile: stagedFile.submissionFile } : undefined);
        if (known) return { fault: this.viaFault(known, main, file) };
      }
    }
    const child = this.processFor(key, owner);
    const loaded = this.loadedFiles.get(child) ?? new Set<string>();
    this.loadedFiles.set(child, loaded);
    for (const [file, main] of orders) {
      if (loaded.has(file)) continue;
      const result = await this.send(
        child,
        { type: 'load', file, outputBudget: this.outputBudget(owner), probe: this.probe },
        { deadlineMs: this.settings.loadTimeoutMs },
      );
      const submissionFile = this.workspace.files.get(file)?.submissionFile ?? path.basename(file);
      if (result.ended) {
        this.forget(key, child);
        const fault = this.loadEndFault(result, submissionFile);
        this.fileFaults.set(file, { fault, submissionFile });
        return { fault: this.viaFault({ fault, submissionFile }, main, file) };
      }
      this.keepOutput(owner, result.reply);
      this.noteBuiltinChange(child, result.reply);
      const outcome = result.reply.outcomes[0];
      if (!outcome.ok && outcome.kind === 'threw') {
        const thrown = sanitizeThrown(outcome.thrown);
        const where = mapStack(thrown.stack, this.workspace) ?? { file: submissionFile };
        const fault = faults.loadThrewFault(submissionFile, thrown, where);
        this.fileFaults.set(file, { fault, submissionFile });
        return { fault: this.viaFault({ fault, submissionFile }, main, file) };
      }
      loaded.add(file);
    }
    return { process: child };
  }

  /** The student files a module needs, dependencies first (from the imports found when staging). */
  private loadOrder(main: string): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const dependency of this.workspace.files.get(file)?.localImports ?? []) visit(dependency);
      order.push(file);
    };
    visit(main);
    return order;
  }

  private folderOfMain(main: string): string {
    for (const [folder, file] of this.workspace.mainFiles) if (file === main) return folder;
    throw new Error(`Sandbox: ${main} is no exercise's main file`);
  }

  /** A load fault as the importing exercise reports it. */
  private viaFault(known: { fault: Fault; submissionFile: string }, main: string, file: string): Fault {
    if (file === main) return known.fault;
    const via = this.workspace.files.get(main)?.submissionFile ?? path.basename(main);
    const staged = this.workspace.files.get(file);
    if (staged?.fault) return faults.brokenImportFault(via, staged.fault);
    return faults.brokenImportFault(via, known.fault);
  }

  private describeEnd(result: Extract<RequestResult, { ended: true }>): string {
    if (result.reason === 'garbled') return faults.GARBLED_PIPE;
    const { code, signal } = result.reason === 'crashed' ? result : { code: null, signal: null };
    return faults.describeExit(code, signal, { cpuLimitSeconds: this.settings.cpuLimitSeconds });
  }

  private loadEndFault(result: Extract<RequestResult, { ended: true }>, file: string): Fault {
    switch (result.reason) {
      case 'timeout':
        return faults.loadTimeoutFault(file, this.settings.loadTimeoutMs);
      case 'out-of-memory':
        return faults.loadOutOfMemoryFault(file, this.settings.memoryLimitMb);
      default:
        return faults.loadCrashedFault(file, this.describeEnd(result));
    }
  }

  private endFault(result: Extract<RequestResult, { ended: true }>, fn: string, where: faults.Location): Fault {
    switch (result.reason) {
      case 'timeout':
        return faults.timeoutFault(fn, this.settings.callTimeoutMs, where);
      case 'out-of-memory':
        return faults.outOfMemoryFault(fn, this.settings.memoryLimitMb, where);
      default:
        return faults.crashedFault(fn, this.describeEnd(result), where);
    }
  }

  private outcomeContext(key: string, fn: string, file: string): OutcomeContext {
    return {
      fn,
      file,
      callTimeoutMs: this.settings.callTimeoutMs,
      workspace: this.workspace,
      stickyFault: this.stickyFaults.get(key),
      makeSticky: (fault) => this.stickyFaults.set(key, fault),
    };
  }

  // ---- output ---------------------------------------------------------------------------------

  private folderOutput(folder: string): FolderOutput {
    let kept = this.outputs.get(folder);
    if (!kept) {
      kept = { text: '', bytes: 0, cut: false, files: [] };
      this.outputs.set(folder, kept);
    }
    return kept;
  }

  /** What is left of the folder's output limit: replies' text and the output files count alike. */
  private outputBudget(folder: string): number {
    const kept = this.outputs.get(folder);
    if (!kept) return this.settings.outputLimitBytes;
    let used = kept.bytes;
    for (const file of kept.files) used += file.size();
    return Math.max(0, this.settings.outputLimitBytes - used);
  }

  private keepOutput(folder: string, reply: SandboxReply): void {
    if (reply.output === '' && !reply.outputCut) return;
    const kept = this.folderOutput(folder);
    const room = this.settings.outputLimitBytes - kept.bytes;
    const text = Buffer.from(reply.output, 'utf8').subarray(0, Math.max(0, room)).toString('utf8');
    kept.text += text;
    kept.bytes += Buffer.byteLength(text);
    kept.cut ||= reply.outputCut || Buffer.byteLength(reply.output) > room;
  }

  // ---- arguments ------------------------------------------------------------------------------

  private mainSubmissionFile(folder: string): string {
    return CODE_EXERCISES.find((e) => e.folder === folder)?.file ?? folder;
  }

  private checkFolder(folder: string, method: string): void {
    if (!CODE_EXERCISES.some((e) => e.folder === folder)) {
      throw new RangeError(`${method}: argument folder must be an exercise folder such as 03-forget-gate, got ${JSON.stringify(folder)}`);
    }
  }

  private checkOpen(method: string): void {
    if (this.closed) throw new Error(`${method}: the sandbox is closed`);
  }
}
