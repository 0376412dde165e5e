import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META, CONTENT_SECURITY_POLICY_META_DEV } from './src/main/security/csp.ts';

/** Native / heavy runtime deps: loaded from node_modules by the main process, never bundled. */
const MAIN_EXTERNALS: (string | RegExp)[] = [
  'better-sqlite3',
  'sharp',
  '@vladmandic/face-api',
  /^@vladmandic\/face-api\/.+/,
  /^@tensorflow\/.+/,
];

const CSP_META_RE = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;

/**
 * Keeps the <meta> CSP in src/renderer/index.html identical to src/main/security/csp.ts (the
 * build fails on drift), and in the dev server only, relaxes it for Vite's inline preamble/styles.
 */
function cspMetaPlugin(): Plugin {
  let isDevServer = false;
  return {
    name: 'tanu:csp-meta',
    configResolved(config) {
      isDevServer = config.command === 'serve';
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const match = CSP_META_RE.exec(html);
        if (match === null) throw new Error('index.html must contain a Content-Security-Policy <meta> tag');
        if (match[2] !== CONTENT_SECURITY_POLICY_META) {
          throw new Error(
            'index.html CSP <meta> differs from src/main/security/csp.ts; expected:\n' +
              CONTENT_SECURITY_POLICY_META,
          );
        }
        return isDevServer ? html.replace(CSP_META_RE, `$1${CONTENT_SECURITY_POLICY_META_DEV}$3`) : html;
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The face engine's utilityProcess entry (src/core/face behind a parent port).
          'engine-process': resolve(import.meta.dirname, 'src/main/engine/engine-process.ts'),
        },
        external: MAIN_EXTERNALS,
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron') and a few polyfills: bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
    plugins: [react(), cspMetaPlugin()],
  },
});
