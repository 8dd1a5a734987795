import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE } from '../../../../grader/answer-key';
import { backwardDeterministic, forwardDeterministic } from '../../../../grader/checks/kinds/deterministic';
import { CODE_EXERCISES } from '../../../../grader/course';
import type { Gate, LstmParams, StepCache, Vector } from '../../../../lib/types';
import { runKind } from './helpers';

describe('the deterministic kinds', () => {
  it('pass the reference', async () => {
    expect(await runKind(forwardDeterministic, 'hiddenState')).toBeUndefined();
    expect(await runKind(backwardDeterministic, 'hiddenState')).toBeUndefined();
  });

  it('pass the reference of every pair, whose forward caches keep their arguments', async () => {
    for (const fn of CODE_EXERCISES.flatMap((e) => e.pairs.map((p) => p.forward))) {
      expect(await runKind(forwardDeterministic, fn, {}, 5), fn).toBeUndefined();
      expect(await runKind(backwardDeterministic, fn, {}, 5), fn).toBeUndefined();
    }
  });

  it('fail a function that keeps state between calls', async () => {
    let calls = 0;
    const stateful = (z: Vector) => z.map((v) => Math.tanh(v) + (calls++ % 2) * 1e-9);
    expect((await runKind(forwardDeterministic, 'tanh', { tanh: stateful }))?.message).toBe(
      'tanh gave a different answer the second time it was called with the same arguments: does it keep state between calls?',
    );
  });

  it('fail a forward that returns one module-level buffer from every call (independent case ig-forward-module-buffer)', async () => {
    let buffer = new Float64Array(0);
    const moduleBuffer = (gate: Gate, hPrev: Vector, x: Vector) => {
      const i = FULL_REFERENCE.inputGate(gate, hPrev, x) as Vector;
      if (buffer.length !== i.length) buffer = new Float64Array(i.length);
      buffer.set(i);
      return buffer;
    };
    expect((await runKind(forwardDeterministic, 'inputGate', { inputGate: moduleBuffer }))?.message).toBe(
      'inputGate returned the same array from two calls: it keeps one buffer between calls, so an answer changes when the function is called again; ' +
        'return a new array on every call.',
    );
    // Shrinking looks for a different answer first; the same answers in one buffer fail only with the pass rule.
    expect(await runKind(forwardDeterministic, 'inputGate', { inputGate: moduleBuffer }, 20, true)).toBeUndefined();
  });

  it('fail a forward that hands out views of one module-level buffer', async () => {
    const pool = new Float64Array(64);
    // The same stretch each time is the same array to a caller; here each view starts one entry further on.
    let start = 0;
    const view = (z: Vector) => {
      start = (start + 1) % 2;
      const out = pool.subarray(start, start + z.length);
      for (let k = 0; k < z.length; k++) out[k] = Math.tanh(z[k]);
      return out;
    };
    expect((await runKind(forwardDeterministic, 'tanh', { tanh: view }))?.message).toBe(
      'tanh returned arrays over the same memory from two calls: it keeps one buffer between calls, so an answer changes when the function is called again; ' +
        'return a new array on every call.',
    );
  });

  it('fail a backward that accumulates into module-level gradients, naming both the state and the array', async () => {
    let kept: { forget: { dW: { data: Float64Array } } } | undefined;
    const accumulates = (params: LstmParams, caches: StepCache[], dhs: Vector[], dcLast: Vector) => {
      const fresh = FULL_REFERENCE.lstmBackward(params, caches, dhs, dcLast) as { grads: typeof kept };
      if (kept === undefined || kept.forget.dW.data.length !== fresh.grads!.forget.dW.data.length) kept = fresh.grads;
      else for (let k = 0; k < kept.forget.dW.data.length; k++) kept.forget.dW.data[k] += fresh.grads!.forget.dW.data[k];
      return { ...fresh, grads: { ...fresh.grads, forget: kept!.forget } };
    };
    const message =
      'lstmBackward gave a different answer the second time it was called with the same arguments and returned the same array from two calls ' +
      '(as grads.forget.dW.data): does it keep state between calls? Return a new array on every call.';
    expect((await runKind(backwardDeterministic, 'lstmForward', { lstmBackward: accumulates }))?.message).toBe(message);
    // Shrunk towards a clear failure, it keeps the different answer (a case with zero gradients would hide it).
    kept = undefined;
    expect((await runKind(backwardDeterministic, 'lstmForward', { lstmBackward: accumulates }, 20, true))?.message).toBe(message);
  });
});
