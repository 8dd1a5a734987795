/**
 * The student's tree (exercises/) against the course layout (grader/exercises.ts) and the
 * reference tree (solutions/): same exports with the same arity and types, every stub throws
 * NotImplementedError naming its function, every README names the functions it asks for.
 * Trusted test: it imports both trees directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GRADER_ROOT } from '../../grader/paths';
import { CODE_EXERCISES, type ExerciseId } from '../../grader/course';
import * as linalg from '../../lib/linalg';
import * as notImplementedModule from '../../lib/not-implemented';
import { isNotImplemented } from '../../lib/not-implemented';
import * as random from '../../lib/random';
import { Random } from '../../lib/random';
import type { Gate, LstmParams, StepCache, Vector } from '../../lib/types';

import * as exActivations from '../../exercises/01-activations/activations';
import * as exAffine from '../../exercises/02-affine/affine';
import * as exForgetGate from '../../exercises/03-forget-gate/forget-gate';
import * as exInputGate from '../../exercises/04-input-gate/input-gate';
import * as exCandidate from '../../exercises/05-candidate/candidate';
import * as exCellState from '../../exercises/06-cell-state/cell-state';
import * as exOutputGate from '../../exercises/07-output-gate/output-gate';
import * as exLstmCell from '../../exercises/08-lstm-cell/lstm-cell';
import * as exLstmSequence from '../../exercises/09-lstm-sequence/lstm-sequence';
import * as solActivations from '../../solutions/01-activations/activations';
import * as solAffine from '../../solutions/02-affine/affine';
import * as solForgetGate from '../../solutions/03-forget-gate/forget-gate';
import * as solInputGate from '../../solutions/04-input-gate/input-gate';
import * as solCandidate from '../../solutions/05-candidate/candidate';
import * as solCellState from '../../solutions/06-cell-state/cell-state';
import * as solOutputGate from '../../solutions/07-output-gate/output-gate';
import * as solLstmCell from '../../solutions/08-lstm-cell/lstm-cell';
import * as solLstmSequence from '../../solutions/09-lstm-sequence/lstm-sequence';
import * as exReadout from '../../exercises/11-readout/readout';
import * as solReadout from '../../solutions/11-readout/readout';

type Module = Record<string, unknown>;
type CodeExerciseId = Exclude<ExerciseId, 'copy-task' | 'sequence-tasks'>;

const STUBS: Record<CodeExerciseId, Module> = {
  activations: exActivations,
  affine: exAffine,
  'forget-gate': exForgetGate,
  'input-gate': exInputGate,
  candidate: exCandidate,
  'cell-state': exCellState,
  'output-gate': exOutputGate,
  'lstm-cell': exLstmCell,
  'lstm-sequence': exLstmSequence,
  readout: exReadout,
};

const REFERENCES: Record<CodeExerciseId, Module> = {
  activations: solActivations,
  affine: solAffine,
  'forget-gate': solForgetGate,
  'input-gate': solInputGate,
  candidate: solCandidate,
  'cell-state': solCellState,
  'output-gate': solOutputGate,
  'lstm-cell': solLstmCell,
  'lstm-sequence': solLstmSequence,
  readout: solReadout,
};

const ROOT = GRADER_ROOT;
const H = 3;
const D = 2;
const T = 4;

/** Well-shaped arguments (H = 3, D = 2, T = 4) for every exported function, by name. */
function wellShapedArguments(functionName: string): unknown[] {
  const random = new Random(20240611);
  const hidden = (): Vector => random.vector(H);
  const gate = (): Gate => ({ W: random.matrix(H, H + D), b: random.vector(H) });
  const params = (): LstmParams => ({ forget: gate(), input: gate(), candidate: gate(), output: gate() });
  const gateOutput = (): Vector => random.vector(H, 0.05, 0.95);
  const lstmParams = params();
  const xs = Array.from({ length: T }, () => random.vector(D));
  const sequence = solLstmSequence.lstmForward(lstmParams, xs, hidden(), hidden());
  const cache: StepCache = sequence.caches[0];
  const byName: Record<string, () => unknown[]> = {
    sigmoid: () => [random.vector(H, -3, 3)],
    sigmoidBackward: () => [gateOutput(), hidden()],
    tanh: () => [random.vector(H, -3, 3)],
    tanhBackward: () => [random.vector(H, -0.95, 0.95), hidden()],
    affine: () => [random.matrix(H, H + D), hidden(), hidden(), random.vector(D)],
    affineBackward: () => [random.matrix(H, H + D), hidden(), random.vector(D), hidden()],
    forgetGate: () => [gate(), hidden(), random.vector(D)],
    forgetGateBackward: () => [gate(), hidden(), random.vector(D), gateOutput(), hidden()],
    inputGate: () => [gate(), hidden(), random.vector(D)],
    inputGateBackward: () => [gate(), hidden(), random.vector(D), gateOutput(), hidden()],
    candidate: () => [gate(), hidden(), random.vector(D)],
    candidateBackward: () => [gate(), hidden(), random.vector(D), hidden(), hidden()],
    cellState: () => [gateOutput(), hidden(), gateOutput(), hidden()],
    cellStateBackward: () => [gateOutput(), hidden(), gateOutput(), hidden(), hidden()],
    outputGate: () => [gate(), hidden(), random.vector(D)],
    outputGateBackward: () => [gate(), hidden(), random.vector(D), gateOutput(), hidden()],
    hiddenState: () => [gateOutput(), hidden()],
    hiddenStateBackward: () => [gateOutput(), hidden(), hidden()],
    lstmCellForward: () => [lstmParams, hidden(), hidden(), random.vector(D)],
    lstmCellBackward: () => [lstmParams, cache, hidden(), hidden()],
    lstmForward: () => [lstmParams, xs, hidden(), hidden()],
    lstmBackward: () => [lstmParams, sequence.caches, sequence.hs.map(() => hidden()), hidden()],
    denseForward: () => [{ W: random.matrix(2, H), b: random.vector(2) }, hidden()],
    denseBackward: () => [{ W: random.matrix(2, H), b: random.vector(2) }, hidden(), random.vector(2)],
    mseLoss: () => [hidden(), hidden()],
    mseLossBackward: () => [hidden(), hidden()],
    softmaxCrossEntropy: () => [hidden(), 1],
    softmaxCrossEntropyBackward: () => [hidden(), 1],
  };
  const build = byName[functionName];
  if (build === undefined) throw new Error(`wellShapedArguments: no arguments known for function ${functionName}`);
  return build();
}

