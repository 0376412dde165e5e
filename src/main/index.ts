/**
 * Electron main process entry: security wiring first, then one kiosk window.
 */
import { app, session } from 'electron';
import type { BrowserWindow } from 'electron';
import path from 'node:path';
import { createKioskRouter } from './ipc/kiosk-router.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { trustedSenderCheck } from './ipc/trusted-sender.ts';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './security/app-protocol.ts';
import { installNavigationGuards } from './security/navigation.ts';
import { devServerOrigin } from './security/origins.ts';
import { installPermissionHandlers } from './security/permissions.ts';
import { createMainWindow } from './window.ts';

const RENDERER_DIR = path.join(import.meta.dirname, '../renderer');

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
  registerIpc(
    createKioskRouter({
      app,
      platform: process.platform,
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
