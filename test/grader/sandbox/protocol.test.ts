/**
 * The messages between the grader and the sandbox process (grader/sandbox/protocol.ts): a request
 * crosses the pipe as the grader sends it (the Float64Array pool split off, one frame) and comes
 * back whole where the child reads it; a reply of the protocol's shape is accepted, and the
 * reasons for refusing a result are exactly the protocol's list on both sides.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../grader/sandbox/child/codec';
import { decodeFrame, encodeFrame } from '../../../grader/sandbox/child/framing';
import { encodeForSandbox } from '../../../grader/sandbox/outcomes';
import {
  INVALID_REASONS,
  type CallRequest,
  type LoadRequest,
  type SandboxReply,
  type SandboxRequest,
  type TaskRequest,
} from '../../../grader/sandbox/protocol';
import { readReply } from '../../../grader/sandbox/reply';

/** What process.ts does to a request and child/entry.ts undoes: pool apart, one frame, pool put back. */
function overThePipe(request: SandboxRequest): SandboxRequest {
  const { floats, ...message } = { floats: new Float64Array(0), ...request };
  const frame = encodeFrame(message, floats);
  const read = decodeFrame(frame.subarray(8));
  const received = read.message as SandboxRequest;
  if (received.type !== 'load') received.floats = read.floats;
  return received;
}

const base = { id: 123456789, outputBudget: 4096, probe: [0.25, -1] };

describe('requests', () => {
  it('a call arrives with every field, and its arguments decode to equal values with fresh typed arrays', () => {
    const argsList = [
      [Float64Array.of(0.5, -1, 2), { W: { rows: 1, cols: 2, data: Float64Array.of(3, 4) }, b: [Float64Array.of(5)] }],
      [Float64Array.of(Number.MIN_VALUE, -0, 1e300), 'text', 7],
    ];
    const encoded = encodeForSandbox(argsList, 'test');
    const request: CallRequest = {
      ...base,
      type: 'call',
      file: '/work/.sandbox/03-forget-gate/forget-gate.js',
      fn: 'forgetGate',
      argsList: encoded.tree,
      floats: encoded.floats,
      callTimeMs: 2000,
      heartbeatMs: 100,
      parts: [['hs', '0'], ['c']],
      maxResultBytes: 1 << 20,
      newArrays: true,
    };
    const received = overThePipe(request) as CallRequest;
    expect({ ...received, floats: undefined, argsList: undefined }).toEqual({ ...request, floats: undefined, argsList: undefined });
    expect(Array.from(received.floats)).toEqual(Array.from(encoded.floats));
    const args = decode(received.argsList, received.floats) as typeof argsList;
    expect(args).toEqual(argsList);
    expect(args[0][0]).toBeInstanceOf(Float64Array);
    expect(args[0][0]).not.toBe(argsList[0][0]);
    expect(Object.is((args[1][0] as Float64Array)[1], -0)).toBe(true);
  });

  it('a load carries no pool; a task carries its student modules as [folder, file] pairs', () => {
    const load: LoadRequest = { ...base, type: 'load', file: '/work/.sandbox/01-activations/activations.js' };
    expect(overThePipe(load)).toEqual(load);
    const encoded = encodeForSandbox([{ seed: 42 }], 'test');
    const task: TaskRequest = {
      ...base,
      type: 'task',
      taskFile: '/work/.sandbox/.trusted/train.js',
      students: [
        ['09-lstm-sequence', '/work/.sandbox/09-lstm-sequence/lstm-sequence.js'],
        ['11-readout', '/work/.sandbox/11-readout/readout.js'],
      ],
      fn: 'trainSequenceTask',
      args: encoded.tree,
      floats: encoded.floats,
      maxResultBytes: 1 << 20,
    };
    const received = overThePipe(task) as TaskRequest;
    expect(received.students).toEqual(task.students);
    expect(decode(received.args, received.floats)).toEqual([{ seed: 42 }]);
  });
});

describe('replies', () => {
  const reply = (outcomes: unknown[]): Omit<SandboxReply, 'floats'> => ({
    id: 5,
    type: 'reply',
    outcomes: outcomes as SandboxReply['outcomes'],
    replyFull: false,
    output: 'printed\n',
    outputCut: false,
    patchedBuiltin: '',
    probe: [1],
  });
  const expected = { id: 5, type: 'call' as const, calls: 1, outputBudget: 100 };

  it("a reply in the protocol's shape crosses the pipe and is accepted as it was sent", () => {
    const sent = reply([
      { ok: false, kind: 'threw', thrown: { isError: true, name: 'TypeError', message: 'boom', stack: 'TypeError: boom' } },
    ]);
    const { message, floats } = decodeFrame(encodeFrame(sent, Float64Array.of(2.5)).subarray(8));
    expect(readReply(message, floats, expected)).toEqual({ ...sent, floats: Float64Array.of(2.5) });
  });

  it('accepts a refused result for every reason of the protocol, and no other reason', () => {
    expect(new Set(INVALID_REASONS).size).toBe(INVALID_REASONS.length);
    for (const reason of INVALID_REASONS) {
      expect(
        readReply(reply([{ ok: false, kind: 'invalid-result', reason, detail: '' }]), new Float64Array(0), expected).outcomes,
      ).toHaveLength(1);
    }
    for (const reason of ['bigint', '__proto__', '']) {
      expect(() => readReply(reply([{ ok: false, kind: 'invalid-result', reason, detail: '' }]), new Float64Array(0), expected)).toThrow(
        'a garbled reply: outcome 0 is malformed',
      );
    }
  });
});
