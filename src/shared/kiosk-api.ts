/**
 * The contract between the preload bridge (window.kiosk) and the main process.
 * Pure types and constants: no Node, DOM, Electron or React.
 */

export const IPC_CHANNELS = {
  getVersion: 'app:getVersion',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** What the renderer sees as `window.kiosk`. Keep it to named, narrow functions. */
export interface KioskApi {
  getVersion(): Promise<string>;
}
