/**
 * The sequence tasks' run cache: its own namespace, keyed on grader/weather/ (the sandbox's trainer
 * and the weather table), grader/copytask/ (the reference LSTM and its kernels), grader/engine/
 * (the optimizer) and lib/. How a
 * key follows the files is run-cache.ts's (test/grader/run-cache.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeVersion as copyTaskVersion } from '../../../grader/copytask/cache';
import { GRADER_ROOT } from '../../../grader/paths';
import { runCache } from '../../../grader/run-cache';
import { cachePath, codeVersion } from '../../../grader/weather/cache';

const folder = (...parts: string[]) => join(GRADER_ROOT, ...parts);

describe('the weather cache', () => {
  it('is keyed on grader/weather/ (the data included), grader/copytask/, grader/engine/ and lib/', () => {
    const weather = folder('grader', 'weather');
    const copytask = folder('grader', 'copytask');
    const engine = folder('grader', 'engine');
    const lib = folder('lib');
    expect(codeVersion()).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion()).toBe(runCache('any', [weather, copytask, engine, lib]).codeVersion());
    // Without the copy task's folder an edit of the reference LSTM would not reach these runs.
    expect(codeVersion()).not.toBe(runCache('any', [weather, engine, lib]).codeVersion());
    // Nor, without grader/engine/, an edit of Adam.
    expect(codeVersion()).not.toBe(runCache('any', [weather, copytask, lib]).codeVersion());
    expect(codeVersion()).not.toBe(copyTaskVersion());
  });

  it('stores its runs under <cache>/weather/, apart from the copy task', () => {
    const file = cachePath('/cache', 'reference-regression', { seed: 42 });
    expect(file).toMatch(/^\/cache\/weather\/reference-regression-[0-9a-f]{24}\.json$/);
    expect(cachePath('/cache', 'reference-regression', { seed: 43 })).not.toBe(file);
  });
});
