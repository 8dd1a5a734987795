import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Property tests and sandbox tests spawn processes; a generous per-test timeout keeps a
    // slow shared machine from turning into flaky failures.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. Most
    // slow tests wait on processes they started (sandboxes, the command line, Chromium), so a
    // worker per core keeps both cores busy (docs/testing.md).
    maxWorkers: availableParallelism(),
  },
});
