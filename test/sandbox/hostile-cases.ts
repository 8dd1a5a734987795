/**
 * Hostile submissions for the sandbox: each is a copy of solutions/ (laid out like exercises/)
 * with ONE exercise file made hostile. Shared by the Runner-level tests here and by end-to-end
 * grading tests (`npm run grade -- --submission "$(dir)"`), so every case is data: which folder,
 * the hostile source, the call that shows the problem and what the sandbox must answer.
 *
 * Most cases wrap cellState (06-cell-state, which no exercise before 08 imports), so 01–05 can
 * be checked to keep working; the original function stays available as referenceCellState.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FaultKind } from '../../grader/sandbox/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SOLUTIONS_DIR = path.join(REPO_ROOT, 'solutions');

/** A file no submission may create; hostile cases try to write it. */
export const CANARY_PATH = path.join(os.tmpdir(), 'lstm-lab-sandbox-canary.txt');

export interface HostileCase {
  name: string;
  /** What the hostile code does, in a phrase. */
  description: string;
  /** The exercise folder made hostile. */
  folder: string;
  /** The new content of the exercise file; null deletes it. */
  source: () => Promise<string | null>;
  /** Instead of content: the exercise file becomes a symbolic link to this path. */
  symlinkTo?: string;
  /** The call that meets the hostile code. */
  fn: string;
  args: () => unknown[];
  /** 'ok' when the call must succeed (the value is for the checks to judge). */
  expect: FaultKind | 'ok';
  /** What the fault message must say. */
  message?: RegExp;
  /**
   * False when later calls need not meet the same fault (a forged reply only fools its own
   * request); they must still come back as well-formed outcomes.
   */
  sameFaultAgain?: boolean;
  /** An exercise folder that does not import the hostile one and must still give the reference's answers. */
  healthyFolder: string;
  /**
   * Limits under which the case shows its fault quickly and surely. The memory hog needs a time
   * limit longer than it takes to fill the memory limit (page faults are slow on some machines);
   * with the default limits it may end as a timeout instead, which costs the same points.
   */
  sandboxOptions?: { callTimeoutMs?: number; memoryLimitMb?: number };
}

const v = (...values: number[]): Float64Array => Float64Array.from(values);
const cellStateArgs = (): unknown[] => [v(0.5, 0.25), v(1, -2), v(0.1, 0.9), v(3, 4)];

async function reference(folder: string, file: string): Promise<string> {
  return fsp.readFile(path.join(SOLUTIONS_DIR, folder, file), 'utf8');
}

/** The reference cell-state file with cellState replaced by `body` (which may call referenceCellState). */
function wrapCellState(body: string, topLevel = ''): () => Promise<string> {
  return async () => {
    const original = await reference('06-cell-state', 'cell-state.ts');
    const renamed = original.replace('export function cellState(', 'function referenceCellState(');
    return `${topLevel}${renamed}
export function cellState(f: Vector, cPrev: Vector, i: Vector, cTilde: Vector): Vector {
${body}
}
`;
  };
}

/** The reference cell-state file with `code` run when the module loads (appended at the end). */
function atLoad(code: string): () => Promise<string> {
  return async () => `${await reference('06-cell-state', 'cell-state.ts')}\n${code}\n`;
}

