import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); integration tests drive the HTTP API on a
// real database (tests/integration). TEST_PG_TEMPLATE switches the latter to PostgreSQL.
export default defineConfig({
  test: {
    include: process.env.TEST_PG_TEMPLATE
      ? ['tests/integration/**/*.test.ts']
      : ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    pool: 'forks',
    // Each PGlite instance takes ~0.8 GB; two workers fit the 2-core machines.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
