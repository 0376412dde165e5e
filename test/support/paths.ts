/** Where tests find the project's models and fixtures, and the optional ../shared data sets. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODELS_DIR = join(ROOT, 'models');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const FACE_FIXTURES = join(FIXTURES, 'faces');
export const SHARED = join(ROOT, '..', 'shared', 'data');

/** True when ../shared holds `relative`; otherwise prints a loud notice once so a skip is never silent. */
export function sharedAvailable(relative: string): boolean {
  const ok = existsSync(join(SHARED, relative));
  if (!ok) {
    console.warn(
      `\n!!! SKIPPING: ../shared/data/${relative} is not present; tests that need it are skipped. !!!\n`,
    );
  }
  return ok;
}
