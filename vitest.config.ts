import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn bin/zcust and servers; two cores cannot take many at once.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
