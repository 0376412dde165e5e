/** The renderer the global setup built for this run (see global-setup.ts). */
import { inject } from 'vitest';

/** Where the built renderer is, or why it could not be built. */
export type RendererBuild = { ok: true; dir: string } | { ok: false; error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    e2eRenderer: RendererBuild;
  }
}

export function rendererDir(): string {
  const built = inject('e2eRenderer') as RendererBuild | undefined;
  if (built === undefined) {
    throw new Error('No renderer build: run through vitest.config.ts, whose globalSetup builds it.');
  }
  if (!built.ok) throw new Error(`The renderer did not build:\n${built.error}`);
  return built.dir;
}
