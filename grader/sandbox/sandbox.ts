/**
 * The Runner for submissions (DESIGN.md section 5): every exercise folder runs in a sandbox
 * process of its own, so a global patched in one exercise cannot spoil another (it does reach the
 * exercises that import it, as it should). Processes start lazily from a pool of warm spares, and
 * after a crash or a kill the next call starts a fresh one. Faults that would repeat on every
 * call (a timeout, a crash, running out of memory, a module that cannot load) are remembered
 * and answered at once, so a broken exercise costs seconds, not minutes.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { CODE_EXERCISES } from '../exercises';
import * as faults from './faults';
import { SandboxProcess, type RequestResult } from './process';
import { encodeForSandbox, readOutcomes, sanitizeThrown, type OutcomeContext } from './outcomes';
import type { SandboxReply } from './protocol';
import { stageSubmission, type StagedWorkspace } from './stage';
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
  /** Console output kept per exercise folder (default 8192 bytes). */
  outputLimitBytes?: number;
  /** Largest serialized result accepted (default 50 MB). */
  maxResultBytes?: number;
  /** Sandbox processes kept alive at once, besides the warm spares (default 3). */
  maxProcesses?: number;
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
};

const TRUNCATED = '\n[output truncated]\n';
const GARBLED = "wrote garbage to the grader's pipe, so its process was stopped";
const START_TIMEOUT_MS = 15_000;
/** Warm processes kept ready for the next folders (the grader goes through them one after another). */
const SPARE_PROCESSES = 2;
/** Time for the request and the reply to travel, on top of the call's own limit. */
const TRANSPORT_SLACK_MS = 100;

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
  const workspace = await stageSubmission(options.submissionDir, options.workspaceDir);
  rememberWorkspace(workspace.root);
  const sandbox = new Sandbox(workspace, settings);
  try {
    await sandbox.warmUp();
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
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

interface FolderOutput {
  text: string;
  bytes: number;
  cut: boolean;
}

class Sandbox implements Runner {
  private readonly processes = new Map<string, SandboxProcess>();
  /** Started processes not yet given to a folder: node takes ~0.1 s to start, so they start early. */
  private spares: SandboxProcess[] = [];
  private readonly loadedFiles = new WeakMap<SandboxProcess, Set<string>>();
  /** Load faults per staged file (a file that failed to load fails the same way again). */
  private readonly fileFaults = new Map<string, { fault: Fault; submissionFile: string }>();
  /** Faults that end all further calls of one function (key: folder + function). */
  private readonly stickyFaults = new Map<string, Fault>();
  /** Slowest call seen per function, to size the deadline of a batch. */
  private readonly slowestMs = new Map<string, number>();
  private readonly outputs = new Map<string, FolderOutput>();
  private closed = false;

  constructor(
    private readonly workspace: StagedWorkspace,
    private readonly settings: Settings,
  ) {}

  async warmUp(): Promise<void> {
    this.refillSpares();
    await this.spares[0].ready;
  }

  call(folder: string, fn: string, args: unknown[]): Promise<CallOutcome> {
    return this.callMany(folder, fn, [args]).then((outcomes) => outcomes[0]);
  }

  async callMany(folder: string, fn: string, argsList: unknown[][]): Promise<CallOutcome[]> {
    this.checkOpen('callMany');
    this.checkFolder(folder, 'callMany');
    if (typeof fn !== 'string' || fn === '') throw new TypeError('callMany: argument fn must be a function name');
    if (!Array.isArray(argsList) || !argsList.every(Array.isArray)) {
      throw new TypeError('callMany: argument argsList must be an array of argument arrays');
    }
    if (argsList.length === 0) return [];
    const key = `${folder}\u0000${fn}`;
    const file = this.mainSubmissionFile(folder);
    // The first call of a function goes alone: its time sizes the deadline of later batches.
    if (!this.slowestMs.has(key) && argsList.length > 1) {
      const first = await this.callMany(folder, fn, argsList.slice(0, 1));
      if (!first[0].ok && this.stickyFaults.has(key)) return argsList.map(() => first[0]);
      // Nothing measured (the module could not load): assume the worst, and do not split again.
      if (!this.slowestMs.has(key)) this.slowestMs.set(key, this.settings.callTimeoutMs);
      return [...first, ...(await this.callMany(folder, fn, argsList.slice(1)))];
    }
    const known = this.stickyFaults.get(key);
    if (known) return argsList.map(() => ({ ok: false, fault: known }));
    const { process: child, fault } = await this.prepare(folder);
    if (fault) return argsList.map(() => ({ ok: false, fault }));
    const perCall = Math.min(this.settings.callTimeoutMs, Math.max(2, 20 * (this.slowestMs.get(key) ?? this.settings.callTimeoutMs)));
    // One call may use the whole limit; the others in the batch get a share sized by the slowest call seen.
    const deadline = this.settings.callTimeoutMs + TRANSPORT_SLACK_MS + (argsList.length - 1) * perCall;
    const encoded = encodeForSandbox(argsList);
    const result = await child.request({
      type: 'call',
      file: this.workspace.mainFiles.get(folder) as string,
      fn,
      argsList: encoded.tree,
      floats: encoded.floats,
      callTimeMs: this.settings.callTimeoutMs,
      maxResultBytes: this.settings.maxResultBytes,
      outputBudget: this.outputBudget(folder),
    }, deadline);
    if (result.ended) {
      const ended = this.endFault(result, fn, { file });
      this.forget(folder, child);
      this.stickyFaults.set(key, ended);
      return argsList.map(() => ({ ok: false, fault: ended }));
    }
    this.keepOutput(folder, result.reply);
    const patched = this.patchedFault(result.reply, fn, file);
    if (patched) {
      this.stickyFaults.set(key, patched);
      return argsList.map(() => ({ ok: false, fault: patched }));
    }
    const slowest = typeof result.reply.slowestCallMs === 'number' ? result.reply.slowestCallMs : this.settings.callTimeoutMs;
    this.slowestMs.set(key, Math.max(this.slowestMs.get(key) ?? 0, slowest));
    return readOutcomes(result.reply, argsList.length, this.outcomeContext(key, fn, file));
  }

  async runTask(taskModule: string, fn: string, folder: string, args: unknown[], timeoutMs: number): Promise<CallOutcome> {
    this.checkOpen('runTask');
    this.checkFolder(folder, 'runTask');
    if (typeof fn !== 'string' || fn === '') throw new TypeError('runTask: argument fn must be a function name');
    if (!Array.isArray(args)) throw new TypeError('runTask: argument args must be an array');
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`runTask: argument timeoutMs must be a positive integer, got ${String(timeoutMs)}`);
    }
    const taskFile = await this.workspace.stageTask(taskModule);
    const key = `${folder}\u0000task:${path.resolve(taskModule)}#${fn}`;
    const known = this.stickyFaults.get(key);
    if (known) return { ok: false, fault: known };
    const file = this.mainSubmissionFile(folder);
    const { process: child, fault } = await this.prepare(folder);
    if (fault) return { ok: false, fault };
    const encoded = encodeForSandbox(args);
    const result = await child.request({
      type: 'task',
      taskFile,
      studentFile: this.workspace.mainFiles.get(folder) as string,
      fn,
      args: encoded.tree,
      floats: encoded.floats,
      maxResultBytes: this.settings.maxResultBytes,
      outputBudget: this.outputBudget(folder),
    }, timeoutMs + this.settings.loadTimeoutMs);
    const label = `training with your ${folder} code (${fn})`;
    if (result.ended) {
      const ended = result.reason === 'timeout'
        ? faults.timeoutFault(label, timeoutMs + this.settings.loadTimeoutMs, { file })
        : this.endFault(result, label, { file });
      this.forget(folder, child);
      this.stickyFaults.set(key, ended);
      return { ok: false, fault: ended };
    }
    this.keepOutput(folder, result.reply);
    const patched = this.patchedFault(result.reply, label, file);
    if (patched) {
      this.stickyFaults.set(key, patched);
      return { ok: false, fault: patched };
    }
    return readOutcomes(result.reply, 1, this.outcomeContext(key, label, file))[0];
  }

  /** The fault for a reply whose process saw a built-in patched (the patch is in that process for good). */
  private patchedFault(reply: SandboxReply, fn: string, file: string): Fault | undefined {
    const builtin = typeof reply.patchedBuiltin === 'string' ? reply.patchedBuiltin.slice(0, 200) : '';
    return builtin === '' ? undefined : faults.patchedBuiltinFault(fn, builtin, { file });
  }

  output(folder: string): string {
    this.checkFolder(folder, 'output');
    const kept = this.outputs.get(folder);
    if (!kept) return '';
    return kept.cut ? kept.text + TRUNCATED : kept.text;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.processes.values(), ...this.spares];
    this.processes.clear();
    this.spares = [];
    for (const child of all) child.kill();
    await Promise.all(all.map((child) => child.exited()));
    await this.workspace.dispose();
    openWorkspaces.delete(this.workspace.root);
  }

  // ---- processes ------------------------------------------------------------------------------

  private startProcess(): SandboxProcess {
    return new SandboxProcess({
      root: this.workspace.root,
      entryFile: this.workspace.entryFile,
      memoryLimitMb: this.settings.memoryLimitMb,
      startTimeoutMs: START_TIMEOUT_MS,
    });
  }

  private refillSpares(): void {
    this.spares = this.spares.filter((spare) => spare.alive);
    while (this.spares.length < SPARE_PROCESSES) this.spares.push(this.startProcess());
  }

  /** The live process of a folder, or a spare (a new spare starts warming at once). */
  private processFor(folder: string): SandboxProcess {
    const existing = this.processes.get(folder);
    if (existing && existing.alive) {
      // Most recently used last, for the eviction below.
      this.processes.delete(folder);
      this.processes.set(folder, existing);
      return existing;
    }
    this.spares = this.spares.filter((spare) => spare.alive);
    const fresh = this.spares.shift() ?? this.startProcess();
    this.refillSpares();
    this.processes.set(folder, fresh);
    while (this.processes.size > this.settings.maxProcesses) {
      const [oldest, child] = this.processes.entries().next().value as [string, SandboxProcess];
      this.processes.delete(oldest);
      child.kill();
    }
    return fresh;
  }

  private forget(folder: string, child: SandboxProcess): void {
    child.kill();
    if (this.processes.get(folder) === child) this.processes.delete(folder);
  }

  /** A process with the folder's modules loaded, or the fault that stops the folder. */
  private async prepare(folder: string): Promise<{ process: SandboxProcess; fault?: undefined } | { process?: undefined; fault: Fault }> {
    const staged = this.workspace.loadErrors.get(folder);
    if (staged) return { fault: staged };
    const main = this.workspace.mainFiles.get(folder) as string;
    const order = this.loadOrder(main);
    for (const file of order) {
      const staged = this.workspace.files.get(file);
      const known = this.fileFaults.get(file) ?? (staged?.fault ? { fault: staged.fault, submissionFile: staged.submissionFile } : undefined);
      if (known) return { fault: this.viaFault(known, main, file) };
    }
    const child = this.processFor(folder);
    const loaded = this.loadedFiles.get(child) ?? new Set<string>();
    this.loadedFiles.set(child, loaded);
    for (const file of order) {
      if (loaded.has(file)) continue;
      const result = await child.request({ type: 'load', file, outputBudget: this.outputBudget(folder) }, this.settings.loadTimeoutMs);
      const submissionFile = this.workspace.files.get(file)?.submissionFile ?? path.basename(file);
      if (result.ended) {
        this.forget(folder, child);
        const fault = this.loadEndFault(result, submissionFile);
        this.fileFaults.set(file, { fault, submissionFile });
        return { fault: this.viaFault({ fault, submissionFile }, main, file) };
      }
      this.keepOutput(folder, result.reply);
      const outcome = result.reply.outcomes[0];
      if (outcome && !outcome.ok && outcome.kind === 'threw') {
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

  /** A load fault as the importing exercise reports it. */
  private viaFault(known: { fault: Fault; submissionFile: string }, main: string, file: string): Fault {
    if (file === main) return known.fault;
    const via = this.workspace.files.get(main)?.submissionFile ?? path.basename(main);
    const staged = this.workspace.files.get(file);
    if (staged?.fault) return faults.brokenImportFault(via, staged.fault);
    return faults.brokenImportFault(via, known.fault);
  }

  private loadEndFault(result: Extract<RequestResult, { ended: true }>, file: string): Fault {
    switch (result.reason) {
      case 'timeout':
        return faults.loadTimeoutFault(file, this.settings.loadTimeoutMs);
      case 'out-of-memory':
        return faults.loadOutOfMemoryFault(file, this.settings.memoryLimitMb);
      case 'garbled':
        return faults.loadCrashedFault(file, GARBLED);
      default:
        return faults.loadCrashedFault(file, faults.describeExit(result.code, result.signal));
    }
  }

  private endFault(result: Extract<RequestResult, { ended: true }>, fn: string, where: faults.Location): Fault {
    switch (result.reason) {
      case 'timeout':
        return faults.timeoutFault(fn, this.settings.callTimeoutMs, where);
      case 'out-of-memory':
        return faults.outOfMemoryFault(fn, this.settings.memoryLimitMb, where);
      case 'garbled':
        return faults.crashedFault(fn, GARBLED, where);
      default:
        return faults.crashedFault(fn, faults.describeExit(result.code, result.signal), where);
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

  private outputBudget(folder: string): number {
    const kept = this.outputs.get(folder);
    return Math.max(0, this.settings.outputLimitBytes - (kept?.bytes ?? 0));
  }

  private keepOutput(folder: string, reply: SandboxReply): void {
    if (reply.output === '' && !reply.outputCut) return;
    const kept = this.outputs.get(folder) ?? { text: '', bytes: 0, cut: false };
    const room = this.settings.outputLimitBytes - kept.bytes;
    const text = Buffer.from(reply.output, 'utf8').subarray(0, Math.max(0, room)).toString('utf8');
    kept.text += text;
    kept.bytes += Buffer.byteLength(text);
    kept.cut ||= reply.outputCut || Buffer.byteLength(reply.output) > room;
    this.outputs.set(folder, kept);
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
