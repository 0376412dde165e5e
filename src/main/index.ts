/**
 * Electron main process entry: security wiring first, then the kiosk runtime (database, engine in
 * a utilityProcess, gateway, printer) behind the IPC router, then one kiosk window.
 */
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  powerMonitor,
  safeStorage,
  session,
  utilityProcess,
} from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/config-errors.ts';
import { secureDataFolder } from '../core/data-folder/secure-data-folder.ts';
import { fileLogger, type Logger } from '../core/logging/logger.ts';
import { ANALYZER_PIPELINE } from '../core/face/face-analyzer.ts';
import { engineAnalyzerPort } from '../core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../core/face/face-engine.ts';
import { earlierPipelines, loadDecisionRule, loadDecisionRules } from '../core/face/decision-rule-file.ts';
import { CUPSD_CONF } from '../core/doctor/cups-retention.ts';
import { utilityProcessEngine } from './engine/utility-process-engine.ts';
import { createKioskRouter } from './ipc/kiosk-router.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { trustedSenderCheck } from './ipc/trusted-sender.ts';
import { KioskQuitGate, lockDownWindow } from './kiosk/kiosk-lockdown.ts';
import { cupsPrinter } from './printing/cups-printer.ts';
import { windowPrinter } from './printing/window-printer.ts';
import { kioskPaths } from './runtime/app-paths.ts';
import { applyAutostart } from './runtime/autostart.ts';
import { dialogFileChooser } from './runtime/file-dialogs.ts';
import { isCrash, WindowRecovery } from './runtime/window-recovery.ts';
import { gatewayChannel } from './runtime/gateway-channel.ts';
import { KioskRuntime } from './runtime/kiosk-runtime.ts';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './security/app-protocol.ts';
import { installNavigationGuards } from './security/navigation.ts';
import { devServerOrigin } from './security/origins.ts';
import { installPermissionHandlers } from './security/permissions.ts';
import { safeStorageKeyProvider } from './security/safe-storage-key-provider.ts';
import { createMainWindow } from './window.ts';

const RENDERER_DIR = path.join(import.meta.dirname, '../renderer');
const ENGINE_ENTRY = path.join(import.meta.dirname, 'engine-process.js');
const TICK_MS = 1000;

// The dev server is only honoured in unpackaged builds.
// Production is a locked-down kiosk; a developer's build stays an ordinary, closable window.
const lockedDown = app.isPackaged;
const devRendererUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const devOrigin = devServerOrigin(devRendererUrl ?? undefined);

let mainWindow: BrowserWindow | null = null;
let runtimeRef: KioskRuntime | null = null;
const recovery = new WindowRecovery();
const paths = () =>
  kioskPaths({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    userData: app.getPath('userData'),
  });
let log: Logger | null = null;
const quitGate = new KioskQuitGate((what) => log?.warn('kiosk.close_refused', { what }));

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openMainWindow(): void {
  mainWindow = createMainWindow({
    isPackaged: app.isPackaged,
    devRendererUrl: devOrigin === null ? null : devRendererUrl,
  });
  const window = mainWindow;
  if (lockedDown) lockDownWindow(window, quitGate);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  // A crashed page is recorded and the window reopened, backing off if it keeps crashing.
  window.webContents.on('render-process-gone', (_event, details) => {
    if (!isCrash(details.reason)) return;
    const delay = recovery.crashed(Date.now());
    log?.error('window.crashed', { reason: details.reason, reopenInMs: delay });
    runtimeRef?.recordSystemEvent('window_restarted');
    setTimeout(() => {
      if (!window.isDestroyed()) window.destroy();
      openMainWindow();
    }, delay);
  });
}

function hiddenPrintWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
  });
}

function createRuntime(): KioskRuntime {
  const where = paths();
  let runtime: KioskRuntime | null = null;
  const engine = FaceEngine.start({
    modelsDir: where.modelsDir,
    spawn: utilityProcessEngine(() =>
      utilityProcess.fork(ENGINE_ENTRY, [], { serviceName: 'Tanu face engine' }),
    ),
    onRestart: (reason) => {
      // The crash is in the trail; the screen learns of it from the failed frame (ENGINE_CRASHED).
      log?.error('engine.restarted', { reason });
      runtime?.recordSystemEvent('engine_restarted');
    },
  });
  const face = engineAnalyzerPort(engine);
  runtime = new KioskRuntime({
    dataDir: where.dataDir,
    modelsDir: where.modelsDir,
    selftestImage: where.selftestImage,
    keyProvider: safeStorageKeyProvider(safeStorage, where.sealedKey),
    face,
    rule: () => loadDecisionRule(where.decisionRule),
    modelVersion: ANALYZER_PIPELINE,
    appVersion: app.getVersion(),
    earlierPipelines: () => earlierPipelines(loadDecisionRules(where.decisionRule)),
    gateway: (config, secrets) =>
      gatewayChannel(config, secrets, (m) => log?.warn('gateway.offline', { why: m })),
    printer:
      process.platform === 'win32'
        ? windowPrinter(hiddenPrintWindow)
        : cupsPrinter({ warn: (event, fields) => log?.warn(event, fields) }),
    cupsdConfPath: process.platform === 'linux' ? CUPSD_CONF : null,
    files: dialogFileChooser(dialog, () => mainWindow),
    ...(log ? { log } : {}),
    quit: () => {
      quitGate.allow();
      app.quit();
    },
  });
  app.on('will-quit', () => {
    void runtime?.close();
    void face.close();
  });
  return runtime;
}

