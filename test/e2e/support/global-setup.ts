/**
 * Vitest global setup: builds the renderer once per run, before any worker starts, so parallel
 * end-to-end files share one build instead of racing to make their own. A failed build does not
 * stop the rest of the suite: the end-to-end files report it (see renderer-dir.ts).
 *
 * TANU_E2E_RENDERER_DIR=<folder with index.html> skips the build and serves that folder instead
 * (a build made earlier, say, while the renderer sources are mid-change).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildRenderer } from './build-renderer.ts';
import type { RendererBuild } from './renderer-dir.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const prebuilt = process.env.TANU_E2E_RENDERER_DIR;
  if (prebuilt) {
    project.provide('e2eRenderer', { ok: true, dir: resolve(prebuilt) });
    return () => undefined;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'tanu-e2e-renderer-'));
  let built: RendererBuild;
  try {
    built = { ok: true, dir: await buildRenderer(outDir) };
  } catch (error) {
    built = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  project.provide('e2eRenderer', built);
  return () => rmSync(outDir, { recursive: true, force: true });
}
