/**
 * Measures how well recogniseMistake names each catalogued mistake.
 *
 * For every mistake: draw random arguments for its function, keep the inputs where the variant
 * and the reference behave differently (output, or arguments after the call), and ask
 * recogniseMistake about the variant's behaviour (it must name this mistake) and about the
 * reference's (it must name nothing).
 *
 *   node -r ts-node/register/transpile-only grader/mistakes/measure.ts [--samples N] [--seed S] [--composite]
 *
 * --composite queries the later exercises that call each mistake's code instead (measureComposite).
 */
import fc from 'fast-check';
import { CODE_EXERCISES, type ExerciseId } from '../exercises';
import { MISTAKES, type Mistake } from './catalogue';
import { valuesMatch } from './compare';
import { argsArbitrary } from './arbitraries';
import { behave, recogniseMistake, type Behaviour } from './recognise';
import { loadReference, loadTreeModule } from './variants';

export interface RecognitionRow {
  id: string;
  /** The exercise and function that were queried. */
  exercise: ExerciseId;
  fn: string;
  /** Inputs on which variant and reference differ (the denominator). */
  differing: number;
  /** Of those, how many recogniseMistake named as this mistake. */
  named: number;
  rate: number;
  /** Other mistakes named instead, id → count. */
  confusedWith: Record<string, number>;
  /** Times a mistake was named for the reference's own behaviour (must be 0). */
  falsePositives: number;
  /** Inputs drawn to find `differing` ones. */
  drawn: number;
}

/** True when the two behaviours differ in the output or in the arguments after the call. */
export function behavioursDiffer(a: Behaviour, b: Behaviour): boolean {
  return !valuesMatch(a.value, b.value) || !valuesMatch(a.argsAfter, b.argsAfter);
}

/**
 * The recognition rate of one mistake when `fn` of `exercise` is queried (by default the
 * mistake's own function). With a later exercise, the mistake sits in code that exercise calls.
 */
export function measureMistake(
  mistake: Mistake,
  samples: number,
  seed: number,
  exercise: ExerciseId = mistake.exercise,
  fn: string = mistake.fn,
): RecognitionRow {
  const reference = loadReference(exercise);
  const variant = loadTreeModule(mistake.id, exercise);
  const row: RecognitionRow = {
    id: mistake.id,
    exercise,
    fn,
    differing: 0,
    named: 0,
    rate: 0,
    confusedWith: {},
    falsePositives: 0,
    drawn: 0,
  };
  // Draw in batches until enough differing inputs are found (some mistakes only show on a few inputs).
  const maxDraws = samples * 40;
  let batchSeed = seed;
  while (row.differing < samples && row.drawn < maxDraws) {
    for (const { args } of fc.sample(argsArbitrary(fn), { seed: batchSeed++, numRuns: samples })) {
      row.drawn++;
      const ref = behave(reference, fn, args);
      const bug = behave(variant, fn, args);
      if (!ref || !bug || !behavioursDiffer(ref, bug)) continue;
      if (row.differing === samples) break;
      row.differing++;
      const named = recogniseMistake({ exercise, fn, args, actual: bug.value, argsAfter: bug.argsAfter });
      if (named?.id === mistake.id) row.named++;
      else {
        const key = named?.id ?? '(none)';
        row.confusedWith[key] = (row.confusedWith[key] ?? 0) + 1;
      }
      const fromReference = recogniseMistake({
        exercise,
        fn,
        args,
        actual: ref.value,
        argsAfter: ref.argsAfter,
      });
      if (fromReference !== undefined) row.falsePositives++;
    }
  }
  row.rate = row.differing === 0 ? 0 : row.named / row.differing;
  return row;
}

export function measureRecognition(samples = 50, seed = 20240611): RecognitionRow[] {
  return MISTAKES.map((mistake, k) => measureMistake(mistake, samples, seed + 1000 * k));
}

/**
 * Mistakes seen through the later exercises that call them: for every mistake, every later
 * exercise that depends on its exercise and every export of that exercise on which the mistake
 * shows at all. (A forward mistake never shows in a backward function that is handed the forward
 * outputs, so such pairs have no differing inputs and are left out.)
 */
export function measureComposite(samples = 20, seed = 20240611): RecognitionRow[] {
  const rows: RecognitionRow[] = [];
  MISTAKES.forEach((mistake, k) => {
    for (const info of CODE_EXERCISES.filter((e) => e.dependsOn.includes(mistake.exercise))) {
      for (const fn of Object.keys(info.exports)) {
        const row = measureMistake(mistake, samples, seed + 1000 * k, info.id, fn);
        if (row.differing > 0) rows.push(row);
      }
    }
  });
  return rows;
}

export function formatRows(rows: RecognitionRow[]): string {
  const lines = rows.map((r) => {
    const confused = Object.entries(r.confusedWith)
      .map(([id, n]) => `${id} ×${n}`)
      .join(', ');
    return (
      `${r.id.padEnd(46)} ${r.fn.padEnd(20)} ${String(r.named).padStart(3)}/${String(r.differing).padEnd(3)} ` +
      `${(100 * r.rate).toFixed(0).padStart(4)}%  false+ ${r.falsePositives}  drawn ${r.drawn}${confused ? `  (else: ${confused})` : ''}`
    );
  });
  return [`${'mistake'.padEnd(46)} ${'fn'.padEnd(20)} named/diff  rate`, ...lines].join('\n');
}

function optionValue(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`measure: option ${name} must be followed by a positive integer, got ${String(argv[at + 1])}`);
  }
  return value;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const samples = optionValue(argv, '--samples', 100);
  const seed = optionValue(argv, '--seed', 20240611);
  const started = Date.now();
  const composite = argv.includes('--composite');
  const rows = composite ? measureComposite(samples, seed) : measureRecognition(samples, seed);
  console.log(formatRows(rows));
  const total = rows.reduce((acc, r) => acc + r.differing, 0);
  const named = rows.reduce((acc, r) => acc + r.named, 0);
  console.log(
    `\n${rows.length} ${composite ? '(mistake, later function) pairs' : 'mistakes'}, up to ${samples} differing inputs each (seed ${seed}): ${named}/${total} named ` +
      `(${((100 * named) / total).toFixed(1)}%), minimum ${(100 * Math.min(...rows.map((r) => r.rate))).toFixed(0)}%, ` +
      `false positives ${rows.reduce((acc, r) => acc + r.falsePositives, 0)}, ${Date.now() - started} ms`,
  );
}
