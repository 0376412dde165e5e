/**
 * node scripts/ensure-electron.ts — the first step of `npm start` and `npm run dev`.
 *
 * electron 45 has no install script: it downloads its runtime on the first `require('electron')`.
 * electron-vite never requires it; it reads node_modules/electron/path.txt, and without that file
 * stops with a bare "Electron uninstall" before anything is downloaded. So this step runs the
 * package's own installer (its `install-electron` bin: install.js, which downloads through
 * @electron/get and honours ELECTRON_MIRROR and electron_config_cache) when the runtime
 * electron-vite will look for is not there, and where the download fails says so in one line with
 * what to do. With ELECTRON_EXEC_PATH set, electron-vite runs that executable instead: nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The electron package of the project npm runs the script for (npm runs scripts from its root). */
function electronPackage(projectRoot: string): { dir: string; version: string } {
  const require = createRequire(join(projectRoot, 'package.json'));
  const manifest = require.resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

/** What electron-vite reads: path.txt naming an executable under dist/. */
function runtimeInstalled(electronDir: string): boolean {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** The installer prints its error's stack: its first line says what failed, the rest is noise here. */
function firstLine(text: string | null | undefined): string | null {
  const line = text
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line === undefined ? null : line.slice(0, 200);
}

if (process.env['ELECTRON_EXEC_PATH']) process.exit(0);

const electron = electronPackage(process.cwd());
if (runtimeInstalled(electron.dir)) process.exit(0);

console.log(`Downloading Electron ${electron.version}'s runtime for this machine (once)…`);
const install = spawnSync(process.execPath, [join(electron.dir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
if (install.status === 0 && runtimeInstalled(electron.dir)) process.exit(0);

const why =
  firstLine(install.stderr) ?? install.error?.message ?? `the installer exited with ${install.status}`;
console.error(
  `Tanu cannot start: Electron ${electron.version}'s runtime could not be downloaded (${why}). ` +
    'Without internet or behind a proxy, set ELECTRON_MIRROR to a mirror this machine can reach ' +
    '(or ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY) and run it again, or install the packaged build ' +
    'instead (docs/INSTALL.md).',
);
process.exit(1);
