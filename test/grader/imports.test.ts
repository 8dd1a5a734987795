/**
 * Which earlier exercises a submission's files import, read from the source text (nothing is run),
 * for "fix X first"; and everything an exercise reaches through imports, in any number of hops.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES, type ExerciseId } from '../../grader/course';
import { directImports, reachableImports } from '../../grader/imports';
import { SOLUTIONS_DIR } from '../../grader/paths';

const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A submission with the given files (path relative to the tree → source). */
function submission(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lstm-imports-'));
  roots.push(root);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  return root;
}

const ids = (set: Set<ExerciseId> | undefined) => [...(set ?? [])].sort();

describe('directImports', () => {
  it('reads static, type-only, re-exported, dynamic and require imports of earlier exercises', () => {
    const dir = submission({
      '08-lstm-cell/lstm-cell.ts': [
        "import { forgetGate } from '../03-forget-gate/forget-gate';",
        "import type { Vector } from '../../lib/types';",
        "import type { Gate } from '../04-input-gate/input-gate';",
        "export { candidate } from '../05-candidate/candidate';",
        "const later = () => import('../06-cell-state/cell-state');",
        "const out = require('../07-output-gate/output-gate');",
      ].join('\n'),
    });
    const graph = directImports(dir);
    expect(ids(graph.get('lstm-cell'))).toEqual(['candidate', 'cell-state', 'forget-gate', 'input-gate', 'output-gate']);
  });

  it('reads the source without running it', () => {
    const dir = submission({
      '03-forget-gate/forget-gate.ts':
        "process.exit(3);\nthrow new Error('ran');\nimport { affine } from '../02-affine/affine';\nwhile (true) {}\n",
    });
    expect(ids(directImports(dir).get('forget-gate'))).toEqual(['affine']);
  });

  it('ignores lib/, the exercise itself, folders that are no exercise and imports inside comments', () => {
    const dir = submission({
      '02-affine/affine.ts': [
        "import { matVec } from '../../lib/linalg';",
        "import { helper } from './helper';",
        "import { again } from '../02-affine/affine';",
        "import { nothing } from '../99-extra/extra';",
        "// import { sigmoid } from '../01-activations/activations';",
      ].join('\n'),
    });
    expect(ids(directImports(dir).get('affine'))).toEqual([]);
  });

  it('has an entry, possibly empty, for every code exercise, also when its file is missing', () => {
    const graph = directImports(submission({}));
    expect([...graph.keys()]).toEqual(CODE_EXERCISES.map((e) => e.id));
    expect([...graph.values()].every((s) => s.size === 0)).toBe(true);
  });

  it("reads the teaching solutions' own imports", () => {
    const graph = directImports(SOLUTIONS_DIR);
    expect(ids(graph.get('activations'))).toEqual([]);
    for (const [id, imported] of graph) {
      for (const dependency of imported)
        expect(CODE_EXERCISES.find((e) => e.id === id)!.dependsOn, `${id} imports ${dependency}`).toContain(dependency);
    }
  });
});

describe('reachableImports', () => {
  const graph = new Map<ExerciseId, Set<ExerciseId>>([
    ['lstm-sequence', new Set<ExerciseId>(['lstm-cell'])],
    ['lstm-cell', new Set<ExerciseId>(['forget-gate', 'cell-state'])],
    ['forget-gate', new Set<ExerciseId>(['affine'])],
    ['affine', new Set<ExerciseId>(['activations'])],
    ['cell-state', new Set<ExerciseId>()],
  ]);

  it('follows imports through several hops', () => {
    expect(ids(reachableImports(graph, 'lstm-sequence'))).toEqual(['activations', 'affine', 'cell-state', 'forget-gate', 'lstm-cell']);
    expect(ids(reachableImports(graph, 'forget-gate'))).toEqual(['activations', 'affine']);
    expect(ids(reachableImports(graph, 'cell-state'))).toEqual([]);
    expect(ids(reachableImports(graph, 'readout'))).toEqual([]);
  });

  it('ends on import cycles, reaching every exercise of the cycle', () => {
    const cyclic = new Map(graph);
    cyclic.set('activations', new Set<ExerciseId>(['lstm-sequence']));
    expect(ids(reachableImports(cyclic, 'affine'))).toEqual([
      'activations',
      'affine',
      'cell-state',
      'forget-gate',
      'lstm-cell',
      'lstm-sequence',
    ]);
    const twoWay = new Map<ExerciseId, Set<ExerciseId>>([
      ['affine', new Set<ExerciseId>(['activations'])],
      ['activations', new Set<ExerciseId>(['affine'])],
    ]);
    expect(ids(reachableImports(twoWay, 'affine'))).toEqual(['activations', 'affine']);
  });
});
