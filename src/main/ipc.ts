/**
 * IPC handlers. Every handler first checks that the calling frame is the kiosk's own top-level
 * page; anything else (a subframe, a foreign page that slipped through) is refused.
 */
import { app, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../shared/kiosk-api.ts';
import { isAllowedNavigation } from './security/navigation.ts';

function assertTrustedSender(event: IpcMainInvokeEvent, devOrigin: string | null): void {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null || !isAllowedNavigation(frame.url, devOrigin)) {
    throw new Error('IPC refused: untrusted sender');
  }
}

export function registerIpcHandlers(devOrigin: string | null): void {
  ipcMain.handle(IPC_CHANNELS.getVersion, (event): string => {
    assertTrustedSender(event, devOrigin);
    return app.getVersion();
  });
}
