/**
 * The whole renderer ↔ main contract. Each feature keeps its channels in its own file under
 * src/shared/ipc/ and is listed here once; window.kiosk's type follows automatically.
 */
import { ADMIN_CHANNELS, CAMERA_CHANNELS } from './admin-channels.ts';
import { APP_CHANNELS } from './app-channels.ts';
import { CLINIC_CHANNELS } from './clinic-channels.ts';
import { ENROL_CHANNELS } from './enrol-channels.ts';
import { PATIENT_CHANNELS } from './patient-channels.ts';
import { SESSION_CHANNELS, SETUP_CHANNELS } from './session-channels.ts';
import { VISIT_CHANNELS } from './visit-channels.ts';
import { mergeContracts } from './contract-kit.ts';
import type { KioskApiOf } from './contract-kit.ts';

export const IPC_CONTRACT = mergeContracts(
  APP_CHANNELS,
  SETUP_CHANNELS,
  SESSION_CHANNELS,
  PATIENT_CHANNELS,
  VISIT_CHANNELS,
  ENROL_CHANNELS,
  CAMERA_CHANNELS,
  ADMIN_CHANNELS,
  CLINIC_CHANNELS,
);

export type IpcChannelName = keyof typeof IPC_CONTRACT;

/** What the renderer sees as `window.kiosk`. */
export type KioskApi = KioskApiOf<typeof IPC_CONTRACT>;
