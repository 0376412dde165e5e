import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Four projects, all run by `npm test`: `node` (core, main, preload and scripts), `renderer`
 * (screens and their helpers in a DOM, .ts and .tsx, with the renderer's own Vite features such as
 * import.meta.glob and React's JSX), `clinic` (the clinic's PostgreSQL side against a throwaway
 * cluster), then `e2e` (the built renderer in Chromium with the real engine behind it), last.
 */
export default defineConfig({
  test: {
    // Real models on real photos: model load and inference take seconds on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file loads its own engine; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/renderer/**', 'test/clinic/**'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/support/setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'clinic',
          include: ['test/clinic/**/*.test.ts'],
          environment: 'node',
          // A throwaway PostgreSQL cluster, started only when a clinic file runs; each file makes
          // its own database in it.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          // After node and renderer, not beside them: two cores. One file at a time: a pull's bound
          // (the oldest running transaction) is cluster-wide, so another file's open transaction
          // in another database holds every pull back (seen: a pull that delivered nothing).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds the renderer once for the end-to-end files, before any of them starts; the
          // clinic's screens need a throwaway PostgreSQL of their own too.
          globalSetup: ['test/e2e/support/global-setup.ts', 'test/support/postgres-global-setup.ts'],
          // After the rest, one file at a time: a browser, the engine and a fake webcam playing a
          // timed head turn must not share two cores with another suite (seen: liveness timing out).
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
