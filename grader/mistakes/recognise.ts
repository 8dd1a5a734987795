/**
 * Names a known mistake behind a failing output (DESIGN.md section 4).
 *
 * The query is one call of a submission's function: which function, its arguments, what it
 * returned and (optionally) what its arguments looked like afterwards. We run the reference and
 * every candidate variant on fresh structured clones of the same arguments and name the variant
 * that reproduces the submission's behaviour where the reference does not. Candidates are the
 * mistakes of the exercise itself and of the earlier exercises it calls, because a submission's
 * exercise runs on the student's own earlier code.
 */
import { EXERCISES, exerciseInfo, isExerciseId, type ExerciseId } from '../exercises';
import type { NamedMistake } from '../model';
import { MISTAKES, type Mistake } from './catalogue';
import { valuesMatch } from './compare';
import { loadTreeModule, type ExerciseModule } from './variants';

export interface MistakeQuery {
  exercise: ExerciseId;
  /** The exported function that was called. */
  fn: string;
  /** The arguments exactly as the submission received them (Float64Array vectors, Matrix objects…). */
  args: unknown[];
  /** What the submission returned. */
  actual: unknown;
  /** The arguments after the call; when given, mistakes that change their arguments can be named. */
  argsAfter?: unknown[];
}

/**
 * Arguments may come as plain JSON, as in a report's Counterexample (vectors and matrix data as
 * number arrays). In the student API every array of numbers is a Float64Array and every other
 * array a list (of vectors, caches…), so number arrays can be turned back unambiguously.
 */
export function reviveArgs(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'number')) return Float64Array.from(value as number[]);
    return value.map(reviveArgs);
  }
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, reviveArgs(v)]));
  }
  return value;
}

export interface Behaviour {
  value: unknown;
  argsAfter: unknown[];
}

/** Calls `fn` on a structured clone of `args`; undefined when it throws. */
export function behave(module: ExerciseModule, fn: string, args: unknown[]): Behaviour | undefined {
  const clone = structuredClone(args);
  try {
    const value = module[fn](...clone) as unknown;
    return { value, argsAfter: clone };
  } catch {
    return undefined;
  }
}

const courseIndex = (id: ExerciseId) => EXERCISES.findIndex((e) => e.id === id);

/**
 * Candidates in order of preference: the exercise under test first, then its dependencies from
 * the nearest (latest in the course) back; within an exercise, mistakes of the queried function
 * first, then the most specific (the smallest patch: when two variants both reproduce the output,
 * the one that changes less is the likelier explanation), then catalogue order.
 */
const candidateCache = new Map<string, Mistake[]>();

function candidatesFor(exercise: ExerciseId, fn: string): Mistake[] {
  const key = `${exercise}.${fn}`;
  let candidates = candidateCache.get(key);
  if (!candidates) {
    candidates = rankCandidates(exercise, fn);
    candidateCache.set(key, candidates);
  }
  return candidates;
}

function rankCandidates(exercise: ExerciseId, fn: string): Mistake[] {
  const allowed = new Set<ExerciseId>([exercise, ...exerciseInfo(exercise).dependsOn]);
  const rank = (m: Mistake) => [
    m.exercise === exercise ? 0 : 1,
    -courseIndex(m.exercise),
    m.fn === fn ? 0 : 1,
    m.patch.length,
  ];
  return MISTAKES.filter((m) => allowed.has(m.exercise))
    .map((m, order) => ({ m, key: [...rank(m), order] }))
    .sort((a, b) => {
      for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] - b.key[k];
      return 0;
    })
    .map(({ m }) => m);
}

function validate(query: MistakeQuery): void {
  const where = 'recogniseMistake';
  if (typeof query !== 'object' || query === null) throw new TypeError(`${where}: argument query must be an object`);
  if (typeof query.exercise !== 'string' || !isExerciseId(query.exercise) || exerciseInfo(query.exercise).folder === '') {
    throw new RangeError(`${where}: argument query.exercise must be the id of an exercise with code, got ${JSON.stringify(query.exercise)}`);
  }
  if (typeof query.fn !== 'string' || !Object.hasOwn(exerciseInfo(query.exercise).exports, query.fn)) {
    throw new RangeError(`${where}: argument query.fn must be an export of ${query.exercise}, got ${JSON.stringify(query.fn)}`);
  }
  if (!Array.isArray(query.args)) throw new TypeError(`${where}: argument query.args must be an array of arguments`);
  if (query.argsAfter !== undefined && (!Array.isArray(query.argsAfter) || query.argsAfter.length !== query.args.length)) {
    throw new TypeError(`${where}: argument query.argsAfter must be an array as long as query.args`);
  }
}

/**
 * The known mistake whose variant reproduces the submission's output (and, when `argsAfter` is
 * given, its changes to the arguments) where the reference does not; undefined when the reference
 * explains the observation or no variant does.
 *
 * What is compared for a variant: its return value always; its arguments after the call too when
 * the query gives `argsAfter` and that variant changed its arguments on this input. So a mistake
 * that changes its arguments is named from `argsAfter`, and one that does not is still named from
 * the output when the submission happens to have a second, in-place bug as well.
 */
export function recogniseMistake(query: MistakeQuery): NamedMistake | undefined {
  validate(query);
  const { exercise, fn, actual } = query;
  const args = reviveArgs(query.args) as unknown[];
  const argsAfter = query.argsAfter === undefined ? undefined : (reviveArgs(query.argsAfter) as unknown[]);
  const reference = behave(loadTreeModule(null, exercise), fn, args);
  if (reference === undefined) return undefined;
  const referenceOutputMatches = valuesMatch(reference.value, actual);
  const referenceArgsMatch = argsAfter === undefined || valuesMatch(reference.argsAfter, argsAfter);
  if (referenceOutputMatches && referenceArgsMatch) return undefined;

  for (const mistake of candidatesFor(exercise, fn)) {
    const variant = behave(loadTreeModule(mistake.id, exercise), fn, args);
    if (variant === undefined || !valuesMatch(variant.value, actual)) continue;
    const changesArgs = !valuesMatch(variant.argsAfter, args);
    const argsObserved = argsAfter !== undefined && changesArgs;
    // The variant must explain something the reference does not.
    const explainsMore = !referenceOutputMatches || (argsObserved && !referenceArgsMatch);
    if (!explainsMore) continue;
    if (argsObserved && !valuesMatch(variant.argsAfter, argsAfter)) continue;
    return { id: mistake.id, name: mistake.name, hint: mistake.hint };
  }
  return undefined;
}
