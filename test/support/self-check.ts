/** The self-check of a desk in `dir` with no key and no engine (its line fails): the others run. */
import { join } from 'node:path';
import { runSelfCheck, type CheckLine } from '../../src/core/doctor/self-check.ts';
import { MODELS_DIR, ROOT } from './paths.ts';

export function selfCheckWithoutEngine(dir: string, cupsdConfPath: string | null): Promise<CheckLine[]> {
  return runSelfCheck({
    configPath: join(dir, 'tanu.config.json'),
    dataDir: dir,
    modelsDir: MODELS_DIR,
    selftestImage: join(ROOT, 'resources', 'selftest', 'face.jpg'),
    keyProvider: null,
    // Each check is independent: the engine line fails, the others go on.
    analyze: () => Promise.reject(new Error('no engine in this test')),
    cupsdConfPath,
  });
}
