/**
 * The child's reply, turned into the Runner's CallOutcomes: values rebuilt and checked, faults
 * worded for students, and the faults that end a function's calls remembered (through
 * makeSticky). A reply reaches this module only after reply.ts checked its fields; its contents
 * are still untrusted: code in the child may have chosen them. Every student string that leaves
 * the Runner goes through sanitizeText here (cleanFault, and every string in a returned value).
 */
import v8 from 'node:v8';
import { decode, Encoder, fallbackTree, GarbledValueError } from './child/codec';
import { MAX_SHARED_PATH_CHARS } from './child/limits';
import * as faults from './faults';
import type { RawOutcome, SandboxReply } from './protocol';
import { sanitizeText } from '../sanitize';
import type { StagedWorkspace } from './stage';
import { mapStack } from './stack';
import type { CallOutcome, Fault, SharedMemory } from './types';

export interface OutcomeContext {
  /** The function as students read it in messages. */
  fn: string;
  /** Its submission-relative file. */
  file: string;
  callTimeoutMs: number;
  workspace: Pick<StagedWorkspace, 'files'>;
  /** For a call for parts (Runner.callManyParts): how many parts each answer holds. */
  parts?: number;
  /** The fault that already ends this function's calls, if any. */
  stickyFault: Fault | undefined;
  makeSticky: (fault: Fault) => void;
}

/** Longest fault message and file name handed out. */
const MESSAGE_LIMIT = 2000;
const FILE_LIMIT = 300;

/** `expected` outcomes from a reply; calls the child did not answer (a batch cut short) share the sticky fault. */
export function readOutcomes(reply: SandboxReply, expected: number, context: OutcomeContext): CallOutcome[] {
  const outcomes: CallOutcome[] = [];
  let sticky = context.stickyFault;
  const remember = (fault: Fault): void => {
    sticky = fault;
    context.makeSticky(fault);
  };
  for (let k = 0; k < expected; k++) {
    const raw = reply.outcomes[k] as RawOutcome | undefined;
    if (raw === undefined) {
      outcomes.push({ ok: false, fault: sticky ?? faults.timeoutFault(context.fn, context.callTimeoutMs, { file: context.file }) });
      continue;
    }
    outcomes.push(readOutcome(raw, reply.floats, context, remember));
  }
  return outcomes;
}

function garbled(context: OutcomeContext): CallOutcome {
  return {
    ok: false,
    fault: faults.invalidResultFault(context.fn, 'uncloneable', 'the sandbox reply was garbled', { file: context.file }),
  };
}

function readOutcome(raw: RawOutcome, floats: Float64Array, context: OutcomeContext, remember: (fault: Fault) => void): CallOutcome {
  const { fn, file } = context;
  if (raw.ok === true) {
    const outcome = decodeValues(raw.value, raw.argsAfter, floats, context);
    return outcome.ok && raw.shared !== undefined ? { ...outcome, shared: cleanShared(raw.shared) } : outcome;
  }
  switch (raw.kind) {
    case 'threw': {
      const thrown = sanitizeThrown(raw.thrown);
      const where = mapStack(thrown.stack, context.workspace) ?? { file };
      return { ok: false, fault: faults.thrownFault(fn, thrown, where) };
    }
    case 'missing-export': {
      const fault = faults.missingExportFault(fn, file, raw.exportType);
      remember(fault);
      return { ok: false, fault };
    }
    case 'invalid-result':
      return { ok: false, fault: faults.invalidResultFault(fn, raw.reason, raw.detail, { file }) };
    case 'slow': {
      const fault = faults.timeoutFault(fn, context.callTimeoutMs, { file });
      remember(fault);
      return { ok: false, fault };
    }
    default:
      return garbled(context);
  }
}

