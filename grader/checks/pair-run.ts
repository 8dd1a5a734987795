/**
 * What every check kind needs to run one case of a pair: calls into the student's code that turn
 * faults into failures, reading answers against the reference's shape (values copied once), and
 * the reference's own answers. Built once per pair by the driver (run-pair.ts).
 */
import type { ExerciseId } from '../course';
import type { CodeExercise } from '../course/types';
import type { Tolerance } from '../engine/finite-difference';
import { copyLike, differences, firstChange, identical, readPath, toPlain } from '../engine/tree';
import { describeError, formatDistinct } from '../format';
import type { AnswerSource } from '../mistakes/answers';
import type { CallOutcome, Runner, SharedMemory } from '../sandbox/types';
import { CheckFailure } from './failure';
import { readGradient } from './gradient';
import type { PairSpec } from './types';

export interface PairRun {
  exercise: CodeExercise<ExerciseId>;
  spec: PairSpec;
  runner: Runner;
  /** What decides pass or fail here. */
  tolerance: { forward: Tolerance; gradient: Tolerance };
  /** The pass rule as messages state it (the grading config's, also while shrinking with a stricter idea of failing). */
  passRule: { forward: Tolerance; gradient: Tolerance };
  /** The reference forward of this pair. */
  referenceForward(...args: unknown[]): unknown;
  /** The reference's answers on the generic probes (the answer key's, or their recording). */
  answers?: AnswerSource;
  /** Sees every gradient comparison (analytic vs numerical); for calibrating tolerances. */
  observe?(checkId: string, analytic: number, numerical: number): void;
  /** Calls the student's `fn`; a fault becomes a CheckFailure. */
  call(fn: string, args: unknown[]): Promise<Extract<CallOutcome, { ok: true }>>;
  /** The student's forward answer read against the reference's shape, or a CheckFailure. */
  readForward(reference: unknown, value: unknown, strict: boolean): unknown;
  /** The same for the part of a forward's answer at `path` (`hs[2]`; `` is the whole answer). */
  readForwardPart(reference: unknown, path: string, part: unknown, strict: boolean): unknown;
  /** The gradients of every slot read from a backward answer, or a CheckFailure. */
  readGradients(c: unknown, value: unknown, strict: boolean): Float64Array[];
  /** Fails if a gradient of a backward answer is one of the backward's arguments, or shares its memory. */
  gradientsAreNew(c: unknown, outcome: Extract<CallOutcome, { ok: true }>): void;
  /** The backward's arguments built on the reference forward's answer. */
  referenceBackwardArgs(c: unknown): unknown[];
  /** Fails unless the forward's answer equals the reference's within the forward tolerance. */
  forwardMatches(c: unknown): Promise<void>;
  /** Fails if `fn` changed any of its arguments. */
  leavesArgumentsUnchanged(fn: string, args: unknown[]): Promise<void>;
  /** Fails if two calls with the same arguments answer differently. */
  answersTheSameTwice(fn: string, args: unknown[]): Promise<void>;
}

export interface PairRunOptions {
  exercise: CodeExercise<ExerciseId>;
  spec: PairSpec;
  runner: Runner;
  tolerance: { forward: Tolerance; gradient: Tolerance };
  passRule?: { forward: Tolerance; gradient: Tolerance };
  referenceForward(...args: unknown[]): unknown;
  answers?: AnswerSource;
  observe?(checkId: string, analytic: number, numerical: number): void;
}

