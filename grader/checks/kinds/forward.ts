/** The forward equals the reference within tolerance, on grid values and on saturated and extreme ones. */
import type { CheckKind } from './types';

export const forward: CheckKind = {
  kind: 'forward',
  about: 'forward',
  title: (spec) => `${spec.forward} matches the reference`,
  uses: (spec) => [spec.forward],
  extreme: false,
  run: (pair, c) => pair.forwardMatches(c),
};

export const forwardExtreme: CheckKind = {
  kind: 'forward-extreme',
  about: 'forward',
  title: (spec) => `${spec.forward} matches the reference for saturated and extreme inputs (±30, ±1000)`,
  uses: (spec) => [spec.forward],
  extreme: true,
  run: (pair, c) => pair.forwardMatches(c),
};
