/**
 * A reply frame is accepted only when every field is the one the request calls for: forged
 * frames (an argsAfter on a load, an unknown field, a stale id, a wrong type) are garbage.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SHARED_ENTRIES, MAX_SHARED_PATH_CHARS } from '../../../grader/sandbox/child/limits';
import {
  GarbledReplyError,
  isProgressMessage,
  isReadyMessage,
  readProgress,
  readReply,
  type ReplyExpectation,
} from '../../../grader/sandbox/reply';

const floats = new Float64Array(0);
const thrown = { isError: true, name: 'Error', message: 'boom', stack: 'Error: boom' };

function reply(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    type: 'reply',
    outcomes: [{ ok: true, value: 1, argsAfter: [1] }],
    replyFull: false,
    output: '',
    outputCut: false,
    patchedBuiltin: '',
    probe: [1],
    ...fields,
  };
}

const call: ReplyExpectation = { id: 7, type: 'call', calls: 3, outputBudget: 10 };
const load: ReplyExpectation = { id: 7, type: 'load', calls: 1, outputBudget: 10 };
const task: ReplyExpectation = { id: 7, type: 'task', calls: 1, outputBudget: 10 };
const dbIsDz = { resultPath: 'db', same: true, with: { argument: '[3]' } };
const kept = { resultPath: '', same: false, with: { earlierCall: 2 } };
/** A reply to a call whose one outcome reports `shared`. */
const sharing = (shared: unknown) => reply({ outcomes: [{ ok: true, value: 1, argsAfter: [1], shared }] });

describe('readReply', () => {
  it('accepts the reply to the request in flight, with exactly its fields', () => {
    const read = readReply(reply(), floats, call);
    expect(read.outcomes).toEqual([{ ok: true, value: 1, argsAfter: [1] }]);
    expect(readReply(reply({ outcomes: [{ ok: true }] }), floats, load).outcomes).toEqual([{ ok: true }]);
    expect(
      readReply(reply({ outcomes: [{ ok: false, kind: 'threw', thrown: { ...thrown, code: 'E' } }] }), floats, call).outcomes,
    ).toHaveLength(1);
    expect(
      readReply(
        reply({
          outcomes: [
            { ok: true, value: 1, argsAfter: [] },
            { ok: false, kind: 'slow', elapsedMs: 3 },
          ],
        }),
        floats,
        call,
      ).outcomes,
    ).toHaveLength(2);
    expect(readReply(reply({ replyFull: true }), floats, call).replyFull).toBe(true);
    expect(readReply(sharing([dbIsDz, kept]), floats, call).outcomes).toEqual([
      { ok: true, value: 1, argsAfter: [1], shared: [dbIsDz, kept] },
    ]);
  });

  it('refuses a shared-memory report that is not exactly what a call sends', () => {
    const forged: [Record<string, unknown>, ReplyExpectation][] = [
      [sharing([dbIsDz]), load],
      [sharing([dbIsDz]), task],
      [reply({ outcomes: [{ ok: false, kind: 'threw', thrown, shared: [dbIsDz] }] }), call],
      [sharing([]), call],
      [sharing(dbIsDz), call],
      [sharing(Array.from({ length: MAX_SHARED_ENTRIES + 1 }, () => dbIsDz)), call],
      [sharing([{ ...dbIsDz, extra: 1 }]), call],
      [sharing([{ resultPath: 'db', with: { argument: '[3]' } }]), call],
      [sharing([{ ...dbIsDz, same: 'yes' }]), call],
      [sharing([{ ...dbIsDz, resultPath: 3 }]), call],
      [sharing([{ ...dbIsDz, resultPath: 'x'.repeat(MAX_SHARED_PATH_CHARS + 1) }]), call],
      [sharing([{ ...dbIsDz, with: { argument: '' } }]), call],
      [sharing([{ ...dbIsDz, with: { argument: '[3]', earlierCall: 1 } }]), call],
      [sharing([{ ...dbIsDz, with: {} }]), call],
      [sharing([{ ...dbIsDz, with: '[3]' }]), call],
      [sharing([{ ...kept, with: { earlierCall: 0 } }]), call],
      [sharing([{ ...kept, with: { earlierCall: 1.5 } }]), call],
      [sharing([{ ...kept, with: { earlierCall: '1' } }]), call],
    ];
    for (const [message, expected] of forged)
      expect(() => readReply(message, floats, expected), JSON.stringify(message).slice(0, 300)).toThrow(GarbledReplyError);
  });

  it('refuses forged fields: argsAfter on a load or on a fault, unknown fields, stale ids', () => {
    const forged: [Record<string, unknown>, ReplyExpectation][] = [
      [reply({ outcomes: [{ ok: true, value: 1, argsAfter: [1] }] }), load],
      [reply({ outcomes: [{ ok: false, kind: 'threw', thrown, argsAfter: [1] }] }), call],
      [reply({ outcomes: [{ ok: false, kind: 'threw', thrown: { ...thrown, extra: 1 } }] }), call],
      [reply({ extra: true }), call],
      [reply({ id: 8 }), call],
      [reply({ type: 'ready' }), call],
      [{ ...reply(), outputCut: undefined }, call],
    ];
    for (const [message, expected] of forged)
      expect(() => readReply(message, floats, expected), JSON.stringify(message)).toThrow(GarbledReplyError);
  });

  it('refuses wrong types, sizes and counts', () => {
    const bad = [
      reply({ outcomes: [] }),
      reply({
        outcomes: [
          { ok: true, value: 1, argsAfter: [1] },
          { ok: true, value: 1, argsAfter: [1] },
          { ok: true, value: 1, argsAfter: [1] },
          { ok: true, value: 1, argsAfter: [1] },
        ],
      }),
      reply({ outcomes: [{ ok: false, kind: 'threw', thrown: { ...thrown, isError: 1 } }] }),
      reply({ outcomes: [{ ok: false, kind: 'threw', thrown: { ...thrown, message: 'x'.repeat(5000) } }] }),
      reply({ outcomes: [{ ok: false, kind: 'invalid-result', reason: '__proto__', detail: '' }] }),
      reply({ outcomes: [{ ok: false, kind: 'slow', elapsedMs: -1 }] }),
      reply({
        outcomes: [
          { ok: false, kind: 'slow', elapsedMs: 1 },
          { ok: true, value: 1, argsAfter: [] },
        ],
      }),
      reply({ outcomes: [{ ok: 'yes' }] }),
      reply({ output: 'x'.repeat(11) }),
      reply({ slowestCallMs: 0.5 }),
      reply({ patchedBuiltin: 7 }),
      reply({
        replyFull: true,
        outcomes: [
          { ok: true, value: 1, argsAfter: [] },
          { ok: true, value: 1, argsAfter: [] },
          { ok: true, value: 1, argsAfter: [] },
        ],
      }),
      [1, 2],
      null,
    ];
    for (const message of bad)
      expect(() => readReply(message, floats, call), JSON.stringify(message)?.slice(0, 200)).toThrow(GarbledReplyError);
    expect(() => readReply(reply({ outcomes: [{ ok: false, kind: 'missing-export', exportType: 'undefined' }] }), floats, load)).toThrow(
      GarbledReplyError,
    );
  });
});

