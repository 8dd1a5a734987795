/** A zero upstream gradient gives zero gradients (nothing is added that does not come from upstream). */
import { formatNumber } from '../../format';
import { CheckFailure } from '../failure';
import type { CheckKind } from './types';

export const backwardZeroUpstream: CheckKind = {
  kind: 'backward-zero-upstream',
  about: 'backward',
  title: (spec) => `${spec.backward} gives zero gradients for a zero upstream gradient`,
  uses: (spec) => [spec.backward],
  extreme: false,
  appliesTo: (spec) => spec.upstream,
  async run(pair, c) {
    const { spec } = pair;
    const zero = spec.withZeroUpstream(c);
    const outcome = await pair.call(spec.backward, pair.referenceBackwardArgs(zero));
    const gradients = pair.readGradients(zero, outcome.value, false);
    spec.slots(zero).forEach((slot, j) => {
      const k = gradients[j].findIndex((g) => g !== 0);
      if (k >= 0) {
        throw new CheckFailure(
          `${spec.backward} returned ${slot.label} entry ${k} = ${formatNumber(gradients[j][k])} although every upstream gradient is zero.`,
        );
      }
    });
  },
};