export function pairRun(options: PairRunOptions): PairRun {
  const { spec, runner, exercise } = options;
  const F = spec.forward;
  const B = spec.backward;
  // A pair with a pass rule of its own shrinks towards a clear failure (run-pair.ts): then an
  // answer that differs is the clear one, and an array handed out twice only counts beside it.
  const clearFailuresOnly = options.passRule !== undefined && options.passRule !== options.tolerance;

  const run: PairRun = {
    ...options,
    passRule: options.passRule ?? options.tolerance,
    async call(fn, args) {
      const outcome = await runner.call(exercise.folder, fn, structuredClone(args));
      if (!outcome.ok) throw new CheckFailure(outcome.fault.message, outcome.fault, { fn });
      return outcome;
    },
    readForward(reference, value, strict) {
      return run.readForwardPart(reference, '', value, strict);
    },
    readForwardPart(reference, path, part, strict) {
      const copied = copyLike(readPath(reference, path), part, path, strict);
      if (copied.problem) throw new CheckFailure(`${F} returned the wrong shape: ${copied.problem}.`);
      return copied.value;
    },
    readGradients(c, value, strict) {
      return spec.slots(c).map((slot) => {
        const read = readGradient(value, slot, strict);
        if (read.problem) throw new CheckFailure(`${B} returned the wrong shape: ${read.problem}.`);
        return read.values!;
      });
    },
    gradientsAreNew(c, outcome) {
      // Where each slot's numbers sit: a vector at its path, a matrix's in its `data`.
      const arrayPaths = new Set(
        spec
          .slots(c)
          .map((slot) => (slot.isMatrix ? (slot.gradientPath === '' ? 'data' : `${slot.gradientPath}.data`) : slot.gradientPath)),
      );
      const entry = outcome.shared?.find((e) => 'argument' in e.with && arrayPaths.has(e.resultPath));
      if (entry === undefined || !('argument' in entry.with)) return;
      const argument = argumentPath(entry.with.argument, spec.backwardArgNames);
      const output = entry.resultPath === '' ? 'the result' : entry.resultPath;
      const as = entry.resultPath === '' ? 'its result' : entry.resultPath;
      throw new CheckFailure(
        entry.same
          ? `${B} returned its argument ${argument} as ${as}: ${output} is the argument ${argument} itself, so a caller that changes ${argument} changes ${output} too; return a new Float64Array.`
          : `${B} returned a view of its argument ${argument} as ${as}: ${output} shares its memory with the argument ${argument} (a subarray or another view of the same buffer), so a caller that changes ${argument} changes ${output} too; return a new Float64Array (a copy).`,
      );
    },
    referenceBackwardArgs: (c) => spec.backwardArgs(c, options.referenceForward(...spec.forwardArgs(c))),
    async forwardMatches(c) {
      const args = spec.forwardArgs(c);
      const expected = options.referenceForward(...args);
      const outcome = await run.call(F, args);
      const actual = run.readForward(expected, outcome.value, false);
      const diffs = differences(expected, actual, options.tolerance.forward);
      if (diffs.length > 0) {
        const d = diffs[0];
        const entry = `${spec.outputName}${d.path}` || 'the result';
        const [actualText, expectedText] = formatDistinct(d.actual, d.expected);
        throw new CheckFailure(
          `${F} gives ${actualText} at ${entry} where the reference gives ${expectedText} (${describeError(d.actual, d.expected, run.passRule.forward)}).`,
          undefined,
          {
            counterexample: {
              expected: toPlain(expected),
              actual: toPlain(outcome.value),
              differing: diffs.slice(0, 20).map((x) => x.path || '(value)'),
            },
          },
        );
      }
    },
    async leavesArgumentsUnchanged(fn, args) {
      const outcome = await run.call(fn, args);
      const change = firstChange(args, outcome.argsAfter);
      if (change !== undefined) {
        const names = fn === F ? spec.forwardArgNames : spec.backwardArgNames;
        throw new CheckFailure(
          `${fn} changed its argument ${argumentPath(change, names)} in place; return new arrays instead, since later steps reuse the inputs.`,
        );
      }
    },
    async answersTheSameTwice(fn, args) {
      // One request, so that the two calls follow each other with nothing in between.
      const outcomes = await runner.callMany(exercise.folder, fn, [structuredClone(args), structuredClone(args)]);
      for (const outcome of outcomes) if (!outcome.ok) throw new CheckFailure(outcome.fault.message, outcome.fault, { fn });
      const [first, second] = outcomes as Extract<CallOutcome, { ok: true }>[];
      const same = identical(first.value, second.value);
      // An array handed out again: the caller holding the earlier answer sees it change.
      const reused = earlierAnswer(second.shared) ?? earlierAnswer(first.shared);
      if (reused && (!same || !clearFailuresOnly)) {
        const what = `${reused.same ? 'the same array' : 'arrays over the same memory'} from two calls${reused.resultPath === '' ? '' : ` (as ${reused.resultPath})`}`;
        throw new CheckFailure(
          same
            ? `${fn} returned ${what}: it keeps one buffer between calls, so an answer changes when the function is called again; return a new array on every call.`
            : `${fn} gave a different answer the second time it was called with the same arguments and returned ${what}: does it keep state between calls? Return a new array on every call.`,
        );
      }
      if (!same) {
        throw new CheckFailure(
          `${fn} gave a different answer the second time it was called with the same arguments: does it keep state between calls?`,
        );
      }
    },
  };
  return run;
}

/** The first array of an answer that an earlier call of the function had returned too. */
function earlierAnswer(shared: SharedMemory[] | undefined): SharedMemory | undefined {
  return shared?.find((entry) => 'earlierCall' in entry.with);
}

/** `[1][0] (0.5 → 0.7)` → `cPrev[0] (0.5 → 0.7)`: the argument by its parameter name. */
export function argumentPath(path: string, names: readonly string[]): string {
  const match = /^\[(\d+)\](\.?)(.*)$/s.exec(path);
  const name = match ? names[Number(match[1])] : undefined;
  if (!match || name === undefined) return path;
  return `${name}${match[3] === '' || match[3].startsWith('[') || match[3].startsWith(' ') ? '' : '.'}${match[3]}`;
}
