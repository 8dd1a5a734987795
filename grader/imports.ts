/**
 * Which earlier exercises a submission's files import, read from the source text with the
 * TypeScript pre-processor (nothing is run). "Fix X first" is only said when the failing
 * exercise really calls X.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CODE_EXERCISES, type ExerciseId } from './course';

/** exercise id → the exercises it imports directly, from the submission's files. */
export function directImports(submissionDir: string): Map<ExerciseId, Set<ExerciseId>> {
  const byFolder = new Map(CODE_EXERCISES.map((e) => [e.folder, e.id]));
  const graph = new Map<ExerciseId, Set<ExerciseId>>();
  for (const exercise of CODE_EXERCISES) {
    const file = path.join(submissionDir, exercise.file);
    const imported = new Set<ExerciseId>();
    if (existsSync(file)) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const ref of info.importedFiles) {
        const match = /^\.\.\/([^/]+)\//.exec(ref.fileName);
        const id = match ? byFolder.get(match[1]) : undefined;
        if (id && id !== exercise.id) imported.add(id);
      }
    }
    graph.set(exercise.id, imported);
  }
  return graph;
}

/** Everything `id` reaches through imports, in any number of hops. */
export function reachableImports(graph: Map<ExerciseId, Set<ExerciseId>>, id: ExerciseId): Set<ExerciseId> {
  const seen = new Set<ExerciseId>();
  const stack = [...(graph.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.get(next) ?? []));
  }
  return seen;
}
