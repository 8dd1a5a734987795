/**
 * Turns one PairSpec into the checks of DESIGN.md section 4 and runs each as a fast-check
 * property with fc.check, so the result is data: seed, path, shrunk counterexample, runs.
 * Properties only decide pass or fail; once fast-check has shrunk a failure, the smallest case
 * is run once more to gather what the report shows (entries, gradients, named mistake).
 */
import fc from 'fast-check';
import { pointsFor, type CheckKind, type GradingConfig } from '../config';
import { directionalStep, dot, moveAlong, withinTolerance, type Tolerance } from '../engine/finite-difference';
import { copyLike, differences, firstChange, firstNonFinite, identical, toPlain } from '../engine/tree';
import { exerciseInfo } from '../exercises';
import type { CheckResult, CheckStatus, NamedMistake, NamedValues } from '../model';
import type { Fault, Runner } from '../sandbox/types';
import { extremeValue, gridValue } from './arbitraries';
import { batchingRunner } from './batching-runner';
import { CheckFailure, isBlockingFault, statusOfFault } from './failure';
import { directionalVerdicts, directionFor, elementwiseComparisons, entryName, lossOf, readGradient } from './gradient';
import type { PairSpec } from './types';

export interface MistakeQuery {
  exercise: PairSpec<unknown>['exercise'];
  fn: string;
  args: unknown[];
  actual: unknown;
  argsAfter?: unknown[];
}

