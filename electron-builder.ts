/**
 * Packaging (`npm run dist` builds for the current OS): an NSIS installer for Windows that installs
 * per machine and silently (`Tanu-Setup-x.y.z.exe /S /D=C:\Tanu`), and an AppImage and a .deb for
 * Linux. The face models, the decision rule and the self-check photo travel as plain files next to
 * app.asar; native and wasm binaries that must be read from disk are unpacked; better-sqlite3 is
 * rebuilt for Electron's ABI; the fuses are flipped after packing (scripts/packaging/fuses.ts).
 * See docs/INSTALL.md.
 */
import type { Configuration } from 'electron-builder';
import { flipKioskFuses } from './scripts/packaging/fuses.ts';

const config: Configuration = {
  appId: 'kz.tanu.kiosk',
  productName: 'Tanu',
  executableName: 'tanu',
  copyright: 'Tanu',
  directories: { output: 'dist', buildResources: 'resources/build' },
  // The built app only: sources, tests and fixtures stay out of the installer.
  files: ['out/**/*', 'package.json', '!**/*.map'],
  asar: true,
  asarUnpack: [
    // Native addons cannot be loaded from inside an archive.
    'node_modules/better-sqlite3/**/*.node',
    'node_modules/sharp/**/*',
    'node_modules/@img/**/*',
    // The tfjs wasm backend reads its .wasm files from disk in the engine process.
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
    // The slip's font is read with fs at print time.
    'node_modules/dejavu-fonts-ttf/ttf/*.ttf',
  ],
  extraResources: [
    { from: 'models', to: 'models', filter: ['*.json', '*.bin'] },
    { from: 'resources/decision-rule.json', to: 'decision-rule.json' },
    { from: 'resources/selftest', to: 'selftest' },
  ],
  // better-sqlite3 is rebuilt against Electron's headers while packaging (its Node-API prebuild
  // also loads in Electron, but a rebuild pins the exact ABI the installer ships).
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterPack: flipKioskFuses,
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    artifactName: 'Tanu-Setup-${version}.${ext}',
  },
  nsis: {
    // An assisted installer (so IT may choose the folder) that also runs silently with /S.
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    runAfterFinish: false,
    deleteAppDataOnUninstall: false,
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'Office',
    maintainer: 'Tanu <it@tanu.kz>',
    synopsis: 'Patient identification kiosk for the doctor’s desk',
  },
  deb: {
    // The OS key store safeStorage needs on Linux, and the printing system for code slips.
    depends: ['libsecret-1-0', 'gnome-keyring', 'cups-client'],
  },
};

export default config;
