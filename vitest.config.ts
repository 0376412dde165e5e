import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Real models on real photos: model load and inference take seconds on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file loads its own engine; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    // Builds the renderer once for the end-to-end files (test/e2e), before any worker starts.
    globalSetup: ['test/e2e/support/global-setup.ts'],
  },
});
