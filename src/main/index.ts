/**
 * Electron main process entry: security wiring first, then the kiosk runtime (database, engine in
 * a utilityProcess, gateway, printer) behind the IPC router, then one kiosk window.
 */
import { app, BrowserWindow, safeStorage, session, utilityProcess } from 'electron';
import path from 'node:path';
import { ANALYZER_PIPELINE } from '../core/face/face-analyzer.ts';
import { engineAnalyzerPort } from '../core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../core/face/face-engine.ts';
import { loadDecisionRule } from '../core/face/decision-rule-file.ts';
import { utilityProcessEngine } from './engine/utility-process-engine.ts';
import { createKioskRouter } from './ipc/kiosk-router.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { trustedSenderCheck } from './ipc/trusted-sender.ts';
import { cupsPrinter, windowPrinter } from './printing/slip-printer.ts';
import { kioskPaths } from './runtime/app-paths.ts';
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
const devRendererUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const devOrigin = devServerOrigin(devRendererUrl ?? undefined);

let mainWindow: BrowserWindow | null = null;

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
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function hiddenPrintWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
  });
}

function createRuntime(): KioskRuntime {
  const paths = kioskPaths({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    userData: app.getPath('userData'),
  });
  let runtime: KioskRuntime | null = null;
  const engine = FaceEngine.start({
    modelsDir: paths.modelsDir,
    spawn: utilityProcessEngine(() =>
      utilityProcess.fork(ENGINE_ENTRY, [], { serviceName: 'Tanu face engine' }),
    ),
    onRestart: () => {
      // The crash is in the trail; the screen learns of it from the failed frame (ENGINE_CRASHED).
      if (runtime?.configured) {
        const s = runtime.services();
        s.audit.append({ operatorId: 'system', deskId: s.config.desk.id, event: 'engine_restarted' });
      }
    },
  });
  const face = engineAnalyzerPort(engine);
  runtime = new KioskRuntime({
    dataDir: paths.dataDir,
    modelsDir: paths.modelsDir,
    selftestImage: paths.selftestImage,
    keyProvider: safeStorageKeyProvider(safeStorage, paths.sealedKey, { create: true }),
    face,
    rule: loadDecisionRule(paths.decisionRule),
    modelVersion: ANALYZER_PIPELINE,
    gateway: (config, secrets) => gatewayChannel(config, secrets, (m) => console.warn(`[tanu] ${m}`)),
    printer: process.platform === 'win32' ? windowPrinter(hiddenPrintWindow) : cupsPrinter(),
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
    app.quit();
  });

  await app.whenReady();

  handleAppProtocol(RENDERER_DIR);
  installPermissionHandlers(session.defaultSession, devOrigin);
  const runtime = createRuntime();
  // A bad configuration stops the start with a message naming the keys (see kiosk-config.ts).
  runtime.start();
  setInterval(() => {
    if (runtime.configured) void runtime.services().desk.tick();
  }, TICK_MS).unref();
  registerIpc(
    createKioskRouter({
      app,
      platform: process.platform,
      runtime,
      isTrustedSender: trustedSenderCheck(devOrigin),
      logger: console,
    }),
  );
  openMainWindow();

  app.on('activate', () => {
    if (mainWindow === null) openMainWindow();
  });
}

if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    console.error('[tanu] startup failed', error);
    app.exit(1);
  });
} else {
  app.quit();
}
