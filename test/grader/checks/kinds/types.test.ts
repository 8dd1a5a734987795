/** A check id is `<function>.<kind>`, the function being the forward or the backward of the pair as the kind says. */
import { describe, expect, it } from 'vitest';
import { checkId, functionOf } from '../../../../grader/checks/kinds/types';
import { pairOf } from '../../../../grader/mistakes/answers';

describe('functionOf and checkId', () => {
  const { spec } = pairOf('forgetGate');

  it('pick the forward or the backward of the pair', () => {
    expect(functionOf({ about: 'forward' }, spec)).toBe('forgetGate');
    expect(functionOf({ about: 'backward' }, spec)).toBe('forgetGateBackward');
  });

  it('join the function and the kind with a dot', () => {
    expect(checkId({ about: 'backward', kind: 'backward-gradient' }, spec)).toBe('forgetGateBackward.backward-gradient');
    expect(checkId({ about: 'forward', kind: 'forward-extreme' }, spec)).toBe('forgetGate.forward-extreme');
    expect(checkId({ about: 'forward', kind: 'deterministic' }, pairOf('lstmBackward').spec)).toBe('lstmForward.deterministic');
  });
});
