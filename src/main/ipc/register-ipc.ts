/**
 * Electron glue: every contract channel gets one ipcMain handler that hands the call to the router.
 * Nothing else is registered, and nothing here decides anything.
 */
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { IpcContract } from '../../shared/ipc/contract-kit.ts';
import type { IpcRouter, IpcSender } from './router.ts';

/** A frame we cannot identify is nobody's main frame: the router refuses it. */
const UNKNOWN_SENDER: IpcSender = { url: '', isMainFrame: false };

export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): IpcSender {
  try {
    // senderFrame is null once the frame navigated away or was destroyed, and reading a
    // disposed WebFrameMain throws.
    const frame = event.senderFrame;
    if (frame === null || frame === undefined) return UNKNOWN_SENDER;
    return { url: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return UNKNOWN_SENDER;
  }
}

export function registerIpc<Contract extends IpcContract>(router: IpcRouter<Contract>): void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, payload: unknown) => router.dispatch(channel, senderOf(event), payload));
  }
}