/** What the import lines shown to students may name, by path relative to an exercise folder. */
const IMPORTABLE: Record<string, Module> = {
  '../../lib/linalg': linalg,
  '../../lib/random': random,
  '../../lib/not-implemented': notImplementedModule,
  ...Object.fromEntries(CODE_EXERCISES.map((e) => [`../${e.file.replace(/\.ts$/, '')}`, REFERENCES[e.id as CodeExerciseId]])),
};

/** Every `import { a, b } from '../...'` line in a text (README or stub comment), types excluded. */
function importLines(text: string): { names: string[]; from: string }[] {
  const found: { names: string[]; from: string }[] = [];
  for (const match of text.matchAll(/import \{([^}]+)\} from '([^']+)'/g)) {
    found.push({
      names: match[1]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
      from: match[2],
    });
  }
  return found;
}

function functionExports(module: Module): string[] {
  return Object.keys(module)
    .filter((name) => typeof module[name] === 'function')
    .sort();
}

function callFunction(module: Module, name: string, args: unknown[]): unknown {
  const fn = module[name] as (...parameters: unknown[]) => unknown;
  return fn(...args);
}

describe('the course tree', () => {
  it('has one stub module and one reference module per code exercise', () => {
    expect(Object.keys(STUBS).sort()).toEqual(CODE_EXERCISES.map((e) => e.id).sort());
    expect(Object.keys(REFERENCES).sort()).toEqual(CODE_EXERCISES.map((e) => e.id).sort());
    for (const info of CODE_EXERCISES) {
      expect(existsSync(join(ROOT, 'exercises', info.file)), `exercises/${info.file}`).toBe(true);
      expect(existsSync(join(ROOT, 'solutions', info.file)), `solutions/${info.file}`).toBe(true);
    }
  });

  it('stubs have the same TypeScript types as the reference solutions', () => {
    // Checked by `tsc --noEmit`, which covers test/; at run time these calls are no-ops.
    expectTypeOf(exActivations).toEqualTypeOf<typeof solActivations>();
    expectTypeOf(exAffine).toEqualTypeOf<typeof solAffine>();
    expectTypeOf(exForgetGate).toEqualTypeOf<typeof solForgetGate>();
    expectTypeOf(exInputGate).toEqualTypeOf<typeof solInputGate>();
    expectTypeOf(exCandidate).toEqualTypeOf<typeof solCandidate>();
    expectTypeOf(exCellState).toEqualTypeOf<typeof solCellState>();
    expectTypeOf(exOutputGate).toEqualTypeOf<typeof solOutputGate>();
    expectTypeOf(exLstmCell).toEqualTypeOf<typeof solLstmCell>();
    expectTypeOf(exLstmSequence).toEqualTypeOf<typeof solLstmSequence>();
  });

  it('has a course README that names every exercise folder', () => {
    const readme = readFileSync(join(ROOT, 'exercises', 'README.md'), 'utf8');
    for (const info of CODE_EXERCISES) expect(readme, info.folder).toContain(info.folder);
    expect(readme).toContain('copy-task');
  });

  for (const info of CODE_EXERCISES) {
    const id = info.id as CodeExerciseId;
    const listed = Object.keys(info.exports).sort();

    describe(info.folder, () => {
      it('exports exactly the listed functions, with the listed arity, in both trees', () => {
        for (const [tree, module] of [
          ['exercises', STUBS[id]],
          ['solutions', REFERENCES[id]],
        ] as const) {
          expect(functionExports(module), `${tree}/${info.file}`).toEqual(listed);
          for (const name of listed) {
            expect((module[name] as (...parameters: unknown[]) => unknown).length, `${tree}/${info.file}: ${name}.length`).toBe(
              info.exports[name],
            );
          }
        }
      });

      for (const name of listed) {
        it(`stub ${name} throws NotImplementedError naming it, on arguments the reference accepts`, () => {
          const args = wellShapedArguments(name);
          expect(args).toHaveLength(info.exports[name]);
          // The reference must accept the very same arguments, so the stub's throw is not a shape error.
          expect(() => callFunction(REFERENCES[id], name, wellShapedArguments(name))).not.toThrow();
          let thrown: unknown = undefined;
          try {
            callFunction(STUBS[id], name, args);
          } catch (error) {
            thrown = error;
          }
          expect(isNotImplemented(thrown), `${name} threw ${String(thrown)}`).toBe(true);
          expect((thrown as Error).message).toContain(name);
          expect((thrown as { functionName?: string }).functionName).toBe(name);
        });
      }

      it('shows only import lines that resolve, in its README and stub', () => {
        for (const file of ['README.md', `${info.id}.ts`]) {
          const text = readFileSync(join(ROOT, 'exercises', info.folder, file), 'utf8');
          for (const { names, from } of importLines(text)) {
            if (from === '../../lib/types') continue; // type-only imports, checked by tsc in the stubs
            const module = IMPORTABLE[from];
            expect(module, `${info.folder}/${file}: import from '${from}'`).toBeDefined();
            for (const name of names) expect(module[name], `${info.folder}/${file}: ${name} from '${from}'`).toBeDefined();
          }
        }
      });

      it('has a README.md that mentions every exported function and the grade command', () => {
        const readmePath = join(ROOT, 'exercises', info.folder, 'README.md');
        expect(existsSync(readmePath), readmePath).toBe(true);
        const readme = readFileSync(readmePath, 'utf8');
        for (const name of listed) expect(readme, `${info.folder}/README.md mentions ${name}`).toContain(name);
        expect(readme).toContain(`npm run grade -- --only ${info.id}`);
      });
    });
  }
});
