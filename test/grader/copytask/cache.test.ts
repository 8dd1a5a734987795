/**
 * The copy task's run cache: its own namespace, keyed on grader/copytask/ (trainers and kernels),
 * grader/engine/ (the optimizer, the outcome checks) and lib/. How a key follows the files is run-cache.ts's (test/grader/run-cache.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePath, codeVersion } from '../../../grader/copytask/cache';
import { GRADER_ROOT } from '../../../grader/paths';
import { runCache } from '../../../grader/run-cache';

const COPYTASK = join(GRADER_ROOT, 'grader', 'copytask');
const ENGINE = join(GRADER_ROOT, 'grader', 'engine');
const LIB = join(GRADER_ROOT, 'lib');

describe('the copy-task cache', () => {
  it('is keyed on exactly grader/copytask/, grader/engine/ and lib/', () => {
    expect(codeVersion()).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion()).toBe(runCache('any', [COPYTASK, ENGINE, LIB]).codeVersion());
    expect(codeVersion()).not.toBe(runCache('any', [COPYTASK, ENGINE]).codeVersion());
    expect(codeVersion()).not.toBe(runCache('any', [COPYTASK, LIB]).codeVersion());
    expect(codeVersion()).not.toBe(runCache('any', [LIB]).codeVersion());
  });

  it('stores its runs under <cache>/copytask/, one file per kind and key', () => {
    const file = cachePath('/cache', 'reference-lstm', { seed: 42 });
    expect(file).toMatch(/^\/cache\/copytask\/reference-lstm-[0-9a-f]{24}\.json$/);
    expect(cachePath('/cache', 'reference-lstm', { seed: 42 })).toBe(file);
    expect(cachePath('/cache', 'reference-lstm', { seed: 7 })).not.toBe(file);
    // The kind is hashed into the key as well, not only written into the name.
    expect(cachePath('/cache', 'reference-rnn', { seed: 42 })).not.toBe(file.replace('reference-lstm', 'reference-rnn'));
  });
});
