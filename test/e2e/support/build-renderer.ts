/**
 * Builds the renderer exactly as `electron-vite build` would (same config file, same plugins, the
 * CSP <meta> check included), but only the renderer and into a folder of our choosing, so the
 * end-to-end run never touches out/ while someone else builds the app.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { ROOT } from '../../support/paths.ts';

/** Builds into `outDir` (its renderer/ sub-folder holds index.html) and returns the renderer folder. */
export async function buildRenderer(outDir: string): Promise<string> {
  // electron-vite's resolveConfig sets NODE_ENV for the build; the test workers must keep theirs.
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    NODE_ENV_ELECTRON_VITE: process.env.NODE_ENV_ELECTRON_VITE,
  };
  try {
    const resolved = await resolveConfig(
      { root: ROOT, build: { outDir }, logLevel: 'warn' },
      'build',
      'production',
    );
    const renderer = resolved.config?.renderer;
    if (renderer === undefined) throw new Error('electron.vite.config.ts has no renderer section');
    await build({ ...renderer, logLevel: 'warn' });
    const dir = renderer.build?.outDir ?? join(outDir, 'renderer');
    if (!existsSync(join(dir, 'index.html')))
      throw new Error(`The renderer build left no index.html in ${dir}`);
    return dir;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
