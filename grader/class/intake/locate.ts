/**
 * Where a submission keeps its exercises. Students hand in the exercises/ folder, the NN-id folders
 * inside it, a whole repository (a GitHub Classroom clone: `exercises/` inside), any of those in
 * one wrapping folder, or loose files such as `forget-gate.ts`. This works on a list of relative
 * paths, so a folder on disk and a zip's listing are located by the same rules.
 */
import { CODE_EXERCISES } from '../../course';

export interface Candidate {
  /** Relative path with forward slashes, e.g. `lstm-lab-alice/exercises/03-forget-gate/forget-gate.ts`. */
  path: string;
  kind: 'file' | 'link';
}

export interface Located {
  /** Where the exercise folders were found ('' = at the top), or `loose files`. */
  layout: string;
  /** Each picked candidate and its path laid out like exercises/. */
  picked: { candidate: Candidate; to: string }[];
}

/** Folders that never hold a student's exercise code. */
export function isIgnoredSegment(segment: string): boolean {
  return segment === 'node_modules' || segment === '__MACOSX' || segment.startsWith('.');
}

export function isExerciseSource(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.d.ts');
}

/** The folders worth looking in, in order: the top, exercises/, and the same one level down. */
function candidateRoots(candidates: readonly Candidate[]): string[] {
  const tops = [
    ...new Set(
      candidates
        .map((c) => c.path.split('/'))
        .filter((s) => s.length > 1)
        .map((s) => s[0]),
    ),
  ]
    .filter((top) => !isIgnoredSegment(top))
    .sort();
  return ['', ...tops].flatMap((dir) => [dir, dir === '' ? 'exercises' : `${dir}/exercises`]);
}

const prefixOf = (root: string): string => (root === '' ? '' : `${root}/`);

/** The exercise files of a submission, or undefined when it has none. */
export function locateExercises(candidates: readonly Candidate[]): Located | undefined {
  const usable = candidates.filter((c) => isExerciseSource(c.path) && !c.path.split('/').slice(0, -1).some(isIgnoredSegment));
  const roots = candidateRoots(usable);
  for (const root of roots) {
    const picked = CODE_EXERCISES.flatMap((exercise) => {
      const folder = `${prefixOf(root)}${exercise.folder}/`;
      return usable
        .filter((c) => c.path.startsWith(folder))
        .map((candidate) => ({
          candidate,
          to: `${exercise.folder}/${candidate.path.slice(folder.length)}`,
        }));
    });
    if (picked.length > 0) return { layout: root, picked };
  }
  // Loose files: forget-gate.ts at the top (or in a wrapping folder) belongs in 03-forget-gate/.
  for (const root of roots) {
    const picked = CODE_EXERCISES.flatMap((exercise) => {
      const name = exercise.file.slice(exercise.file.lastIndexOf('/') + 1);
      const candidate = usable.find((c) => c.path === `${prefixOf(root)}${name}`);
      return candidate ? [{ candidate, to: exercise.file }] : [];
    });
    if (picked.length > 0) return { layout: root === '' ? 'loose files' : `loose files in ${root}`, picked };
  }
  return undefined;
}

/** The sentence for a submission without exercise files. */
export function noExerciseFilesProblem(): string {
  const example = CODE_EXERCISES[Math.min(2, CODE_EXERCISES.length - 1)]?.file ?? '03-forget-gate/forget-gate.ts';
  return `no exercise files found: the grader looks for exercises/NN-id/*.ts (for example exercises/${example})`;
}
