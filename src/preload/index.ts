/**
 * Sandboxed preload (built as CommonJS). Exposes window.kiosk: one named function per contract
 * channel. ipcRenderer itself is never handed to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CONTRACT } from '../shared/ipc/channels.ts';
import { buildKioskApi } from '../shared/ipc/kiosk-bridge.ts';

contextBridge.exposeInMainWorld(
  'kiosk',
  buildKioskApi(IPC_CONTRACT, (channel, payload) => ipcRenderer.invoke(channel, payload)),
);
