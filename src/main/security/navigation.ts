/**
 * Navigation lock-down: the kiosk's web contents may only ever show app://tanu pages (plus the
 * electron-vite dev server in unpackaged builds). New windows, <webview> and foreign navigations
 * are refused. `isAllowedNavigation` is pure; `installNavigationGuards` wires it into Electron.
 */
import type { WebContents } from 'electron';
import { hasOrigin, isAppUrl } from './origins.ts';

export function isAllowedNavigation(url: string, devOrigin: string | null = null): boolean {
  if (isAppUrl(url)) return true;
  return devOrigin !== null && hasOrigin(url, devOrigin);
}

export function installNavigationGuards(contents: WebContents, devOrigin: string | null): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
