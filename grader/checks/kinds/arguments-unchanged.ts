/** A function leaves its arguments exactly as it received them (the contract: new arrays out). */
import type { CheckKind } from './types';

export const forwardArgumentsUnchanged: CheckKind = {
  kind: 'arguments-unchanged',
  about: 'forward',
  title: (spec) => `${spec.forward} leaves its arguments unchanged`,
  uses: (spec) => [spec.forward],
  extreme: false,
  run: (pair, c) => pair.leavesArgumentsUnchanged(pair.spec.forward, pair.spec.forwardArgs(c)),
};

export const backwardArgumentsUnchanged: CheckKind = {
  kind: 'arguments-unchanged',
  about: 'backward',
  title: (spec) => `${spec.backward} leaves its arguments unchanged`,
  uses: (spec) => [spec.backward],
  extreme: false,
  run: (pair, c) => pair.leavesArgumentsUnchanged(pair.spec.backward, pair.referenceBackwardArgs(c)),
};