describe('readReply for a call for parts', () => {
  const parts: ReplyExpectation = { ...call, parts: true };

  it('accepts answers that carry a value only, and refuses arguments or a shared-memory report on them', () => {
    expect(readReply(reply({ outcomes: [{ ok: true, value: [1] }] }), floats, parts).outcomes).toEqual([{ ok: true, value: [1] }]);
    for (const outcome of [{ ok: true, value: [1], argsAfter: [1] }, { ok: true, value: [1], shared: [kept] }, { ok: true }]) {
      expect(() => readReply(reply({ outcomes: [outcome] }), floats, parts), JSON.stringify(outcome)).toThrow(GarbledReplyError);
    }
    // And an answer without arguments is garbage for a whole call.
    expect(() => readReply(reply({ outcomes: [{ ok: true, value: [1] }] }), floats, call)).toThrow(GarbledReplyError);
  });
});

describe('readProgress', () => {
  const progress = (fields: Record<string, unknown> = {}) => ({ id: 7, type: 'progress', answered: 1, ...fields });

  it('reads the count of a progress frame about the batch of calls in flight', () => {
    expect(isProgressMessage(progress())).toBe(true);
    expect(isProgressMessage(reply())).toBe(false);
    expect(readProgress(progress(), floats, call, 0)).toBe(1);
    expect(readProgress(progress({ answered: 2 }), floats, call, 1)).toBe(2);
  });

  it('refuses a progress frame with other fields or numbers, for another request, or that does not move forward within the batch', () => {
    const refused: [Record<string, unknown>, ReplyExpectation, number, Float64Array][] = [
      [progress({ id: 8 }), call, 0, floats],
      [progress(), load, 0, floats],
      [progress(), task, 0, floats],
      [progress({ extra: true }), call, 0, floats],
      [{ id: 7, type: 'progress' }, call, 0, floats],
      [progress(), call, 0, Float64Array.of(1)],
      [progress({ answered: 1 }), call, 1, floats],
      [progress({ answered: 3 }), call, 0, floats],
      [progress({ answered: 1.5 }), call, 0, floats],
      [progress({ answered: '2' }), call, 0, floats],
    ];
    for (const [message, expected, before, pool] of refused) {
      expect(() => readProgress(message, pool, expected, before), JSON.stringify(message)).toThrow(GarbledReplyError);
    }
  });
});

describe('isReadyMessage', () => {
  it('accepts exactly { type: "ready" }', () => {
    expect(isReadyMessage({ type: 'ready' })).toBe(true);
    expect(isReadyMessage({ type: 'ready', id: 1 })).toBe(false);
    expect(isReadyMessage('ready')).toBe(false);
  });
});
