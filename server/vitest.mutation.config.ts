import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The test files that cover the mutated modules (see stryker.config.json). Stryker runs one Vitest
 * worker per test runner and only the tests that reach each mutant; each file still gets its own
 * embedded database, loaded from the migrated template that global-setup.ts makes once per runner.
 * With DATABASE_URL set the files share one server database instead, which makes the initial run
 * far shorter and each mutant a little (figures in docs/mutation-testing.md).
 */
// Spread, not mergeConfig: mergeConfig appends arrays, which would keep the base's every-file include.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'src/modules/auth/**/*.test.ts',
      'src/modules/transaction/**/*.test.ts',
      'src/modules/analytics/**/*.test.ts',
      'src/modules/account/**/*.test.ts',
      'src/lib/rate-limit*.test.ts',
      'src/lib/event-loop-turns.test.ts',
    ],
  },
});
