import { defineConfig } from 'vitest/config';

/**
 * `npm run test:stress`: load, database faults, shutdown under load and several instances, each
 * against the production bundle running as real processes. One file at a time, so no test's load
 * distorts another's figures.
 */
export default defineConfig({
  test: {
    include: ['perf/stress/**/*.stress.test.ts'],
    globalSetup: ['perf/stress/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
