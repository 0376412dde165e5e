/**
 * An admin's change to the desk's settings, applied to the configuration and validated as a whole:
 * a change that would make the file invalid is refused with the keys named, and nothing is written.
 */
import { parseKioskConfig, type KioskConfig } from '../../core/config/kiosk-config.ts';

export interface SettingsChange {
  languages?: { enabled: ('kk' | 'ru' | 'en')[]; default: 'kk' | 'ru' | 'en' };
  cameraDeviceId?: string | null;
  gateway?: { baseUrl: string; token?: string } | null;
  slipAllowed?: boolean;
  retentionDays?: number;
  maxFaceAttempts?: number;
  startWithSystem?: boolean;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** The secret name the gateway's token is stored under. */
export const GATEWAY_SECRET = 'gateway';

export function applySettingsChange(config: KioskConfig, change: SettingsChange): KioskConfig {
  const next = structuredClone(config);
  if (change.languages !== undefined) next.languages = { ...change.languages };
  if (change.cameraDeviceId !== undefined) next.camera = { deviceId: change.cameraDeviceId };
  if (change.gateway !== undefined) {
    next.gateway =
      change.gateway === null
        ? null
        : {
            baseUrl: change.gateway.baseUrl,
            credentialsRef: config.gateway?.credentialsRef ?? GATEWAY_SECRET,
            timeoutMs: config.gateway?.timeoutMs ?? 10_000,
            maxAttempts: config.gateway?.maxAttempts ?? 4,
          };
  }
  if (change.slipAllowed !== undefined) next.slip = { allowed: change.slipAllowed };
  if (change.retentionDays !== undefined) next.retention = { auditDays: change.retentionDays };
  if (change.maxFaceAttempts !== undefined) next.identification = { maxFaceAttempts: change.maxFaceAttempts };
  if (change.startWithSystem !== undefined) next.startWithSystem = change.startWithSystem;
  if (change.logLevel !== undefined) next.logLevel = change.logLevel;
  return parseKioskConfig(next);
}

/** Whether the domain services must be rebuilt (the visit desk reads these at construction). */
export function needsReopen(before: KioskConfig, after: KioskConfig): boolean {
  const pick = (c: KioskConfig) =>
    JSON.stringify([c.clinic, c.desk, c.gateway, c.slip, c.identification, c.languages.default]);
  return pick(before) !== pick(after);
}
