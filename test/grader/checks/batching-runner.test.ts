/**
 * The batching runner: the calls that concurrently running cases make in one tick reach the inner
 * runner as one callMany per (folder, function); the calls of one callMany stay next to each other
 * and in order; each caller gets back exactly its own outcomes; a failure reaches every caller.
 */
import { describe, expect, it } from 'vitest';
import { batchingRunner } from '../../../grader/checks/batching-runner';
import type { CallOutcome, Runner } from '../../../grader/sandbox/types';

interface Request {
  folder: string;
  fn: string;
  argsList: unknown[][];
  paths?: string[];
}

/** An inner runner that answers each call with its own first argument and records every request. */
function recordingRunner(failFor?: string): Runner & { requests: Request[]; other: string[] } {
  const requests: Request[] = [];
  const other: string[] = [];
  return {
    requests,
    other,
    call: async () => {
      throw new Error('the batching runner must go through callMany');
    },
    callMany: async (folder, fn, argsList) => {
      requests.push({ folder, fn, argsList });
      if (fn === failFor) throw new Error(`inner runner lost ${fn}`);
      return argsList.map((args): CallOutcome => ({ ok: true, value: `${folder}/${fn}(${String(args[0])})`, argsAfter: args }));
    },
    callManyParts: async (folder, fn, argsList, paths) => {
      requests.push({ folder, fn, argsList, paths });
      return argsList.map((args): CallOutcome => ({ ok: true, value: paths.map((p) => `${fn}(${String(args[0])}).${p}`), argsAfter: [] }));
    },
    runTask: async (taskModule, fn) => {
      other.push(`runTask ${taskModule} ${fn}`);
      return { ok: true, value: 'trained', argsAfter: [] };
    },
    output: (folder) => `printed by ${folder}`,
    endExercise: async (folder) => {
      other.push(`endExercise ${folder}`);
    },
    close: async () => {
      other.push('close');
    },
  };
}

const values = (outcomes: CallOutcome[]) => outcomes.map((o) => (o.ok ? o.value : o.fault.message));

describe('batchingRunner', () => {
  it('merges the calls of concurrent cases into one callMany per function, keeping each callMany contiguous and in order', async () => {
    const inner = recordingRunner();
    const runner = batchingRunner(inner);
    const [a, b, c, g] = await Promise.all([
      runner.callMany('03-forget-gate', 'forgetGate', [['a1'], ['a2']]),
      runner.call('03-forget-gate', 'forgetGate', ['b1']),
      runner.callMany('03-forget-gate', 'forgetGate', [['c1'], ['c2'], ['c3']]),
      runner.call('03-forget-gate', 'forgetGateBackward', ['g1']),
    ]);
    expect(inner.requests).toEqual([
      { folder: '03-forget-gate', fn: 'forgetGate', argsList: [['a1'], ['a2'], ['b1'], ['c1'], ['c2'], ['c3']], paths: undefined },
      { folder: '03-forget-gate', fn: 'forgetGateBackward', argsList: [['g1']], paths: undefined },
    ]);
    expect(values(a)).toEqual(['03-forget-gate/forgetGate(a1)', '03-forget-gate/forgetGate(a2)']);
    expect(b).toEqual({ ok: true, value: '03-forget-gate/forgetGate(b1)', argsAfter: ['b1'] });
    expect(values(c)).toEqual(['03-forget-gate/forgetGate(c1)', '03-forget-gate/forgetGate(c2)', '03-forget-gate/forgetGate(c3)']);
    expect(g).toEqual({ ok: true, value: '03-forget-gate/forgetGateBackward(g1)', argsAfter: ['g1'] });
  });

  it('merges calls for parts only with calls of the same function for the same parts', async () => {
    const inner = recordingRunner();
    const runner = batchingRunner(inner);
    const [a, b, c, d] = await Promise.all([
      runner.callManyParts('08-lstm-cell', 'lstmCellForward', [['a1'], ['a2']], ['h', 'c']),
      runner.callManyParts('08-lstm-cell', 'lstmCellForward', [['b1']], ['h', 'c']),
      runner.callManyParts('08-lstm-cell', 'lstmCellForward', [['c1']], ['h']),
      runner.callMany('08-lstm-cell', 'lstmCellForward', [['d1']]),
    ]);
    expect(inner.requests).toEqual([
      { folder: '08-lstm-cell', fn: 'lstmCellForward', argsList: [['a1'], ['a2'], ['b1']], paths: ['h', 'c'] },
      { folder: '08-lstm-cell', fn: 'lstmCellForward', argsList: [['c1']], paths: ['h'] },
      { folder: '08-lstm-cell', fn: 'lstmCellForward', argsList: [['d1']], paths: undefined },
    ]);
    expect(values(a)).toEqual([
      ['lstmCellForward(a1).h', 'lstmCellForward(a1).c'],
      ['lstmCellForward(a2).h', 'lstmCellForward(a2).c'],
    ]);
    expect(values(b)).toEqual([['lstmCellForward(b1).h', 'lstmCellForward(b1).c']]);
    expect(values(c)).toEqual([['lstmCellForward(c1).h']]);
    expect(values(d)).toEqual(['08-lstm-cell/lstmCellForward(d1)']);
  });

  it('keeps functions of the same name in different exercise folders apart', async () => {
    const inner = recordingRunner();
    const runner = batchingRunner(inner);
    const [x, y] = await Promise.all([runner.call('01-activations', 'sigmoid', [1]), runner.call('other-tree', 'sigmoid', [2])]);
    expect(inner.requests.map((r) => `${r.folder}:${r.argsList.length}`)).toEqual(['01-activations:1', 'other-tree:1']);
    expect(values([x, y])).toEqual(['01-activations/sigmoid(1)', 'other-tree/sigmoid(2)']);
  });

  it('starts a new batch for calls made after the previous batch was answered', async () => {
    const inner = recordingRunner();
    const runner = batchingRunner(inner);
    await runner.call('01-activations', 'tanh', [1]);
    await runner.call('01-activations', 'tanh', [2]);
    expect(inner.requests.map((r) => r.argsList)).toEqual([[[1]], [[2]]]);
  });

  it('hands a failure of the inner callMany to every caller of that function, and only to them', async () => {
    const inner = recordingRunner('affineBackward');
    const runner = batchingRunner(inner);
    const settled = await Promise.allSettled([
      runner.call('02-affine', 'affineBackward', [1]),
      runner.callMany('02-affine', 'affineBackward', [[2], [3]]),
      runner.call('02-affine', 'affine', [4]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    for (const s of settled.slice(0, 2)) expect((s as PromiseRejectedResult).reason).toEqual(new Error('inner runner lost affineBackward'));
    expect(values([(settled[2] as PromiseFulfilledResult<CallOutcome>).value])).toEqual(['02-affine/affine(4)']);
  });

  it('passes tasks, output, endExercise and close straight to the inner runner', async () => {
    const inner = recordingRunner();
    const runner = batchingRunner(inner);
    expect(await runner.runTask('/grader/copytask/train.ts', 'trainCopyTask', ['09-lstm-sequence'], [], 1000)).toEqual({
      ok: true,
      value: 'trained',
      argsAfter: [],
    });
    expect(runner.output('03-forget-gate')).toBe('printed by 03-forget-gate');
    await runner.endExercise('03-forget-gate');
    await runner.close();
    expect(inner.other).toEqual(['runTask /grader/copytask/train.ts trainCopyTask', 'endExercise 03-forget-gate', 'close']);
    expect(inner.requests).toEqual([]);
  });
});
