/**
 * The answers a diagnosis compares a student with, on the generic probes: the reference's and
 * each catalogued mistake's. Two sources give the same answers: the answer key's code
 * (grader/answer-key/, in the course repository) and, in the student template, which ships no
 * backward code, the same answers recorded as data by `npm run export:student`
 * (grader/recorded/answers.json, written by recordAnswers).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_EXERCISES, MISTAKES, REFERENCE, type ExerciseId } from '../course';
import type { CodeExercise } from '../course/types';
import type { PairSpec } from '../checks/types';
import { GRADER_ROOT, RECORDED_DIR } from '../paths';
import type { Library } from '../reference/library';
import { plainNumber } from '../engine/tree';
import type { PlainNumber } from '../model';
import { probeCases } from './probes';

/** What a call did: its return value and its arguments afterwards (or undefined if it threw). */
export interface Behaviour {
  value: unknown;
  argsAfter: unknown[];
}

/** Calls `fn` of a library on a structured clone of `args`; undefined when it throws. */
export function behave(library: Library, fn: string, args: unknown[]): Behaviour | undefined {
  const clone = structuredClone(args);
  try {
    return { value: library[fn](...clone) as unknown, argsAfter: clone };
  } catch {
    return undefined;
  }
}

export interface AnswerSource {
  /** The arguments of `fn` at each probe of its pair. */
  probeArgs(fn: string): unknown[][];
  /** The reference's behaviour at each probe. */
  reference(fn: string): Behaviour[];
  /** A catalogued mistake's behaviour at each probe (undefined where its variant throws). */
  variant(mistakeId: string, fn: string): (Behaviour | undefined)[];
  /**
   * What the course module knows of a backward's step at each probe (PairSpec.diagnosticQuantities),
   * when recorded: the student template ships the quantities, not the code that computes them.
   */
  quantities?(fn: string): Record<string, unknown>[] | undefined;
}

/** The pair and exercise an exported function belongs to. */
export function pairOf(fn: string): { exercise: CodeExercise<ExerciseId>; spec: PairSpec } {
  for (const exercise of CODE_EXERCISES) {
    const spec = exercise.pairs.find((p) => p.forward === fn || p.backward === fn);
    if (spec) return { exercise, spec };
  }
  throw new RangeError(`pairOf: argument fn ${JSON.stringify(fn)} is not an export of any exercise`);
}

/** The probe arguments of `fn`: the case's own for a forward, built on the reference forward for a backward. */
export function probeArgsFor(fn: string): unknown[][] {
  const { spec } = pairOf(fn);
  return probeCases(spec).map((c) => {
    const forwardArgs = spec.forwardArgs(c);
    return fn === spec.forward ? forwardArgs : spec.backwardArgs(c, REFERENCE[spec.forward](...structuredClone(forwardArgs)));
  });
}

/** Answers computed by the answer key's code. */
export function liveAnswers(key: { reference: Library; variant(mistakeId: string): Library }): AnswerSource {
  const args = new Map<string, unknown[][]>();
  const probeArgs = (fn: string) => {
    let list = args.get(fn);
    if (!list) args.set(fn, (list = probeArgsFor(fn)));
    return list;
  };
  return {
    probeArgs,
    reference: (fn) => probeArgs(fn).map((a) => behave(key.reference, fn, a)!),
    variant: (mistakeId, fn) => probeArgs(fn).map((a) => behave(key.variant(mistakeId), fn, a)),
  };
}

/** Where the student template keeps the recorded answers. */
export const RECORDED_ANSWERS = path.join(RECORDED_DIR, 'answers.json');

interface RecordedFunction {
  args: unknown[][];
  reference: Behaviour[];
  variants: Record<string, (Behaviour | null)[]>;
  /** A backward's diagnostic quantities at each probe, when its pair has them. */
  quantities?: Record<string, unknown>[];
}

/**
 * Every function's probe arguments and the answers of the reference and of each mistake that can
 * show in it, and a backward's diagnostic quantities, as JSON-able data (typed arrays as tagged
 * lists, so they come back as typed arrays).
 */
export function recordAnswers(source: AnswerSource): string {
  const record: Record<string, RecordedFunction> = {};
  for (const exercise of CODE_EXERCISES) {
    for (const fn of Object.keys(exercise.exports)) {
      const candidates = MISTAKES.filter((m) => m.exercise === exercise.id || exercise.dependsOn.includes(m.exercise));
      const args = source.probeArgs(fn);
      const { spec } = pairOf(fn);
      const quantities =
        fn === spec.backward && spec.diagnosticQuantities ? args.map((a) => spec.diagnosticQuantities!(structuredClone(a))) : undefined;
      record[fn] = {
        args,
        reference: source.reference(fn),
        variants: Object.fromEntries(candidates.map((m) => [m.id, source.variant(m.id, fn).map((b) => b ?? null)])),
        ...(quantities ? { quantities } : {}),
      };
    }
  }
  // JSON has no NaN or ±Infinity, and the answers of the overflow mistakes are exactly those.
  return JSON.stringify(record, (_key, value: unknown) => {
    if (value instanceof Float64Array) return { f64: Array.from(value, plainNumber) };
    if (typeof value === 'number' && !Number.isFinite(value)) return { nonFinite: plainNumber(value) };
    return value;
  });
}

/** Answers read from recorded data (the student template). */
export function recordedAnswers(json: string): AnswerSource {
  const record = JSON.parse(json, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    if ('f64' in value) return Float64Array.from((value as { f64: PlainNumber[] }).f64, Number);
    if ('nonFinite' in value) return Number((value as { nonFinite: PlainNumber }).nonFinite);
    return value;
  }) as Record<string, RecordedFunction>;
  const entry = (fn: string): RecordedFunction => {
    const found = record[fn];
    if (!found) throw new RangeError(`recordedAnswers: no recorded answers for ${JSON.stringify(fn)}`);
    return found;
  };
  return {
    probeArgs: (fn) => structuredClone(entry(fn).args),
    reference: (fn) => structuredClone(entry(fn).reference),
    variant: (mistakeId, fn) => (entry(fn).variants[mistakeId] ?? []).map((b) => (b === null ? undefined : structuredClone(b))),
    quantities: (fn) => structuredClone(entry(fn).quantities),
  };
}

/** The answer key's code, when this checkout has it (the student template does not). */
const ANSWER_KEY = path.join(GRADER_ROOT, 'grader', 'answer-key', 'index.ts');

/**
 * The answers available in this checkout: the answer key's code when it is there, otherwise the
 * recorded data, otherwise none (mistakes are then not named, but generic findings still come).
 */
export async function loadAnswers(): Promise<AnswerSource | undefined> {
  if (existsSync(ANSWER_KEY)) {
    // Imported by path, not by name: the student template has no answer key to type-check against.
    const key = (await import(ANSWER_KEY.replace(/\.ts$/, ''))) as { FULL_REFERENCE: Library; variantLibrary(mistakeId: string): Library };
    return liveAnswers({ reference: key.FULL_REFERENCE, variant: key.variantLibrary });
  }
  return existsSync(RECORDED_ANSWERS) ? recordedAnswers(readFileSync(RECORDED_ANSWERS, 'utf8')) : undefined;
}
