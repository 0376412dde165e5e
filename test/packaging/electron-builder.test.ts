/**
 * The packaging configuration, checked without building (that downloads Electron): targets,
 * silent per-machine NSIS, what is unpacked and shipped beside app.asar, and the fuse step run on
 * a file that holds Electron's fuse wire the way the real binary does.
 */
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder.ts';
import { flipKioskFuses, KIOSK_FUSES, packagedBinary } from '../../scripts/packaging/fuses.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('packaging');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const WIRE_LENGTH = 9;

/** A stand-in binary: noise, the sentinel, version 1, the wire length, every fuse "inherit", noise. */
function fakeElectron(path: string): void {
  writeFileSync(
    path,
    Buffer.concat([
      randomBytes(70_000),
      Buffer.from(SENTINEL),
      Buffer.from([1, WIRE_LENGTH]),
      Buffer.alloc(WIRE_LENGTH, FuseState.INHERIT),
      randomBytes(30_000),
    ]),
  );
}

describe('electron-builder configuration', () => {
  it('is what electron-builder itself loads from the file, and passes its schema', async () => {
    const { getConfig, validateConfiguration } =
      (await import('app-builder-lib/out/util/config/config.js')) as typeof import('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = await import('builder-util');
    const loaded = await getConfig(ROOT, join(ROOT, 'electron-builder.ts'), null);
    expect(loaded.appId).toBe(config.appId);
    expect(loaded.afterPack).toBeTypeOf('function');
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('Windows: a per-machine NSIS installer that can choose the folder (and so runs with /S /D=…)', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('Linux: AppImage and .deb, the .deb pulling in the key store and the print client', () => {
    const targets = (config.linux?.target as { target: string }[]).map((t) => t.target);
    expect(targets).toEqual(['AppImage', 'deb']);
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'cups-client']));
  });

  it('ships models, the decision rule and the self-check photo as files; unpacks native and wasm binaries', () => {
    const extra = config.extraResources as { from: string; to: string }[];
    expect(extra.map((e) => e.to)).toEqual(['models', 'decision-rule.json', 'selftest']);
    for (const e of extra) expect(existsSync(join(ROOT, e.from)), e.from).toBe(true);
    const unpack = config.asarUnpack as string[];
    expect(unpack).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/**/*.node',
        'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
      ]),
    );
    // The globs point at files that exist, so a renamed package cannot silently pack them into the asar.
    expect(
      existsSync(join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')),
    ).toBe(true);
    expect(existsSync(join(ROOT, 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**/*', 'package.json', '!**/*.map']);
  });

  it('flips the fuses after packing: no run-as-node, NODE_OPTIONS or --inspect; only app.asar, with integrity', async () => {
    expect(config.afterPack).toBe(flipKioskFuses);
    const appOutDir = tempDir();
    mkdirSync(appOutDir, { recursive: true });
    const context = {
      appOutDir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'Tanu' }, executableName: 'tanu' },
    };
    const binary = packagedBinary(context);
    expect(binary).toBe(join(appOutDir, 'tanu'));
    fakeElectron(binary);
    await flipKioskFuses(context);
    const wire = await getCurrentFuseWire(binary);
    const state = (o: FuseV1Options) => (wire as unknown as Record<number, FuseState>)[o];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    // Every fuse the wire has is set on purpose (strict), none left to inherit.
    expect(KIOSK_FUSES.strictlyRequireAllFuses).toBe(true);
    for (let i = 0; i < WIRE_LENGTH; i += 1) expect(state(i)).not.toBe(FuseState.INHERIT);
    expect(packagedBinary({ ...context, electronPlatformName: 'win32' })).toBe(join(appOutDir, 'Tanu.exe'));
  });

  it('the fuse step refuses a file that is not an Electron binary', async () => {
    const appOutDir = tempDir();
    writeFileSync(join(appOutDir, 'tanu'), randomBytes(10_000));
    await expect(
      flipKioskFuses({
        appOutDir,
        electronPlatformName: 'linux',
        packager: { appInfo: { productFilename: 'Tanu' }, executableName: 'tanu' },
      }),
    ).rejects.toThrow(/sentinel/);
  });
});
