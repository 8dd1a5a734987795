/**
 * The recorded reference runs: what the exporter records (the runs a grade reads, wall times
 * zeroed, sorted), and how the template's run caches use them (run-cache.ts): a recorded run comes
 * first, and a run the template cannot compute fails with a message that names the seed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceRunsFor, referenceRunsJson } from '../../../grader/export/record';
import { CACHE_DIR } from '../../../grader/paths';
import { recordedRunId, recordRuns, runCache, type RecordedRun } from '../../../grader/run-cache';
import { NOT_IN_TEMPLATE, ReferenceRunUnavailable } from '../../../grader/student-template';

const root = mkdtempSync(join(tmpdir(), 'export-record-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sources(): string {
  const folder = mkdtempSync(join(root, 'sources-'));
  writeFileSync(join(folder, 'trainer.ts'), 'export const a = 1;');
  return folder;
}

function recordedFile(runs: RecordedRun[]): string {
  const folder = mkdtempSync(join(root, 'recorded-'));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'reference-runs.json');
  writeFileSync(file, referenceRunsJson(runs));
  return file;
}

const notInTemplate = () => {
  throw Object.assign(new Error('FastLstm.backwardBatch is instructor-only'), { name: NOT_IN_TEMPLATE });
};

describe("the run caches' recorded layer (the student template)", () => {
  const cacheDir = join(root, 'cache');
  const key = (seed: number) => ({ config: { delay: 10, seed }, evaluation: 512 });
  const recorded = recordedFile([{ namespace: 'unit', kind: 'reference-lstm', key: key(42), value: { curve: [1, 0.5], wallMs: 0 } }]);

  it('uses a recorded run before anything else, without computing', () => {
    const { cached } = runCache('unit', [sources()], recorded);
    expect(cached(cacheDir, 'reference-lstm', key(42), notInTemplate)).toEqual({ value: { curve: [1, 0.5], wallMs: 0 }, hit: true });
  });

  it('fails a run it cannot compute with a message that names the missing and the recorded seed', () => {
    const { cached } = runCache('unit', [sources()], recorded);
    expect(() => cached(cacheDir, 'reference-lstm', key(7), notInTemplate)).toThrow(ReferenceRunUnavailable);
    expect(() => cached(cacheDir, 'reference-lstm', key(7), notInTemplate)).toThrow(
      'The reference run for seed 7 is not in this student template (it has seed 42), which cannot train the reference itself: ' +
        'grade this exercise without --seed, or ask your instructor to record seed 7 (unit reference-lstm).',
    );
    const otherDelay = { config: { delay: 50, seed: 42 }, evaluation: 512 };
    expect(() => cached(cacheDir, 'reference-lstm', otherDelay, notInTemplate)).toThrow(
      /for this configuration is not in this student template .*with the default settings/,
    );
  });

  it('still computes what it can, and passes other errors on unchanged', () => {
    const { cached } = runCache('unit', [sources()], recorded);
    expect(cached(cacheDir, 'other', key(7), () => 'computed')).toEqual({ value: 'computed', hit: false });
    const boom = new RangeError('boom');
    expect(() =>
      cached(cacheDir, 'other', key(8), () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  it('without a recorded file (the course repository) a NotInTemplateError is not turned into a missing run', () => {
    const { cached } = runCache('unit', [sources()], join(root, 'absent.json'));
    expect(() => cached(cacheDir, 'reference-lstm', key(7), notInTemplate)).toThrow(/instructor-only/);
  });

  it('recordRuns gives the runs handed out meanwhile, computed or read, as JSON', () => {
    const { cached } = runCache('unit', [sources()], join(root, 'absent.json'));
    const runs = recordRuns(() => {
      cached(cacheDir, 'run', { seed: 1 }, () => ({ values: Float64Array.of(1, 2) }));
      cached(cacheDir, 'run', { seed: 1 }, () => ({ values: Float64Array.of(9) }));
    });
    expect(runs).toEqual([
      { namespace: 'unit', kind: 'run', key: { seed: 1 }, value: { values: { 0: 1, 1: 2 } } },
      { namespace: 'unit', kind: 'run', key: { seed: 1 }, value: { values: { 0: 1, 1: 2 } } },
    ]);
    expect(() => recordRuns(() => recordRuns(() => undefined))).toThrow(/already recording/);
  });
});

describe('referenceRunsFor', () => {
  it('records the graded runs of the copy task and both sequence tasks, sorted, without wall times', () => {
    const runs = referenceRunsFor({ seeds: [42], tiers: false, cacheDir: CACHE_DIR });
    expect(runs.map((r) => `${r.namespace} ${r.kind}`)).toEqual([
      'copytask reference-lstm',
      'copytask rnn',
      'weather reference-classification',
      'weather reference-regression',
    ]);
    const ids = runs.map((r) => recordedRunId(r.namespace, r.kind, r.key));
    expect([...ids].sort()).toEqual(ids);
    expect(JSON.stringify(runs)).not.toMatch(/"wallMs":(?!0[,}])/);
    expect(JSON.parse(referenceRunsJson(runs))).toEqual(runs);
    expect(referenceRunsJson(runs).split('\n')).toHaveLength(runs.length + 3);
  });
});
