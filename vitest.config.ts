import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // e2e tests spawn bundles and loopback servers and mostly wait on them: four workers keep two cores busy.
    maxWorkers: 4,
  },
});
