/**
 * Handlers of the app:* channels.
 */
import type { APP_CHANNELS } from '../../shared/ipc/app-channels.ts';
import type { IpcHandlers } from './router.ts';

/** The part of Electron's `app` these handlers read (so tests need no Electron). */
export interface AppVersionSource {
  getVersion(): string;
}

export function appHandlers(app: AppVersionSource, platform: string): IpcHandlers<typeof APP_CHANNELS> {
  return {
    'app:getVersion': () => app.getVersion(),
    'app:getInfo': () => ({ version: app.getVersion(), platform }),
  };
}
