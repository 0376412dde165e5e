/**
 * Holding the young generation keeps V8's new space at its 2 MB start under garbage made the way
 * the engine's analyses make it; an engine service that owns its process holds it, one set up as
 * a worker thread's (whose process is its host's) does not. Each case runs in a child process of
 * its own: the setting is process-wide.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, ROOT } from '../../support/paths.ts';

function newSpaceMB(...args: string[]): number {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'test', 'support', 'young-generation-child.ts'), ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return (JSON.parse(out.trim().split('\n').pop() as string) as { newSpaceMB: number }).newSpaceMB;
}

describe('the young generation', () => {
  it('grows to tens of MB by itself and stays at 2 MB once held', () => {
    expect(newSpaceMB()).toBeGreaterThanOrEqual(16);
    expect(newSpaceMB('hold')).toBeLessThanOrEqual(2);
  });

  it('is held by an engine service that owns its process, from its start, and by no other', () => {
    expect(newSpaceMB('engine', MODELS_DIR)).toBeLessThanOrEqual(2);
    expect(newSpaceMB('shared-engine', MODELS_DIR)).toBeGreaterThanOrEqual(16);
  });
});
