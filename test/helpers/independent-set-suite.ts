/**
 * The regression suite of the independent set of student mistakes (test/fixtures/independent-mistakes/),
 * shared by the test files that split the set by exercise so that vitest grades the parts in
 * parallel (test/grader/mistakes/independent-set-*.test.ts). Each case is graded once (in-process,
 * quick, only its exercise, seed 42) and the feedback's most important properties are asserted:
 *
 * - wrong code never passes: the case's exercise loses points (apart from the recorded gaps);
 * - a wrong name is worse than none: no case is named wrong (ever, no exceptions);
 * - recognition does not regress: the cases named right are exactly the recorded ones, so a
 *   change shows as a diff of case ids (an improvement too: then record it).
 */
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { describe, expect, it } from 'vitest';
import { courseIndex, type ExerciseId } from '../../grader/course';
import { transpileTypeScript, type TranspiledFile } from '../../grader/sandbox/transpile';
import { CASES, gradeCase, type GradedCase, type IndependentCase } from './independent-set';

type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
type Extensions = Record<string, (module: CompilingModule, filename: string) => void>;

/**
 * Every case is a copy of the reference with one file changed, and the direct runner requires each
 * copy by its own path, so its require hook (ensureTypeScriptRequire) would transpile the same
 * sources again for every case. This hook is the same transpilation, done once per distinct source
 * in this test process. It is installed only where no .ts hook exists yet, as the runner's is.
 */
function installTranspileOncePerSource(): void {
  const extensions = (nodeModule as unknown as { _extensions: Extensions })._extensions;
  if (extensions['.ts']) return;
  const memo = new Map<string, TranspiledFile>();
  extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    let transpiled = memo.get(source);
    if (!transpiled) memo.set(source, (transpiled = transpileTypeScript(source, filename)));
    if (transpiled.syntaxError) {
      throw new SyntaxError(`${filename}: line ${transpiled.syntaxError.line}: ${transpiled.syntaxError.message}`);
    }
    module._compile(transpiled.js, filename);
  };
}
installTranspileOncePerSource();

/** The seed the figures were recorded at (docs/mistakes.md). */
export const SEED = 42;

export interface Recorded {
  /** The ids of the cases named (or diagnosed) right at seed 42, in any order. */
  namedRight: readonly string[];
  /** Wrong code that keeps full marks today: known gaps of the checks, to be fixed, not hidden. */
  keptFullMarks: readonly string[];
}

/** The cases of exercises `first` to `last` (course ids), in manifest order. */
export function casesOfExercises(first: ExerciseId, last: ExerciseId): IndependentCase[] {
  return CASES.filter((c) => courseIndex(c.exercise) >= courseIndex(first) && courseIndex(c.exercise) <= courseIndex(last));
}

/** One of the two halves of an exercise's cases (its cases in manifest order, split at the middle). */
export function halfOfExercise(exercise: ExerciseId, half: 1 | 2): IndependentCase[] {
  const all = casesOfExercises(exercise, exercise);
  const middle = Math.floor(all.length / 2);
  return half === 1 ? all.slice(0, middle) : all.slice(middle);
}

export function describeIndependentCases(title: string, cases: readonly IndependentCase[], recorded: Recorded): void {
  describe(title, () => {
    const graded = new Map<string, GradedCase>();

    it('records only cases of this part', () => {
      expect(cases.length).toBeGreaterThan(0);
      const ids = new Set(cases.map((c) => c.id));
      expect([...recorded.namedRight, ...recorded.keptFullMarks].filter((id) => !ids.has(id))).toEqual([]);
    });

    const rows = cases.map((c) => {
      const gap = recorded.keptFullMarks.includes(c.id);
      return [`${c.id}: ${gap ? 'keeps full marks (a recorded gap)' : 'loses points'}, is not named wrong`, c] as const;
    });
    it.each(rows)('%s', async (_title, c) => {
      const id = c.id;
      const result = await gradeCase(c, SEED);
      graded.set(id, result);
      const said = result.said.join(' · ') || 'nothing';
      const gap = recorded.keptFullMarks.includes(id);
      const why = gap
        ? `${id} now loses points: the gap is closed, take it out of keptFullMarks`
        : `${id} (wrong code) kept full marks in ${c.exercise}`;
      expect(result.passed, why).toBe(gap);
      expect(result.verdict, `${id} is named wrong; the feedback said: ${said}`).not.toBe('wrong');
    });

    it('names right exactly the recorded cases (after every case above was graded)', () => {
      expect(graded.size, 'every case of this part was graded').toBe(cases.length);
      const right = cases.filter((c) => graded.get(c.id)!.verdict === 'right').map((c) => c.id);
      const expected = cases.filter((c) => recorded.namedRight.includes(c.id)).map((c) => c.id);
      expect(right).toEqual(expected);
    });
  });
}
