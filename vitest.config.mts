import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and sandbox tests spawn processes; a generous per-test timeout keeps a
    // slow shared machine from turning into flaky failures.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
