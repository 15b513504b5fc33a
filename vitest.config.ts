import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `lab` starts real Kafka/Connect JVMs.
// Lab test files share one lab (started once by globalSetup) and run in a single worker
// so that a 2-core CI machine is not asked to run two labs at once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.lab.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/**/*.lab.test.ts'],
          globalSetup: ['test/lab/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
