import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`: `node` (core, main, preload, scripts and the Chromium
 * end-to-end tests) and `renderer` (screens and their helpers in a DOM, .ts and .tsx, with the
 * renderer's own Vite features such as import.meta.glob and React's JSX).
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
          exclude: ['test/renderer/**'],
          environment: 'node',
          // Builds the renderer once for the end-to-end files (test/e2e), before any worker starts.
          globalSetup: ['test/e2e/support/global-setup.ts'],
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
        },
      },
    ],
  },
});
