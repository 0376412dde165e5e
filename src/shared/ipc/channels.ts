/**
 * The whole renderer ↔ main contract. Each feature keeps its channels in its own file under
 * src/shared/ipc/ and is listed here once; window.kiosk's type follows automatically.
 */
import { APP_CHANNELS } from './app-channels.ts';
import { mergeContracts } from './contract-kit.ts';
import type { KioskApiOf } from './contract-kit.ts';

export const IPC_CONTRACT = mergeContracts(APP_CHANNELS);

export type IpcChannelName = keyof typeof IPC_CONTRACT;

/** What the renderer sees as `window.kiosk`. */
export type KioskApi = KioskApiOf<typeof IPC_CONTRACT>;
