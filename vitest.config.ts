import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/test/**/*.test.ts', 'tool-server/test/**/*.test.ts', 'worker/test/**/*.test.ts'],
    globalSetup: ['./test-support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-hungry and the machine has 2 cores: a few files at a time is fastest.
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
  },
});
