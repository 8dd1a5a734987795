/** The same call twice gives the same answer (no state kept between calls). */
import type { CheckKind } from './types';

export const forwardDeterministic: CheckKind = {
  kind: 'deterministic',
  about: 'forward',
  title: (spec) => `${spec.forward} gives the same answer twice`,
  uses: (spec) => [spec.forward],
  extreme: false,
  run: (pair, c) => pair.answersTheSameTwice(pair.spec.forward, pair.spec.forwardArgs(c)),
};

export const backwardDeterministic: CheckKind = {
  kind: 'deterministic',
  about: 'backward',
  title: (spec) => `${spec.backward} gives the same answer twice`,
  uses: (spec) => [spec.backward],
  extreme: false,
  run: (pair, c) => pair.answersTheSameTwice(pair.spec.backward, pair.referenceBackwardArgs(c)),
};
