/**
 * The answers the command line recognises mistakes against: in this checkout (which has the answer
 * key's code) the answer key's own, so catalogued mistakes are named.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULL_REFERENCE, variantLibrary } from '../../grader/answer-key';
import { liveAnswers } from '../../grader/mistakes/answers';
import { GRADER_ROOT } from '../../grader/paths';
import { answers } from '../../grader/wiring';

describe('answers', () => {
  it("resolves to the answer key's answers in a checkout that has the answer key", async () => {
    expect(existsSync(path.join(GRADER_ROOT, 'grader', 'answer-key', 'index.ts'))).toBe(true);
    const source = await answers();
    expect(source).toBeDefined();
    const live = liveAnswers({ reference: FULL_REFERENCE, variant: variantLibrary });
    expect(source!.probeArgs('forgetGateBackward')).toEqual(live.probeArgs('forgetGateBackward'));
    expect(source!.reference('cellStateBackward')).toEqual(live.reference('cellStateBackward'));
    expect(source!.variant('cell-state-dcprev-missing-forget', 'cellStateBackward')).toEqual(
      live.variant('cell-state-dcprev-missing-forget', 'cellStateBackward'),
    );
  });
});
