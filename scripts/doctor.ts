/**
 * npm run doctor -- [--data-dir DIR] [--models DIR] [--key-file FILE] [--cupsd-conf FILE] [--json]
 *
 * The desk's self-check from a terminal (docs/INSTALL.md explains each line). The data folder is the
 * app's (Electron userData) unless given. The data key is in the OS key store on a real desk, out
 * of reach of this plain-Node command: pass --key-file on installs that use a key file, or run the
 * same check from the admin screen. On Linux the printer line reads cupsd's configuration
 * (/etc/cups/cupsd.conf unless --cupsd-conf names another). Exit code 1 when any line is FAIL.
 */
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE_NAME } from '../src/core/config/config-file.ts';
import { keyFileProvider } from '../src/core/crypto/key-file.ts';
import { CUPSD_CONF } from '../src/core/doctor/cups-retention.ts';
import { formatCheckLines, runSelfCheck } from '../src/core/doctor/self-check.ts';
import { ENGINE_ANALYZE_OPTIONS } from '../src/core/face/face-analyzer.ts';
import { FaceEngine } from '../src/core/face/face-engine.ts';

const root = resolve(import.meta.dirname, '..');

/** Electron's userData for the app name "tanu", per OS. */
function defaultDataDir(): string {
  if (platform() === 'win32')
    return join(process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'tanu');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'tanu');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'tanu');
}

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    models: { type: 'string', default: join(root, 'models') },
    'key-file': { type: 'string' },
    'cupsd-conf': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const started = performance.now();
// Started here, not inside the check, so the line can say how long loading took on this PC.
const engine = await FaceEngine.start({ modelsDir: values.models }).catch(() => null);
const engineLoadMs = performance.now() - started;
const lines = await runSelfCheck({
  configPath: join(dataDir, CONFIG_FILE_NAME),
  dataDir,
  modelsDir: values.models,
  selftestImage: join(root, 'resources', 'selftest', 'face.jpg'),
  keyProvider: values['key-file'] ? keyFileProvider(values['key-file']) : null,
  cupsdConfPath: values['cupsd-conf'] ?? (platform() === 'linux' ? CUPSD_CONF : null),
  ...(engine ? { engineLoadMs } : {}),
  analyze: async (frame) => {
    if (engine === null) throw new Error('the face engine did not start (see the models line)');
    return (await engine.analyze(frame, { descriptor: true, ...ENGINE_ANALYZE_OPTIONS })).analysis;
  },
});
await engine?.close();
if (values.json) console.log(JSON.stringify({ dataDir, engineLoadMs, lines }));
else console.log(`Tanu self-check of ${dataDir}\n${formatCheckLines(lines)}`);
process.exitCode = lines.some((l) => l.status === 'FAIL') ? 1 : 0;
