/**
 * The kiosk window. This is the only place a BrowserWindow is constructed.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './security/origins.ts';

export interface MainWindowOptions {
  isPackaged: boolean;
  /** electron-vite dev server URL; null loads the built renderer over app://. */
  devRendererUrl: string | null;
}

const PRELOAD_PATH = path.join(import.meta.dirname, '../preload/index.cjs');

/**
 * Pure, so the security-relevant options are unit-tested. Kiosk mode (and no devtools) only when
 * packaged: a developer's machine keeps an ordinary, closable window.
 */
export function mainWindowOptions({
  isPackaged,
  preloadPath,
}: {
  isPackaged: boolean;
  preloadPath: string;
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    kiosk: isPackaged,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f5',
    title: 'Tanu',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: !isPackaged,
    },
  };
}

export function createMainWindow({ isPackaged, devRendererUrl }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ isPackaged, preloadPath: PRELOAD_PATH }));

  window.once('ready-to-show', () => {
    window.show();
  });

  const url = devRendererUrl ?? `${APP_ORIGIN}/index.html`;
  window.loadURL(url).catch((error: unknown) => {
    console.error(`[tanu] failed to load ${url}`, error);
  });
  return window;
}