async function start(): Promise<void> {
  // Everything below must happen before `ready`.
  app.enableSandbox();
  registerAppSchemeAsPrivileged();
  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuards(contents, devOrigin);
  });
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    // In production the window only goes when an admin quits or the OS ends the session; if it
    // went any other way (destroyed), the kiosk puts it back rather than leave the desktop open.
    if (!lockedDown || quitGate.mayQuit()) app.quit();
    else openMainWindow();
  });
  app.on('before-quit', (event) => {
    if (lockedDown && !quitGate.mayQuit()) {
      event.preventDefault();
      quitGate.refused('quit');
    }
  });

  await app.whenReady();
  if (lockedDown) {
    // No application menu: no accelerator closes, reloads or opens devtools on the kiosk.
    Menu.setApplicationMenu(null);
    // Linux and macOS announce a shutdown here (Windows through the window's session-end).
    powerMonitor.on('shutdown', () => quitGate.sessionEnding());
  }

  handleAppProtocol(RENDERER_DIR);
  installPermissionHandlers(session.defaultSession, devOrigin);
  // Before anything in it is opened: 0700/0600 (a desk set up earlier had 0644 files), or on
  // Windows the folder's ACL; a plaintext temporary file left by a crash is wiped.
  const secured = secureDataFolder(paths().dataDir);
  log = fileLogger({ dir: paths().logsDir, level: 'info' });
  log.info('app.start', { version: app.getVersion(), packaged: app.isPackaged });
  if (secured.tightened.length > 0) log.warn('data_folder.tightened', { files: secured.tightened.length });
  if (secured.refused.length > 0) log.error('data_folder.not_private', { files: secured.refused });
  if (secured.acl?.ok === false) log.error('data_folder.acl_failed', { problem: secured.acl.problem });
  const runtime = createRuntime();
  runtimeRef = runtime;
  try {
    // A start-up failure (database, key, rule) is logged by the runtime and shown by the window's
    // start-up screen, with what IT should do; the desk then offers only its recovery.
    runtime.start();
  } catch (error) {
    // A wrong configuration: say which keys and what they expect, and refuse to guess.
    if (!(error instanceof ConfigError)) throw error;
    log.error('config.invalid', { problems: error.problems });
    dialog.showErrorBox('Tanu cannot start', `${runtime.configPath}\n\n${error.problems.join('\n')}`);
    app.exit(2);
    return;
  }
  if (runtime.configured) {
    const config = runtime.services().config;
    log.setLevel(config.logLevel);
    applyAutostart(config.startWithSystem, {
      platform: process.platform,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
      executable: process.env['APPIMAGE'] ?? process.execPath,
      configHome: process.env['XDG_CONFIG_HOME'] ?? path.join(homedir(), '.config'),
      writeFile: (p, t) => writeFileSync(p, t, { mode: 0o644 }),
      removeFile: (p) => rmSync(p, { force: true }),
      makeDir: (p) => mkdirSync(p, { recursive: true }),
    });
  }
  setInterval(() => {
    void runtime.tick().catch((error: unknown) => log?.error('tick.failed', { error }));
  }, TICK_MS).unref();
  registerIpc(
    createKioskRouter({
      app,
      platform: process.platform,
      runtime,
      isTrustedSender: trustedSenderCheck(devOrigin),
      logger: {
        warn: (m) => log?.warn('ipc', { m }),
        error: (m) => log?.error('ipc', { m }),
      },
    }),
  );
  openMainWindow();

  app.on('activate', () => {
    if (mainWindow === null) openMainWindow();
  });
}

// A belt to the modes every data file is created with: nothing this process creates (Chromium's
// own files in the same folder included) is readable by other accounts.
process.umask(0o077);

// One data folder name on every OS and build ("tanu", what docs/INSTALL.md and `npm run doctor`
// expect), whatever the packaged product name; set before the single-instance lock, which lives there.
app.setPath('userData', path.join(app.getPath('appData'), 'tanu'));

if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    log?.error('app.start.failed', { error });
    console.error('[tanu] startup failed', error);
    app.exit(1);
  });
} else {
  app.quit();
}