/** What was thrown, as plain capped strings whatever the child sent (the stack stays raw: it is only parsed). */
export function sanitizeThrown(thrown: unknown): faults.Thrown & { stack: string } {
  const fields = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Record<string, unknown>;
  const text = (value: unknown, limit: number): string => (typeof value === 'string' ? value.slice(0, limit) : '');
  const result: faults.Thrown & { stack: string } = {
    isError: fields.isError === true,
    name: text(fields.name, 100) || 'Error',
    message: text(fields.message, 2100),
    stack: text(fields.stack, 9000),
  };
  if (typeof fields.functionName === 'string') result.functionName = text(fields.functionName, 100);
  if (typeof fields.code === 'string') result.code = text(fields.code, 100);
  return result;
}

/** A string from a returned value, cleaned but never cut (it is data for the checks). */
function cleanValueString(text: string): string {
  return sanitizeText(text, { multiline: true, maxLength: Math.max(1, text.length) });
}

/** Rebuilds the values the child sent; the decoder bounds its own walk (parts, depth, pool). */
function decodeValues(valueTree: unknown, argsTree: unknown, floats: Float64Array, context: OutcomeContext): CallOutcome {
  let value: unknown;
  let argsAfter: unknown;
  try {
    value = decode(valueTree, floats, { mapString: cleanValueString });
    // A call for parts answers no arguments (reply.ts let it through only for such a call).
    argsAfter = context.parts === undefined ? decode(argsTree, floats, { mapString: cleanValueString }) : [];
  } catch (error) {
    if (error instanceof GarbledValueError) return garbled(context);
    throw error;
  }
  if (!Array.isArray(argsAfter)) return garbled(context);
  if (context.parts !== undefined && (!Array.isArray(value) || value.length !== context.parts)) return garbled(context);
  return { ok: true, value, argsAfter };
}

/** A shared-memory report as it may leave the Runner: its paths (which hold the student's keys) cleaned like every string. */
export function cleanShared(shared: readonly SharedMemory[]): SharedMemory[] {
  const clean = (text: string) => sanitizeText(text, { maxLength: MAX_SHARED_PATH_CHARS });
  return shared.map((entry) => ({
    resultPath: clean(entry.resultPath),
    same: entry.same,
    with: 'argument' in entry.with ? { argument: clean(entry.with.argument) } : { earlierCall: entry.with.earlierCall },
  }));
}

const cleaned = new WeakMap<Fault, Fault>();

/**
 * A fault as it may leave the Runner: message and file name without control characters, escape
 * sequences or lone surrogates, and capped (sanitize.ts). Faults are shared by many outcomes, so
 * each is cleaned once.
 */
export function cleanFault(fault: Fault): Fault {
  const known = cleaned.get(fault);
  if (known) return known;
  const clean: Fault = { kind: fault.kind, message: sanitizeText(fault.message, { maxLength: MESSAGE_LIMIT }) };
  if (fault.file !== undefined) clean.file = sanitizeText(fault.file, { maxLength: FILE_LIMIT });
  if (fault.line !== undefined) clean.line = fault.line;
  cleaned.set(fault, clean);
  cleaned.set(clean, clean);
  return clean;
}

export function cleanOutcome(outcome: CallOutcome): CallOutcome {
  return outcome.ok ? outcome : { ok: false, fault: cleanFault(outcome.fault) };
}

/** The grader's own values for the sandbox: the fast tree encoding, or v8.serialize bytes for anything unusual. */
export function encodeForSandbox(value: unknown, method: string): { tree: unknown; floats: Float64Array; jsonBytes: number } {
  const encoder = new Encoder({ allowShared: true, maxValueFloatBytes: Number.MAX_SAFE_INTEGER });
  const encoded = encoder.encode(value);
  if ('tree' in encoded) return { tree: encoded.tree, floats: encoder.pool(), jsonBytes: encoder.jsonBytes };
  if (encoded.refused !== 'uncloneable') {
    throw new RangeError(
      `${method}: the arguments cannot be sent to the sandbox (${encoded.refused}${encoded.detail ? `: ${encoded.detail}` : ''})`,
    );
  }
  const tree = fallbackTree(v8.serialize(value));
  return { tree, floats: new Float64Array(0), jsonBytes: (tree as [number, string])[1].length + 16 };
}
