/** A fresh temporary folder per test file, removed afterwards, for real SQLite and key files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function useTempDir(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), `tanu-${prefix}-`));
  let n = 0;
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  /** A new empty sub-folder for one test. */
  return () => mkdtempSync(join(root, `${(n += 1)}-`));
}
