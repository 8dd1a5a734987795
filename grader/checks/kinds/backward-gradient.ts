/**
 * The backward's gradients equal finite differences of the reference forward, for the loss
 * L = ⟨u, F(inputs)⟩. Fast tier: one random direction per slot; when one fails, every entry of
 * every slot on the same case, so the report can show where the error is.
 */
import { describeError, formatDistinct } from '../../format';
import { CheckFailure } from '../failure';
import { directionalVerdicts, elementwiseComparisons, entryName, lossOf } from '../gradient';
import type { CheckKind } from './types';

export const backwardGradient: CheckKind = {
  kind: 'backward-gradient',
  about: 'backward',
  title: (spec) => `${spec.backward} matches finite differences of the reference ${spec.forward}`,
  uses: (spec) => [spec.backward],
  extreme: false,
  async run(pair, c, dirSeed) {
    const { spec } = pair;
    const args = spec.forwardArgs(c);
    const outcome = await pair.call(spec.backward, pair.referenceBackwardArgs(c));
    const gradients = pair.readGradients(c, outcome.value, false);
    const terms = spec.lossTerms(c);
    const loss = () => lossOf(pair.referenceForward(...args), terms);
    const verdicts = directionalVerdicts(loss, spec.slots(c), gradients, dirSeed, pair.tolerance.gradient);
    verdicts.forEach((v) => pair.observe?.(`${spec.backward}.backward-gradient`, v.analytic, v.numerical));
    const wrong = verdicts.filter((v) => !v.ok);
    if (wrong.length === 0) return;
    // Localise now, on this case: fast-check keeps the failure of the smallest case it finds.
    const comparisons = elementwiseComparisons(loss, spec.slots(c), gradients, pair.tolerance.gradient);
    // The entry-by-entry pass names the wrong gradients and gives the example; the directional
    // verdicts only when no single entry is out of tolerance (many small errors adding up).
    const localised = comparisons.filter((g) => g.ok.includes(false));
    const named = localised.length > 0 ? localised : comparisons.filter((g) => wrong.some((v) => v.slot.label === g.label));
    const first = named[0];
    const analytic = Number(first.worst.analytic);
    const numerical = Number(first.worst.numerical);
    const [analyticText, numericalText] = formatDistinct(analytic, numerical);
    throw new CheckFailure(
      `${spec.backward}: ${named.map((g) => g.label).join(', ')} ${named.length === 1 ? 'is' : 'are'} wrong; e.g. ${entryName(first)} is ` +
        `${analyticText} but finite differences give ${numericalText} (${describeError(analytic, numerical, pair.passRule.gradient)}).`,
      undefined,
      { gradients: comparisons },
    );
  },
};
