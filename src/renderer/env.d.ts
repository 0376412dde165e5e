/// <reference types="vite/client" />
import type { KioskApi } from '../shared/ipc/channels.ts';

declare global {
  interface Window {
    /** Exposed by src/preload/index.ts through contextBridge. */
    readonly kiosk: KioskApi;
  }
}

export {};
