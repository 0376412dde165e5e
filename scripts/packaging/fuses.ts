/**
 * The fuse step of packaging (electron-builder's afterPack): flips Electron's fuses on the packaged
 * binary before it is signed, so the kiosk cannot be turned into a Node.js shell
 * (ELECTRON_RUN_AS_NODE), fed code through NODE_OPTIONS or --inspect, or made to load an app from
 * outside its (integrity-checked) app.asar.
 */
import { flipFuses, FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';
import { join } from 'node:path';

export const KIOSK_FUSES: FuseConfig = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The part of electron-builder's AfterPackContext this step reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** Where the Electron binary sits in a packed app, per platform. */
export function packagedBinary(context: PackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'darwin') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
}

export async function flipKioskFuses(context: PackContext): Promise<void> {
  await flipFuses(packagedBinary(context), {
    ...KIOSK_FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
  });
}
