/** The backward stays finite for saturated and extreme inputs (no overflow in a derivative). */
import { CheckFailure } from '../failure';
import type { CheckKind } from './types';

export const backwardExtreme: CheckKind = {
  kind: 'backward-extreme',
  about: 'backward',
  title: (spec) => `${spec.backward} stays finite for saturated and extreme inputs`,
  uses: (spec) => [spec.backward],
  extreme: true,
  async run(pair, c) {
    const { spec } = pair;
    const outcome = await pair.call(spec.backward, pair.referenceBackwardArgs(c));
    const gradients = pair.readGradients(c, outcome.value, false);
    spec.slots(c).forEach((slot, j) => {
      const k = gradients[j].findIndex((g) => !Number.isFinite(g));
      if (k >= 0)
        throw new CheckFailure(
          `${spec.backward} returned ${slot.label} entry ${k} = ${gradients[j][k]} for large inputs: look for an overflow.`,
        );
    });
  },
};
