import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES, exerciseInfo } from '../../grader/exercises';
import { MISTAKES, mistakeById } from '../../grader/mistakes/catalogue';
import {
  CACHE_DIR,
  buildMistakeSubmission,
  loadReference,
  loadTreeModule,
  loadVariant,
  variantTreeDir,
} from '../../grader/mistakes/variants';
import * as referenceLstm from '../../solutions/09-lstm-sequence/lstm-sequence';
import { Random } from '../../lib/random';

const SOLUTIONS = path.join(__dirname, '..', '..', 'solutions');
const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('variant trees', () => {
  it.each(MISTAKES.map((m) => [m.id, m] as const))('%s: loads with every export of its exercise', (id, m) => {
    const variant = loadVariant(id);
    for (const fn of Object.keys(exerciseInfo(m.exercise).exports)) expect(typeof variant[fn], fn).toBe('function');
  });

  it('keeps trees under .cache/mistakes, one per patched source set, reused on the next call', () => {
    const a = variantTreeDir('affine-missing-bias');
    expect(path.dirname(a)).toBe(CACHE_DIR);
    expect(variantTreeDir('affine-missing-bias')).toBe(a);
    expect(variantTreeDir('affine-db-zeros')).not.toBe(a);
    expect(variantTreeDir(null)).not.toBe(a);
    expect(fs.existsSync(path.join(a, 'lib', 'linalg.js'))).toBe(true);
    expect(fs.readFileSync(path.join(a, 'solutions', '02-affine', 'affine.js'), 'utf8')).toContain('let sum = 0;');
  });

  it('the transpiled reference computes exactly what the TypeScript reference computes', () => {
    const rng = new Random(7);
    const gate = () => ({ W: rng.matrix(3, 5), b: rng.vector(3) });
    const params = { forget: gate(), input: gate(), candidate: gate(), output: gate() };
    const xs = [rng.vector(2), rng.vector(2), rng.vector(2)];
    const h0 = rng.vector(3);
    const c0 = rng.vector(3);
    const mine = loadReference('lstm-sequence').lstmForward(params, xs, h0, c0) as { hs: Float64Array[] };
    const theirs = referenceLstm.lstmForward(params, xs, h0, c0);
    expect(mine.hs).toEqual(theirs.hs);
  });

  it('a variant of an earlier exercise changes the later exercises that call it', () => {
    const s = new Float64Array([0.25]);
    const f = loadTreeModule('sigmoid-derivative-as-sigmoid', 'activations').sigmoidBackward(s, new Float64Array([1]));
    expect(Array.from(f as Float64Array)).toEqual([0.25]);
    const gate = { W: { rows: 1, cols: 2, data: new Float64Array([1, 1]) }, b: new Float64Array([0]) };
    const one = new Float64Array([1]);
    const ref = loadReference('forget-gate').forgetGateBackward(gate, one, one, s, one) as { db: Float64Array };
    const bug = loadTreeModule('sigmoid-derivative-as-sigmoid', 'forget-gate').forgetGateBackward(gate, one, one, s, one) as {
      db: Float64Array;
    };
    expect(ref.db[0]).toBeCloseTo(0.1875, 12);
    expect(bug.db[0]).toBeCloseTo(0.25, 12);
  });

  it('rejects an exercise without code and an unknown mistake', () => {
    expect(() => loadTreeModule(null, 'copy-task')).toThrow(/loadTreeModule: argument exercise "copy-task"/);
    expect(() => loadVariant('nope')).toThrow(/argument mistakeId "nope"/);
  });
});

describe('buildMistakeSubmission', () => {
  it('writes every exercise file of solutions/, with only the mistake\'s file patched', async () => {
    const dir = await buildMistakeSubmission('cell-state-dcprev-missing-forget');
    made.push(dir);
    const patchedFile = exerciseInfo(mistakeById('cell-state-dcprev-missing-forget').exercise).file;
    for (const info of CODE_EXERCISES) {
      const written = fs.readFileSync(path.join(dir, info.file), 'utf8');
      const original = fs.readFileSync(path.join(SOLUTIONS, info.file), 'utf8');
      if (info.file === patchedFile) {
        expect(written).not.toBe(original);
        expect(written).toContain('dcPrev[k] = dc[k];');
      } else {
        expect(written).toBe(original);
      }
    }
  });

  it('writes into a given folder, creating it', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-mistake-test-'));
    made.push(parent);
    const dest = path.join(parent, 'nested', 'submission');
    expect(await buildMistakeSubmission('bptt-drops-dh-carry', dest)).toBe(dest);
    expect(fs.readFileSync(path.join(dest, '09-lstm-sequence', 'lstm-sequence.ts'), 'utf8')).toContain('dh[k] = dhs[t][k];');
  });
});
