import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    // Two projects in one run: `main` first, then `faults`, whose tests restart the PostgreSQL
    // cluster and kill server processes. Running them after everything else, one file at a
    // time, keeps a restart from cutting off another test's connections (docs/RELIABILITY.md).
    // Each names its global setup (the root has none: vitest would run it once more for the root).
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/faults/**'], globalSetup: ['test/global_setup.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], globalSetup: ['test/faults/global_setup.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
