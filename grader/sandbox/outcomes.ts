/**
 * The child's reply, turned into the Runner's CallOutcomes: values rebuilt and checked, faults
 * worded for students, and the faults that end a function's calls remembered (through
 * makeSticky). Everything in a reply is untrusted: code in the child may have written it.
 */
import v8 from 'node:v8';
import { decode, Encoder, fallbackTree } from './child/codec';
import * as faults from './faults';
import type { RawOutcome, SandboxReply } from './protocol';
import type { StagedWorkspace } from './stage';
import { mapStack } from './stack';
import type { CallOutcome, Fault } from './types';
import { checkReturnedValue } from './validate';

export interface OutcomeContext {
  /** The function as students read it in messages. */
  fn: string;
  /** Its submission-relative file. */
  file: string;
  callTimeoutMs: number;
  workspace: Pick<StagedWorkspace, 'files'>;
  /** The fault that already ends this function's calls, if any. */
  stickyFault: Fault | undefined;
  makeSticky: (fault: Fault) => void;
}

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
  return { ok: false, fault: faults.invalidResultFault(context.fn, 'uncloneable', 'the sandbox reply was garbled', { file: context.file }) };
}

function readOutcome(raw: RawOutcome, floats: unknown, context: OutcomeContext, remember: (fault: Fault) => void): CallOutcome {
  const { fn, file } = context;
  if (raw === null || typeof raw !== 'object') return garbled(context);
  if (raw.ok === true) return decodeValues(raw.value, raw.argsAfter, floats, context);
  switch (raw.kind) {
    case 'threw': {
      const thrown = sanitizeThrown(raw.thrown);
      const where = mapStack(thrown.stack, context.workspace) ?? { file };
      return { ok: false, fault: faults.thrownFault(fn, thrown, where) };
    }
    case 'missing-export': {
      const fault = faults.missingExportFault(fn, file, String(raw.exportType).slice(0, 20));
      remember(fault);
      return { ok: false, fault };
    }
    case 'invalid-result':
      return { ok: false, fault: faults.invalidResultFault(fn, String(raw.reason), String(raw.detail), { file }) };
    case 'slow': {
      const fault = faults.timeoutFault(fn, context.callTimeoutMs, { file });
      remember(fault);
      return { ok: false, fault };
    }
    default:
      return garbled(context);
  }
}

/** What was thrown, as plain capped strings whatever the child sent. */
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

/** Rebuilds the values the child sent, and refuses values the grader could not walk safely. */
function decodeValues(valueTree: unknown, argsTree: unknown, floats: unknown, context: OutcomeContext): CallOutcome {
  if (!(floats instanceof Float64Array)) return garbled(context);
  let value: unknown;
  let argsAfter: unknown;
  try {
    value = decode(valueTree, floats, v8.deserialize);
    argsAfter = decode(argsTree, floats, v8.deserialize);
  } catch {
    return { ok: false, fault: faults.invalidResultFault(context.fn, 'too-deep', '', { file: context.file }) };
  }
  const problem = checkReturnedValue(value) ?? checkReturnedValue(argsAfter);
  if (problem) return { ok: false, fault: faults.invalidResultFault(context.fn, problem.reason, problem.detail, { file: context.file }) };
  if (!Array.isArray(argsAfter)) return garbled(context);
  return { ok: true, value, argsAfter };
}

/** The grader's own values for the sandbox: the fast tree encoding, or v8.serialize bytes for anything unusual. */
export function encodeForSandbox(value: unknown): { tree: unknown; floats: Float64Array } {
  const encoder = new Encoder();
  const tree = encoder.tryEncode(value);
  return tree === undefined ? { tree: fallbackTree(v8.serialize(value)), floats: new Float64Array(0) } : { tree, floats: encoder.pool() };
}