export interface CheckContext {
  runner: Runner;
  config: GradingConfig;
  /** The run's seed; each check derives its own from it and its id. */
  seed: number;
  /** Run only this check, replaying this fast-check path. */
  replay?: { checkId: string; path: string };
  /** The command that replays a check, e.g. `npm run grade -- --only forget-gate --seed 42 --replay …`. */
  replayCommand(checkId: string, path: string): string;
  recognise?(query: MistakeQuery): NamedMistake | undefined;
  /** Date.now() after which no further check of the exercise starts (slow code); none when absent. */
  deadline?: number;
  /** Sees every gradient comparison (analytic vs numerical); for calibrating tolerances. */
  observe?(checkId: string, analytic: number, numerical: number): void;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Spec = PairSpec<any>;
type Case = [any, number];

interface CheckDef {
  kind: CheckKind;
  id: string;
  title: string;
  fn: string;
  /** Functions of the student this check calls. */
  uses: string[];
  extreme: boolean;
  run(c: any, dirSeed: number): Promise<void>;
}

/** 32-bit FNV-1a of the text, mixed with the run's seed: each check gets its own stream. */
export function checkSeed(seed: number, checkId: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let k = 0; k < checkId.length; k++) h = Math.imul(h ^ checkId.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

export async function runPairChecks(spec: Spec, ctx: CheckContext): Promise<CheckResult[]> {
  const defs = checkDefinitions(spec, ctx);
  const batched = checkDefinitions(spec, { ...ctx, runner: batchingRunner(ctx.runner) });
  const selected = ctx.replay ? defs.filter((d) => d.id === ctx.replay?.checkId) : defs;
  const blocking = await probe(spec, ctx);
  const results: CheckResult[] = [];
  for (const def of selected) {
    const blockedBy = def.uses.map((fn) => blocking.get(fn)).find((f) => f !== undefined);
    const sideBySide = batched.find((d) => d.id === def.id)!;
    const started = Date.now();
    const result = blockedBy
      ? blockedResult(spec, def, ctx, blockedBy)
      : ctx.deadline !== undefined && started > ctx.deadline
        ? overBudgetResult(spec, def, ctx)
        : await runCheck(spec, def, sideBySide, ctx);
    results.push({ ...result, durationMs: Date.now() - started });
  }
  explainForwardFirst(spec, results);
  return results;
}

/** One call of each function on a small case: a stub or a module that cannot load stops here. */
async function probe(spec: Spec, ctx: CheckContext): Promise<Map<string, Fault>> {
  const blocking = new Map<string, Fault>();
  const [c] = fc.sample(spec.arbitrary(gridValue), { seed: ctx.seed, numRuns: 1 });
  const args = spec.forwardArgs(c);
  const forward = await ctx.runner.call(spec.folder, spec.forward, structuredClone(args));
  if (!forward.ok && isBlockingFault(forward.fault)) blocking.set(spec.forward, forward.fault);
  const backwardArgs = spec.backwardArgs(c, spec.referenceForward(...args));
  const backward = await ctx.runner.call(spec.folder, spec.backward, structuredClone(backwardArgs));
  if (!backward.ok && isBlockingFault(backward.fault)) blocking.set(spec.backward, backward.fault);
  return blocking;
}

function blockedResult(spec: Spec, def: CheckDef, ctx: CheckContext, fault: Fault): CheckResult {
  const status = statusOfFault(fault);
  const file = `exercises/${exerciseInfo(spec.exercise).file}`;
  const message =
    status === 'not-attempted' ? `Not attempted yet: write ${def.uses.join(' and ')} in ${file}.` : fault.message;
  return {
    id: def.id,
    exercise: spec.exercise,
    title: def.title,
    fn: def.fn,
    status,
    score: 0,
    maxScore: pointsFor(ctx.config, spec.exercise, def.kind),
    message,
  };
}

function overBudgetResult(spec: Spec, def: CheckDef, ctx: CheckContext): CheckResult {
  const seconds = Math.round(ctx.config.exerciseBudgetMs / 1000);
  return {
    id: def.id,
    exercise: spec.exercise,
    title: def.title,
    fn: def.fn,
    status: 'error',
    score: 0,
    maxScore: pointsFor(ctx.config, spec.exercise, def.kind),
    message: `Not run: grading ${spec.exercise} took longer than ${seconds} s in all, so its remaining checks were stopped: is your code very slow (a loop that does far more work than it needs)?`,
  };
}

async function runCheck(spec: Spec, def: CheckDef, sideBySide: CheckDef, ctx: CheckContext): Promise<CheckResult> {
  const seed = checkSeed(ctx.seed, def.id);
  const maxScore = pointsFor(ctx.config, spec.exercise, def.kind);
  const arbitrary = fc.tuple(spec.arbitrary(def.extreme ? extremeValue : gridValue), fc.integer({ min: 0, max: 2 ** 30 }));
  const property = fc.asyncProperty(arbitrary, async ([c, dirSeed]: Case) => {
    await def.run(c, dirSeed);
  });
  const replayPath = ctx.replay?.checkId === def.id ? ctx.replay.path : undefined;
  const base = { id: def.id, exercise: spec.exercise, title: def.title, fn: def.fn, maxScore };
  if (replayPath === undefined && (await passesSideBySide(sideBySide, arbitrary, seed, ctx.config.numRuns))) {
    return { ...base, status: 'passed', score: maxScore, message: '', property: { seed, numRuns: ctx.config.numRuns, numShrinks: 0 } };
  }
  const details = await fc.check(property, {
    seed,
    numRuns: ctx.config.numRuns,
    ...(replayPath !== undefined ? { path: replayPath, endOnFailure: true } : {}),
  });
  const propertyData = { seed, numRuns: details.numRuns, numShrinks: details.numShrinks, path: details.counterexamplePath ?? undefined };
  if (!details.failed) {
    if (replayPath !== undefined) {
      return { ...base, status: 'passed', score: maxScore, message: 'The replayed case passes now.', property: propertyData };
    }
    return { ...base, status: 'passed', score: maxScore, message: '', property: propertyData };
  }
  const failure = details.errorInstance;
  if (!(failure instanceof CheckFailure)) {
    // Not the student's fault: a bug of the grader must stop grading, not cost points.
    throw failure instanceof Error ? failure : new Error(`check ${def.id} failed without an error: ${String(failure)}`);
  }
  const [c] = details.counterexample![0] as Case;
  const status: CheckStatus = statusOfFault(failure.fault);
  const enriched = await enrich(spec, def, ctx, c, failure);
  const where = `${def.fn} failed on ${spec.describe(c)}`;
  return {
    ...base,
    status,
    score: 0,
    message: `${failure.message}`,
    details: `${where}.`,
    counterexample: enriched.counterexample,
    gradients: enriched.gradients,
    mistake: enriched.mistake,
    replay: ctx.replayCommand(def.id, details.counterexamplePath ?? ''),
    property: propertyData,
  };
}

/**
 * Runs the cases fc.check would draw first (fc.sample with the same seed yields the same
 * sequence) all at once through a batching runner. True when every case passes; otherwise
 * fc.check runs them again one by one and shrinks the failure.
 */
async function passesSideBySide(def: CheckDef, arbitrary: fc.Arbitrary<Case>, seed: number, numRuns: number): Promise<boolean> {
  const cases = fc.sample(arbitrary, { seed, numRuns });
  const outcomes = await Promise.allSettled(cases.map(([c, dirSeed]) => def.run(c, dirSeed)));
  return outcomes.every((o) => o.status === 'fulfilled');
}

/** Runs the shrunk case once more to gather entries, gradients and a named mistake. */
async function enrich(
  spec: Spec,
  def: CheckDef,
  ctx: CheckContext,
  c: any,
  failure: CheckFailure,
): Promise<Pick<CheckResult, 'counterexample' | 'gradients' | 'mistake'>> {
  const forwardArgs = spec.forwardArgs(c);
  const inputs: NamedValues = {};
  spec.forwardArgNames.forEach((name, k) => (inputs[name] = toPlain(forwardArgs[k])));
  if (def.fn === spec.backward) {
    spec.lossTerms(c).forEach((term) => (inputs[`upstream of ${term.outputPath === '' ? 'the output' : term.outputPath}`] = toPlain(term.upstream)));
  }
  const counterexample = { inputs, ...failure.extra.counterexample };
  const gradients = failure.extra.gradients;
  let mistake: NamedMistake | undefined;
  if (failure.fault === undefined && ctx.recognise) {
    const isBackward = def.fn === spec.backward;
    const args = isBackward ? spec.backwardArgs(c, spec.referenceForward(...forwardArgs)) : forwardArgs;
    const outcome = await ctx.runner.call(spec.folder, def.fn, structuredClone(args));
    if (outcome.ok) {
      mistake = ctx.recognise({ exercise: spec.exercise, fn: def.fn, args, actual: outcome.value, argsAfter: outcome.argsAfter });
    }
  }
  return { counterexample, gradients, mistake };
}

function checkDefinitions(spec: Spec, ctx: CheckContext): CheckDef[] {
  const F = spec.forward;
  const B = spec.backward;
  const tolForward: Tolerance = ctx.config.tolerance.forward;
  const tolGradient: Tolerance = ctx.config.tolerance.gradient;

  const call = async (fn: string, args: unknown[]) => {
    const outcome = await ctx.runner.call(spec.folder, fn, structuredClone(args));
    if (!outcome.ok) throw new CheckFailure(outcome.fault.message, outcome.fault, { fn });
    return outcome;
  };

  /** Reads the student's forward answer against the reference's shape (values copied once). */
  const readForward = (reference: unknown, value: unknown, strict: boolean) => {
    const copied = copyLike(reference, value, '', strict);
    if (copied.problem) throw new CheckFailure(`${F} returned the wrong shape: ${copied.problem}.`);
    return copied.value;
  };

  const readGradients = (c: any, value: unknown, strict: boolean): Float64Array[] =>
    spec.slots(c).map((slot) => {
      const read = readGradient(value, slot, strict);
      if (read.problem) throw new CheckFailure(`${B} returned the wrong shape: ${read.problem}.`);
      return read.values!;
    });

  const referenceBackwardArgs = (c: any) => spec.backwardArgs(c, spec.referenceForward(...spec.forwardArgs(c)));

  const forwardValues = async (c: any) => {
    const args = spec.forwardArgs(c);
    const expected = spec.referenceForward(...args);
    const outcome = await call(F, args);
    const actual = readForward(expected, outcome.value, false);
    const diffs = differences(expected, actual, tolForward);
    if (diffs.length > 0) {
      const d = diffs[0];
      const where = d.path === '' ? '' : ` at ${d.path}`;
      throw new CheckFailure(
        `${F} gives ${formatNumber(d.actual)}${where} where the reference gives ${formatNumber(d.expected)}.`,
        undefined,
        { counterexample: { expected: toPlain(expected), actual: toPlain(outcome.value), differing: diffs.slice(0, 20).map((x) => x.path || '(value)') } },
      );
    }
  };

  const unchanged = async (fn: string, args: unknown[]) => {
    const outcome = await call(fn, args);
    const change = firstChange(args, outcome.argsAfter);
    if (change !== undefined) {
      throw new CheckFailure(`${fn} changed its argument ${change} in place; return new arrays instead, since later steps reuse the inputs.`);
    }
  };

  const deterministic = async (fn: string, args: unknown[]) => {
    const first = await call(fn, args);
    const second = await call(fn, args);
    if (!identical(first.value, second.value)) {
      throw new CheckFailure(`${fn} gave a different answer the second time it was called with the same arguments: does it keep state between calls?`);
    }
  };

  const checkIdentity = (kind: CheckKind, fn: string, title: string): Omit<CheckDef, 'run' | 'extreme' | 'uses'> => ({
    kind,
    id: `${fn}.${kind}`,
    title,
    fn,
  });

  return [
    {
      ...checkIdentity('forward', F, `${F} matches the reference`),
      uses: [F],
      extreme: false,
      run: forwardValues,
    },
    {
      ...checkIdentity('forward-extreme', F, `${F} matches the reference for saturated and extreme inputs (±30, ±1000)`),
      uses: [F],
      extreme: true,
      run: forwardValues,
    },
    {
      ...checkIdentity('shapes', F, `${F} returns Float64Arrays of the right shapes, all finite`),
      uses: [F],
      extreme: true,
      run: async (c) => {
        const args = spec.forwardArgs(c);
        const outcome = await call(F, args);
        const value = readForward(spec.referenceForward(...args), outcome.value, true);
        const bad = firstNonFinite(value);
        if (bad) throw new CheckFailure(`${F} returned a value that is not finite: ${bad}.`);
      },
    },
    {
      ...checkIdentity('arguments-unchanged', F, `${F} leaves its arguments unchanged`),
      uses: [F],
      extreme: false,
      run: (c) => unchanged(F, spec.forwardArgs(c)),
    },
    {
      ...checkIdentity('deterministic', F, `${F} gives the same answer twice`),
      uses: [F],
      extreme: false,
      run: (c) => deterministic(F, spec.forwardArgs(c)),
    },
    {
      ...checkIdentity('backward-gradient', B, `${B} matches finite differences of the reference ${F}`),
      uses: [B],
      extreme: false,
      run: async (c, dirSeed) => {
        const args = spec.forwardArgs(c);
        const outcome = await call(B, referenceBackwardArgs(c));
        const gradients = readGradients(c, outcome.value, false);
        const terms = spec.lossTerms(c);
        const loss = () => lossOf(spec.referenceForward(...args), terms);
        const verdicts = directionalVerdicts(loss, spec.slots(c), gradients, dirSeed, tolGradient);
        verdicts.forEach((v) => ctx.observe?.(`${B}.backward-gradient`, v.analytic, v.numerical));
        const wrong = verdicts.filter((v) => !v.ok);
        if (wrong.length > 0) {
          // Localise now, on this case: fast-check keeps the failure of the smallest case it finds.
          const comparisons = elementwiseComparisons(loss, spec.slots(c), gradients, tolGradient);
          const worst = comparisons.filter((g) => g.ok.includes(false));
          const first = worst[0] ?? comparisons.find((g) => g.label === wrong[0].slot.label)!;
          const names = wrong.map((v) => v.slot.label).join(', ');
          throw new CheckFailure(
            `${B}: ${names} ${wrong.length === 1 ? 'is' : 'are'} wrong; e.g. ${entryName(first)} is ${formatNumber(first.worst.analytic)} but finite differences give ${formatNumber(first.worst.numerical)}.`,
            undefined,
            { gradients: comparisons },
          );
        }
      },
    },
    {
      ...checkIdentity('backward-own-forward', B, `${B} matches finite differences of your own ${F}`),
      uses: [F, B],
      extreme: false,
      run: async (c, dirSeed) => {
        const args = spec.forwardArgs(c);
        const reference = spec.referenceForward(...args);
        const own = await call(F, args);
        readForward(reference, own.value, false);
        const outcome = await call(B, spec.backwardArgs(c, own.value));
        const gradients = readGradients(c, outcome.value, false);
        const slots = spec.slots(c);
        const terms = spec.lossTerms(c);
        // Your forward at x ± t·d for every slot, in one round trip.
        const points: unknown[][] = [];
        const steps = slots.map((slot, j) => {
          const direction = directionFor(slot, dirSeed + j);
          const original = Float64Array.from(slot.input);
          const t = directionalStep([slot.input], [direction]);
          for (const sign of [1, -1]) {
            moveAlong([slot.input], [original], [direction], sign * t);
            points.push(structuredClone(args));
          }
          slot.input.set(original);
          return t;
        });
        const outcomes = await ctx.runner.callMany(spec.folder, F, points);
        const losses = outcomes.map((o) => {
          if (!o.ok) throw new CheckFailure(o.fault.message, o.fault, { fn: F });
          return lossOf(readForward(reference, o.value, false), terms);
        });
        slots.forEach((slot, j) => {
          const direction = directionFor(slot, dirSeed + j);
          const numerical = steps[j] === 0 ? 0 : (losses[2 * j] - losses[2 * j + 1]) / (2 * steps[j]);
          const analytic = dot(gradients[j], direction);
          ctx.observe?.(`${B}.backward-own-forward`, analytic, numerical);
          if (!withinTolerance(analytic, numerical, tolGradient)) {
            throw new CheckFailure(
              `${B}: ${slot.label} does not match finite differences of your own ${F} (along a random direction: ${formatNumber(analytic)} vs ${formatNumber(numerical)}).`,
            );
          }
        });
      },
    },
    {
      ...checkIdentity('backward-zero-upstream', B, `${B} gives zero gradients for a zero upstream gradient`),
      uses: [B],
      extreme: false,
      run: async (c) => {
        const zero = spec.withZeroUpstream(c);
        const outcome = await call(B, referenceBackwardArgs(zero));
        const gradients = readGradients(zero, outcome.value, false);
        spec.slots(zero).forEach((slot, j) => {
          const k = gradients[j].findIndex((g) => g !== 0);
          if (k >= 0) {
            throw new CheckFailure(`${B} returned ${slot.label} entry ${k} = ${formatNumber(gradients[j][k])} although every upstream gradient is zero.`);
          }
        });
      },
    },
    {
      ...checkIdentity('backward-extreme', B, `${B} stays finite for saturated and extreme inputs`),
      uses: [B],
      extreme: true,
      run: async (c) => {
        const outcome = await call(B, referenceBackwardArgs(c));
        const gradients = readGradients(c, outcome.value, false);
        spec.slots(c).forEach((slot, j) => {
          const k = gradients[j].findIndex((g) => !Number.isFinite(g));
          if (k >= 0) throw new CheckFailure(`${B} returned ${slot.label} entry ${k} = ${gradients[j][k]} for large inputs: look for an overflow.`);
        });
      },
    },
    {
      ...checkIdentity('shapes', B, `${B} returns Float64Arrays and matrices of the right shapes`),
      uses: [B],
      extreme: false,
      run: async (c) => {
        const outcome = await call(B, referenceBackwardArgs(c));
        readGradients(c, outcome.value, true);
      },
    },
    {
      ...checkIdentity('arguments-unchanged', B, `${B} leaves its arguments unchanged`),
      uses: [B],
      extreme: false,
      run: (c) => unchanged(B, referenceBackwardArgs(c)),
    },
    {
      ...checkIdentity('deterministic', B, `${B} gives the same answer twice`),
      uses: [B],
      extreme: false,
      run: (c) => deterministic(B, referenceBackwardArgs(c)),
    },
  ];
}

/** When the forward is wrong but the backward agrees with it, say so on the gradient check. */
function explainForwardFirst(spec: Spec, results: CheckResult[]): void {
  const get = (id: string) => results.find((r) => r.id === id);
  const forward = get(`${spec.forward}.forward`);
  const gradient = get(`${spec.backward}.backward-gradient`);
  const own = get(`${spec.backward}.backward-own-forward`);
  if (forward?.status === 'failed' && gradient?.status === 'failed' && own?.status === 'passed') {
    gradient.message += ` Your backward matches your own ${spec.forward}, but your ${spec.forward} is wrong: fix it first.`;
  }
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e-3 && abs < 1e5 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}
