/**
 * Sandboxed preload (built as CommonJS). Exposes a narrow, named API as `window.kiosk`;
 * ipcRenderer itself is never handed to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../shared/kiosk-api.ts';
import type { KioskApi } from '../shared/kiosk-api.ts';

const kiosk: KioskApi = {
  getVersion: async (): Promise<string> => {
    const version: unknown = await ipcRenderer.invoke(IPC_CHANNELS.getVersion);
    if (typeof version !== 'string') throw new TypeError('app:getVersion returned a non-string');
    return version;
  },
};

contextBridge.exposeInMainWorld('kiosk', kiosk);
