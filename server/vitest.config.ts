import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Load, fault and multi-process tests (perf/stress) take minutes: `npm run test:stress` runs them.
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own embedded database; two workers match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
