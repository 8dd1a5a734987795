/**
 * Outputs have the contract's types and shapes (Float64Array, Matrix), the forward's are finite,
 * and the backward's gradients are new arrays, none of them an argument or a view of one.
 */
import { firstNonFinite } from '../../engine/tree';
import { CheckFailure } from '../failure';
import type { CheckKind } from './types';

export const forwardShapes: CheckKind = {
  kind: 'shapes',
  about: 'forward',
  title: (spec) => `${spec.forward} returns Float64Arrays of the right shapes, all finite`,
  uses: (spec) => [spec.forward],
  extreme: true,
  async run(pair, c) {
    const args = pair.spec.forwardArgs(c);
    const outcome = await pair.call(pair.spec.forward, args);
    const value = pair.readForward(pair.referenceForward(...args), outcome.value, true);
    const bad = firstNonFinite(value);
    if (bad) throw new CheckFailure(`${pair.spec.forward} returned a value that is not finite: ${bad}.`);
  },
};

export const backwardShapes: CheckKind = {
  kind: 'shapes',
  about: 'backward',
  title: (spec) => `${spec.backward} returns new Float64Arrays and matrices of the right shapes`,
  uses: (spec) => [spec.backward],
  extreme: false,
  async run(pair, c) {
    const outcome = await pair.call(pair.spec.backward, pair.referenceBackwardArgs(c));
    pair.readGradients(c, outcome.value, true);
    pair.gradientsAreNew(c, outcome);
  },
};
