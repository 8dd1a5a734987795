import { describe, expect, it } from 'vitest';
import { CHECK_KINDS, KIND_NAMES, checkId, functionOf } from '../../../../grader/checks/kinds';
import { loadConfig } from '../../../../grader/config';
import { CODE_EXERCISES } from '../../../../grader/course';

describe('the check kinds', () => {
  it('are each defined once per function of a pair', () => {
    const keys = CHECK_KINDS.map((k) => `${k.about}.${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('have one points key each in the grading config', () => {
    expect(Object.keys(loadConfig().points).sort()).toEqual([...KIND_NAMES].sort());
  });

  it('give every check of the course a unique id `<function>.<kind>`', () => {
    const ids = CODE_EXERCISES.flatMap((e) => e.pairs.flatMap((pair) => CHECK_KINDS.map((k) => checkId(k, pair))));
    expect(new Set(ids).size).toBe(ids.length);
    const pair = CODE_EXERCISES.find((e) => e.id === 'forget-gate')!.pairs[0];
    const gradient = CHECK_KINDS.find((k) => k.kind === 'backward-gradient')!;
    expect(checkId(gradient, pair)).toBe('forgetGateBackward.backward-gradient');
    expect(functionOf(gradient, pair)).toBe('forgetGateBackward');
    expect(gradient.title(pair)).toBe('forgetGateBackward matches finite differences of the reference forgetGate');
  });
});
