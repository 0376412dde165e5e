/**
 * `npm start` and `npm run dev` as the README gives them, with a stand-in for Electron's runtime
 * (electron-vite runs ELECTRON_EXEC_PATH when it is set; the real runtime is never launched here):
 * the app is built and the stand-in is started on it. And where the runtime has to be downloaded
 * and cannot be, the start step says so in one plain line with what to do — tested against a
 * temporary project with a copy of the electron package, a mirror on a closed loopback port and an
 * empty download cache, so it neither depends on this machine having the runtime nor sends
 * anything beyond loopback.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('start');

/** An executable that writes its working folder, ELECTRON_RENDERER_URL and its arguments, one a line. */
function standInRuntime(dir: string): { path: string; record: string } {
  const path = join(dir, 'electron');
  const record = join(dir, 'launched.txt');
  writeFileSync(
    path,
    '#!/bin/sh\nprintf "%s\\n" "$PWD" "${ELECTRON_RENDERER_URL:-}" "$@" > "$TANU_STANDIN_RECORD"\nexit 0\n',
  );
  chmodSync(path, 0o755);
  return { path, record };
}

function npm(script: string, env: NodeJS.ProcessEnv) {
  return spawnSync('npm', ['run', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
}

function launched(record: string): { cwd: string; rendererUrl: string; args: string[] } {
  const [cwd = '', rendererUrl = '', ...args] = readFileSync(record, 'utf8').trimEnd().split('\n');
  return { cwd, rendererUrl, args };
}

/** The entry Electron was given, as Electron reads it: a folder whose package.json names the main file. */
function mainFileOf(cwd: string, entry: string): string {
  const dir = resolve(cwd, entry);
  const { main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string };
  return resolve(dir, main);
}

describe('npm start / npm run dev', () => {
  it('npm start builds the app and starts the runtime on it', () => {
    const standIn = standInRuntime(tempDir());
    const before = Date.now();
    const run = npm('start', { ELECTRON_EXEC_PATH: standIn.path, TANU_STANDIN_RECORD: standIn.record });
    expect(run.status, run.stderr).toBe(0);
    // The runtime check runs first (npm echoes the script it runs); with a runtime given it downloads nothing.
    expect(run.stdout).toContain('node scripts/ensure-electron.ts && electron-vite preview');
    expect(run.stdout).not.toMatch(/Downloading Electron/);
    const { cwd, args } = launched(standIn.record);
    expect(args).toEqual(['.']);
    const main = mainFileOf(cwd, args[0] ?? '');
    expect(main).toBe(join(ROOT, 'out', 'main', 'index.js'));
    // Freshly built from src/main/index.ts by this very command.
    expect(statSync(main).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
    expect(readFileSync(main, 'utf8')).toContain('requestSingleInstanceLock');
  });

  it('npm run dev starts the runtime on the app with the renderer from the dev server', () => {
    const standIn = standInRuntime(tempDir());
    const run = npm('dev', { ELECTRON_EXEC_PATH: standIn.path, TANU_STANDIN_RECORD: standIn.record });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('node scripts/ensure-electron.ts && electron-vite dev');
    const { cwd, rendererUrl, args } = launched(standIn.record);
    expect(args).toEqual(['.']);
    expect(mainFileOf(cwd, args[0] ?? '')).toBe(join(ROOT, 'out', 'main', 'index.js'));
    expect(rendererUrl).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('a runtime that cannot be downloaded: one plain line naming the mirror variable and the packaged build', async () => {
    const dir = tempDir();
    const project = join(dir, 'project');
    const electron = join(project, 'node_modules', 'electron');
    mkdirSync(electron, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{ "name": "fresh-clone", "private": true }');
    // The package as npm installs it: its own small files, no runtime, no path.txt.
    const { files } = JSON.parse(
      readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
    ) as {
      files: string[];
    };
    for (const file of [...files, 'package.json']) {
      copyFileSync(join(ROOT, 'node_modules', 'electron', file), join(electron, file));
    }
    symlinkSync(join(ROOT, 'node_modules', '@electron'), join(project, 'node_modules', '@electron'));
    const cache = join(dir, 'empty-cache');
    mkdirSync(cache);
    const port = await closedLoopbackPort();

    const env: NodeJS.ProcessEnv = {};
    // Nothing from this machine's npm or proxy settings may point the download elsewhere.
    for (const [name, value] of Object.entries(process.env)) {
      if (!/^(ELECTRON_|npm_config_electron|npm_package_config_electron|https?_proxy|no_proxy)/i.test(name)) {
        env[name] = value;
      }
    }
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-electron.ts')], {
      cwd: project,
      env: { ...env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: cache },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Downloading Electron 45\.4\.\d+'s runtime/);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Tanu cannot start: Electron 45\.4\.\d+'s runtime could not be downloaded \(/);
    expect(lines[0]).toContain('ELECTRON_MIRROR');
    expect(lines[0]).toContain('install the packaged build');
    expect(lines[0]).toContain('docs/INSTALL.md');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