function cellStateCase(
  name: string,
  description: string,
  source: () => Promise<string | null>,
  expect: HostileCase['expect'],
  message?: RegExp,
  sandboxOptions?: HostileCase['sandboxOptions'],
): HostileCase {
  return {
    name, description, folder: '06-cell-state', source, fn: 'cellState', args: cellStateArgs, expect, message,
    healthyFolder: '03-forget-gate', sandboxOptions,
  };
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  cellStateCase('endless-loop-call', 'an endless loop inside the function',
    wrapCellState('  while (true) {}'), 'timeout', /cellState.*ran longer than.*endless loop/),
  cellStateCase('endless-loop-load', 'an endless loop at the top level of the module',
    atLoad('while (true) {}'), 'timeout', /cell-state\.ts ran longer than .* while being loaded/),
  cellStateCase('slow-call', 'a call that finishes, but after the time limit',
    wrapCellState('  const end = Date.now() + 1500;\n  while (Date.now() < end) {}\n  return referenceCellState(f, cPrev, i, cTilde);'),
    'timeout', /cellState.*ran longer than/),
  cellStateCase('throws-error', 'throws an Error',
    wrapCellState("  throw new Error('boom in cellState');"), 'threw', /cellState threw Error: boom in cellState.*line \d+/),
  cellStateCase('throws-non-error', 'throws a number',
    wrapCellState('  throw 42;'), 'threw', /cellState threw 42, which is not an Error/),
  cellStateCase('throws-huge-message', 'throws an Error with a 10 MB message',
    wrapCellState("  throw new Error('x'.repeat(10_000_000));"), 'threw', /^cellState threw Error: x{100}/),
  cellStateCase('returns-nan', 'returns NaN entries',
    wrapCellState('  return Float64Array.from([NaN, NaN]);'), 'ok'),
  cellStateCase('returns-infinity', 'returns Infinity entries',
    wrapCellState('  return Float64Array.from([Infinity, -Infinity]);'), 'ok'),
  cellStateCase('wrong-length', 'returns a vector of the wrong length',
    wrapCellState('  return new Float64Array(7);'), 'ok'),
  cellStateCase('huge-typed-array', 'returns an 80 MB Float64Array',
    wrapCellState('  return new Float64Array(10_000_000);'), 'invalid-result', /cellState.*returned 80\.0 MB of data/),
  cellStateCase('absurd-length-array', 'returns a sparse array of length 2^32 − 1',
    wrapCellState('  return new Array(2 ** 32 - 1);'), 'invalid-result', /cellState.*returned an array of length 4294967295/),
  cellStateCase('process-exit-call', 'calls process.exit inside the function',
    wrapCellState('  process.exit(3);'), 'crashed', /cellState.*ended the process \(exit code 3\)/),
  cellStateCase('process-exit-load', 'calls process.exit when the module loads',
    atLoad('process.exit(4);'), 'crashed', /cell-state\.ts ended the process \(exit code 4\) while being loaded/),
  cellStateCase('process-abort-call', 'calls process.abort inside the function',
    wrapCellState('  process.abort();'), 'crashed', /cellState.*aborted the process/),
  cellStateCase('memory-hog', 'keeps allocating 80 MB Float64Arrays',
    wrapCellState('  const keep: Float64Array[] = [];\n  for (;;) keep.push(new Float64Array(10_000_000).fill(1));'),
    'out-of-memory', /cellState.*used more than \d+ MB of memory/, { callTimeoutMs: 60_000, memoryLimitMb: 256 }),
  cellStateCase('console-flood', 'prints a million lines, then answers correctly',
    wrapCellState("  for (let k = 0; k < 1_000_000; k++) console.log('spam spam spam', k);\n  return referenceCellState(f, cPrev, i, cTilde);"), 'ok'),
  cellStateCase('import-solution-relative', 'imports the reference solution by relative path',
    async () => (await reference('06-cell-state', 'cell-state.ts')).replace(
      "import type { Vector } from '../../lib/types';",
      "import type { Vector } from '../../lib/types';\nimport * as stolen from '../../solutions/06-cell-state/cell-state';\nvoid stolen;"),
    'load-error', /may not import solutions\//),
  cellStateCase('import-solution-absolute', 'requires the reference solution by absolute path',
    atLoad(`require(${JSON.stringify(path.join(SOLUTIONS_DIR, '06-cell-state', 'cell-state'))});`),
    'load-error', /may not import solutions\//),
  cellStateCase('write-file', 'writes a file',
    wrapCellState(`  require('fs').writeFileSync(${JSON.stringify(CANARY_PATH)}, 'written from the sandbox');\n  return referenceCellState(f, cPrev, i, cTilde);`),
    'threw', /cellState was stopped by the sandbox/),
  cellStateCase('child-process', 'starts a child process',
    wrapCellState(`  require('child_process').execSync(${JSON.stringify(`touch ${CANARY_PATH}`)});\n  return referenceCellState(f, cPrev, i, cTilde);`),
    'threw', /cellState was stopped by the sandbox.*: exercises may not start processes/),
  cellStateCase('child-process-builtin', 'reaches child_process through process.getBuiltinModule',
    wrapCellState(`  (process as any).getBuiltinModule('child_process').execSync(${JSON.stringify(`touch ${CANARY_PATH}`)});\n  return referenceCellState(f, cPrev, i, cTilde);`),
    'threw', /exercises may not start processes/),
  cellStateCase('network', 'opens a network connection',
    wrapCellState("  require('net').connect(80, '127.0.0.1');\n  return referenceCellState(f, cPrev, i, cTilde);"),
    'threw', /may not use the network/),
  cellStateCase('kill-grader', 'sends SIGKILL to the grader',
    wrapCellState("  process.kill(process.ppid, 'SIGKILL');\n  return referenceCellState(f, cPrev, i, cTilde);"),
    'threw', /may not send signals/),
  cellStateCase('garbage-on-pipes', "writes garbage to every file descriptor it can, the grader's pipes included",
    wrapCellState("  const fs = require('fs');\n  for (let fd = 0; fd < 20; fd++) {\n    try { fs.writeSync(fd, 'garbage '.repeat(100)); } catch { /* not open */ }\n  }\n  return referenceCellState(f, cPrev, i, cTilde);"),
    'crashed', /cellState.*wrote garbage to the grader's pipe/),
  cellStateCase('import-sandbox-internals', "requires the sandbox's own modules to change what they captured",
    atLoad("require('../../.sandbox/captured').reflectApply = () => 0;"), 'load-error', /may not load the sandbox's own files/),
  {
    ...cellStateCase('forged-reply', 'writes a well-formed reply frame of its own, full of wrong types, before answering',
    wrapCellState([
      "  const json = Buffer.from(JSON.stringify({ id: 2, type: 'reply', output: '', outputCut: false, slowestCallMs: 0,",
      "    outcomes: [{ ok: false, kind: 'threw', thrown: { isError: 1, name: 7, message: { a: 1 }, stack: 42 } }] }));",
      '  const frame = Buffer.alloc(16 + json.length);',
      "  frame.write('LSTM', 0, 'latin1'); frame.writeUInt32BE(8 + json.length, 4); frame.writeUInt32BE(0, 8); frame.writeUInt32BE(json.length, 12);",
      '  json.copy(frame, 16);',
      "  require('fs').writeSync(3, frame);",
      '  return referenceCellState(f, cPrev, i, cTilde);',
    ].join('\n')),
    'threw', /^cellState threw /),
    sameFaultAgain: false,
  },
  cellStateCase('patch-globals', 'patches Math, Number, Object, prototypes and the clone functions at load',
    atLoad([
      // First, while Object.prototype is still clean (a polluted "value" key would spoil this descriptor):
      'Object.defineProperty(Object.getPrototypeOf(Float64Array.prototype), "length", { get() { return 0; } });',
      'Math.exp = () => 0; Math.tanh = () => 0; Math.max = () => 0;',
      'Number.isFinite = () => true; (Number as any).prototype.toString = () => "patched";',
      '(Object as any).keys = () => []; (Object.prototype as any).ok = true; (Object.prototype as any).value = 42;',
      '(Array.prototype as any).push = function () { return 0; }; (Array.prototype as any).map = function () { return []; };',
      '(Function.prototype as any).apply = function () { return 0; }; (Reflect as any).apply = () => 0;',
      '(globalThis as any).structuredClone = () => ({ forged: true }); JSON.stringify = () => "{}";',
      '(Float64Array.prototype as any).fill = function () { return this; };',
      'Math.min = () => 0; Number.isInteger = () => false; (globalThis as any).Error = function () { return {}; };',
      '(String.prototype as any).indexOf = () => -1; (String.prototype as any).startsWith = () => true; (String.prototype as any).slice = () => "";',
      '(Map.prototype as any).get = () => undefined; (Map.prototype as any).set = function () { return this; };',
    ].join('\n')),
    // DESIGN.md section 5: a patched built-in costs the exercise its points, with a clear sentence.
    'forbidden', /cellState.*changed the built-in .*: exercises may not patch built-in objects/),
  cellStateCase('returns-proxy', 'returns a Proxy',
    wrapCellState('  return new Proxy(referenceCellState(f, cPrev, i, cTilde), {}) as any;'), 'invalid-result', /cellState.*returned a Proxy/),
  cellStateCase('returns-promise', 'is async and returns a Promise',
    wrapCellState('  return Promise.resolve(referenceCellState(f, cPrev, i, cTilde)) as any;'), 'invalid-result',
    /cellState.*returned a Promise: the functions must be synchronous/),
  cellStateCase('returns-function', 'returns a function',
    wrapCellState('  return (() => referenceCellState(f, cPrev, i, cTilde)) as any;'), 'invalid-result', /cellState.*returned a function/),
  cellStateCase('returns-symbol-inside', 'returns an object holding a symbol',
    wrapCellState("  return { c: referenceCellState(f, cPrev, i, cTilde), tag: Symbol('x') } as any;"), 'invalid-result',
    /cellState.*returned something the grader cannot copy/),
  cellStateCase('changing-getter', 'returns an object whose getter changes on each read',
    wrapCellState('  let reads = 0;\n  return { get reads() { return ++reads; } } as any;'), 'ok'),
  cellStateCase('stack-overflow', 'recurses without end',
    wrapCellState('  const down = (n: number): number => down(n + 1) + 1;\n  down(0);\n  return referenceCellState(f, cPrev, i, cTilde);'),
    'crashed', /cellState overflowed the call stack/),
  cellStateCase('syntax-error', 'has a syntax error',
    async () => (await reference('06-cell-state', 'cell-state.ts')).replace('const c = new Float64Array(f.length);', 'const c = new Float64Array(f.length;'),
    'load-error', /06-cell-state\/cell-state\.ts: line \d+: '?\)'? expected/),
  cellStateCase('missing-export', 'does not export cellState',
    async () => (await reference('06-cell-state', 'cell-state.ts')).replace('export function cellState(', 'export function cellStat('),
    'missing-export', /does not export a function cellState/),
  cellStateCase('missing-file', 'has no exercise file at all',
    async () => null, 'load-error', /06-cell-state\/cell-state\.ts is missing/),
  cellStateCase('right-first-calls-only', 'answers correctly for its first 3 calls, then returns zeros',
    wrapCellState('  calls++;\n  return calls <= 3 ? referenceCellState(f, cPrev, i, cTilde) : new Float64Array(f.length);', 'let calls = 0;\n'),
    'ok'),
  cellStateCase('changes-arguments', 'answers correctly but overwrites its argument f',
    wrapCellState('  const c = referenceCellState(f, cPrev, i, cTilde);\n  f.fill(0);\n  return c;'), 'ok'),
  cellStateCase('not-implemented', 'is still the stub',
    wrapCellState("  throw new NotImplementedError('cellState');", "import { NotImplementedError } from '../../lib/not-implemented';\n"),
    'not-implemented', /cellState is not implemented yet/),
  {
    ...cellStateCase('symlink-to-solution', 'is a symbolic link to the reference solution',
      async () => null, 'load-error', /cell-state\.ts is a symbolic link: submit the file itself/),
    symlinkTo: path.join(SOLUTIONS_DIR, '06-cell-state', 'cell-state.ts'),
  },
  {
    name: 'broken-dependency',
    description: 'a syntax error in 02-affine, which the forget gate imports',
    folder: '02-affine',
    source: async () => `${await reference('02-affine', 'affine.ts')}\nexport function oops( {\n`,
    fn: 'forgetGate',
    args: () => [{ W: { rows: 1, cols: 2, data: v(0.5, -0.5) }, b: v(0.1) }, v(0.3), v(0.7)],
    expect: 'load-error',
    message: /03-forget-gate\/forget-gate\.ts imports a file that cannot be loaded: 02-affine\/affine\.ts: line \d+/,
    healthyFolder: '06-cell-state',
  },
];

/** The folder the call of a case goes to (the broken-dependency case calls an importer). */
export function calledFolder(hostile: HostileCase): string {
  return hostile.name === 'broken-dependency' ? '03-forget-gate' : hostile.folder;
}

export function hostileCase(name: string): HostileCase {
  const found = HOSTILE_CASES.find((c) => c.name === name);
  if (!found) {
    throw new RangeError(`hostileCase: unknown case ${JSON.stringify(name)}; known: ${HOSTILE_CASES.map((c) => c.name).join(', ')}`);
  }
  return found;
}

/**
 * A fresh copy of solutions/ in a temporary folder with the case's file made hostile; returns
 * the folder (the caller deletes it). Grade it with `npm run grade -- --submission DIR`.
 */
export async function buildHostileSubmission(name: string): Promise<string> {
  const hostile = hostileCase(name);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `lstm-lab-hostile-${name}-`));
  await fsp.cp(SOLUTIONS_DIR, dir, { recursive: true });
  const file = path.join(dir, hostile.folder, `${hostile.folder.replace(/^\d+-/, '')}.ts`);
  const source = await hostile.source();
  if (source === null) await fsp.rm(file);
  else await fsp.writeFile(file, source);
  if (hostile.symlinkTo !== undefined) await fsp.symlink(hostile.symlinkTo, file);
  return dir;
}
