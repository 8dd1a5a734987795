/**
 * The backward's gradients equal finite differences of the student's own forward, so the report
 * can say "your backward matches your forward, but your forward is wrong". The forward is called
 * at x ± t·d for every slot in one round trip, answering only the outputs the loss reads.
 */
import { directionalStep, dot, moveAlong, withinTolerance } from '../../engine/finite-difference';
import { copySharingArrays } from '../../engine/tree';
import { describeError, formatDistinct } from '../../format';
import { CheckFailure } from '../failure';
import { directionFor, lossOfParts } from '../gradient';
import type { CheckKind } from './types';

export const backwardOwnForward: CheckKind = {
  kind: 'backward-own-forward',
  about: 'backward',
  title: (spec) => `${spec.backward} matches finite differences of your own ${spec.forward}`,
  uses: (spec) => [spec.forward, spec.backward],
  extreme: false,
  async run(pair, c, dirSeed) {
    const { spec } = pair;
    const args = spec.forwardArgs(c);
    const reference = pair.referenceForward(...args);
    const own = await pair.call(spec.forward, args);
    pair.readForward(reference, own.value, false);
    const outcome = await pair.call(spec.backward, spec.backwardArgs(c, own.value));
    const gradients = pair.readGradients(c, outcome.value, false);
    const slots = spec.slots(c);
    const terms = spec.lossTerms(c);
    const points: unknown[][] = [];
    const steps = slots.map((slot, j) => {
      const direction = directionFor(slot, dirSeed + j);
      const original = Float64Array.from(slot.input);
      const t = directionalStep([slot.input], [direction]);
      for (const sign of [1, -1]) {
        moveAlong([slot.input], [original], [direction], sign * t);
        points.push(copySharingArrays(args, slot.input) as unknown[]);
      }
      slot.input.set(original);
      return t;
    });
    // Only the parts of each answer that the loss reads come back (not the caches), each checked as a whole answer is.
    const paths = terms.map((term) => term.outputPath);
    const outcomes = await pair.runner.callManyParts(pair.exercise.folder, spec.forward, points, paths);
    const losses = outcomes.map((o) => {
      if (!o.ok) throw new CheckFailure(o.fault.message, o.fault, { fn: spec.forward });
      const parts = o.value as unknown[];
      return lossOfParts(
        paths.map((path, k) => pair.readForwardPart(reference, path, parts[k], false)),
        terms,
      );
    });
    slots.forEach((slot, j) => {
      const direction = directionFor(slot, dirSeed + j);
      const numerical = steps[j] === 0 ? 0 : (losses[2 * j] - losses[2 * j + 1]) / (2 * steps[j]);
      const analytic = dot(gradients[j], direction);
      pair.observe?.(`${spec.backward}.backward-own-forward`, analytic, numerical);
      if (!withinTolerance(analytic, numerical, pair.tolerance.gradient)) {
        const [analyticText, numericalText] = formatDistinct(analytic, numerical);
        throw new CheckFailure(
          `${spec.backward}: ${slot.label} does not match finite differences of your own ${spec.forward} ` +
            `(along a random direction: ${analyticText} vs ${numericalText}; ${describeError(analytic, numerical, pair.passRule.gradient)}).`,
        );
      }
    });
  },
};
