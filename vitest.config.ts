import { defineConfig } from 'vitest/config';

/** Real models on real photos: model load and inference take seconds on a 2-core machine. */
const SLOW = { testTimeout: 120_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    environment: 'node',
    // Builds the renderer once for the end-to-end files (test/e2e), before any worker starts.
    globalSetup: ['test/e2e/support/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          ...SLOW,
          // Each test file loads its own engine; two at a time keeps a 2-core machine responsive.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          ...SLOW,
          // After the rest, one file at a time: a browser, the engine and a fake webcam playing a
          // timed head turn must not share two cores with another suite (seen: liveness timing out).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
