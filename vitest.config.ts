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
    // In CI, a failed test runs once more. The Chromium launch tests wait on a real browser across frames; one run
    // in several has had one of them stall in the LTI redirect on a 2-core machine. A test that fails twice still
    // fails the run. Local runs do not retry, so a flake stays visible there.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default'],
  },
});
