/**
 * The kiosk's router: the whole contract with its handlers. Pure, so the end-to-end harness runs
 * this very router behind its Playwright binding, with fakes for what Electron would provide.
 */
import { IPC_CONTRACT, type IpcChannelName } from '../../shared/ipc/channels.ts';
import { PASSIVE_CHANNELS } from '../../shared/ipc/passive-channels.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import { adminHandlers, cameraHandlers } from './admin-handlers.ts';
import { appHandlers } from './app-handlers.ts';
import { clinicHandlers } from './clinic-handlers.ts';
import type { AppVersionSource } from './app-handlers.ts';
import { enrolHandlers } from './enrol-handlers.ts';
import { patientHandlers } from './patient-handlers.ts';
import { createIpcRouter } from './router.ts';
import type { IpcLogger, IpcRouter, IpcSender } from './router.ts';
import { sessionHandlers, setupHandlers } from './session-handlers.ts';
import { visitHandlers } from './visit-handlers.ts';

export interface KioskRouterDependencies {
  app: AppVersionSource;
  platform: string;
  runtime: KioskRuntime;
  isTrustedSender(sender: IpcSender): boolean;
  logger?: IpcLogger;
}

export function createKioskRouter(deps: KioskRouterDependencies): IpcRouter<typeof IPC_CONTRACT> {
  const { runtime } = deps;
  return createIpcRouter(
    IPC_CONTRACT,
    {
      ...appHandlers(deps.app, deps.platform),
      ...setupHandlers(runtime),
      ...sessionHandlers(runtime),
      ...patientHandlers(runtime),
      ...visitHandlers(runtime),
      ...enrolHandlers(runtime),
      ...cameraHandlers(runtime),
      ...adminHandlers(runtime),
      ...clinicHandlers(runtime),
    },
    {
      isTrustedSender: deps.isTrustedSender,
      ...(deps.logger ? { logger: deps.logger } : {}),
      // Only channels of the contract get this far.
      beforeHandler: (channel) => runtime.checkSession(!PASSIVE_CHANNELS.has(channel as IpcChannelName)),
    },
  );
}
