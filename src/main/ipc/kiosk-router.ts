/**
 * The kiosk's router: the whole contract with its handlers. Pure, so the end-to-end harness runs
 * this very router behind its Playwright binding, with fakes for what Electron would provide.
 */
import { IPC_CONTRACT } from '../../shared/ipc/channels.ts';
import { appHandlers } from './app-handlers.ts';
import type { AppVersionSource } from './app-handlers.ts';
import { createIpcRouter } from './router.ts';
import type { IpcLogger, IpcRouter, IpcSender } from './router.ts';

export interface KioskRouterDependencies {
  app: AppVersionSource;
  platform: string;
  isTrustedSender(sender: IpcSender): boolean;
  logger?: IpcLogger;
}

export function createKioskRouter(deps: KioskRouterDependencies): IpcRouter<typeof IPC_CONTRACT> {
  return createIpcRouter(
    IPC_CONTRACT,
    { ...appHandlers(deps.app, deps.platform) },
    { isTrustedSender: deps.isTrustedSender, logger: deps.logger },
  );
}
