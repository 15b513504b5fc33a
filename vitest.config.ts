import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `lab` starts real Kafka/Connect JVMs.
// Lab test files share one lab (started once by globalSetup) and run one file at a time,
// so that a 2-core CI machine is never asked to run two labs' worth of scenarios at once.
const json = process.env.VITEST_JSON;
export default defineConfig({
  test: {
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
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
