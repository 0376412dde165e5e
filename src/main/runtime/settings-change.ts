/**
 * An admin's change to the desk's settings, applied to the configuration and validated as a whole:
 * a change that would make the file invalid is refused with the keys named, and nothing is written.
 * The gateway's token goes only where it was entered for: moving the gateway to another address (or
 * setting one up) needs its token in the same change, or the change is refused.
 */
import { ConfigError } from '../../shared/config-errors.ts';
import type { SettingsChange } from '../../shared/ipc/admin-channels.ts';
import type { GatewayChange, SettingsKey } from '../../core/audit/events.ts';
import { parseKioskConfig, type KioskConfig } from '../../core/config/kiosk-config.ts';

/** The secret name the gateway's token is stored under. */
export const GATEWAY_SECRET = 'gateway';

export interface AppliedSettingsChange {
  config: KioskConfig;
  /** What happened to the gateway (for the audit row and the stored token); null: nothing. */
  gateway: GatewayChange | null;
  /** The keys whose value changed (a new gateway token counts for 'gateway'); empty: nothing did. */
  keys: SettingsKey[];
}

/** Where each key of the admin's change lives in the configuration. */
const SETTING_VALUE: Record<Exclude<SettingsKey, 'clinicDatabase'>, (c: KioskConfig) => unknown> = {
  languages: (c) => c.languages,
  cameraDeviceId: (c) => c.camera.deviceId,
  gateway: (c) => c.gateway,
  slipAllowed: (c) => c.slip.allowed,
  retentionDays: (c) => c.retention.auditDays,
  maxFaceAttempts: (c) => c.identification.maxFaceAttempts,
  startWithSystem: (c) => c.startWithSystem,
  logLevel: (c) => c.logLevel,
};

/** What the change does to the gateway; throws GATEWAY_TOKEN_REQUIRED when it needs a token it lacks. */
function gatewayChange(config: KioskConfig, change: SettingsChange): GatewayChange | null {
  const before = config.gateway;
  const wanted = change.gateway;
  if (wanted === undefined) return null;
  if (wanted === null) return before === null ? null : 'removed';
  const hasToken = wanted.token !== undefined && wanted.token !== '';
  if (before !== null && before.baseUrl === wanted.baseUrl) return hasToken ? 'token_replaced' : null;
  if (!hasToken) {
    throw new ConfigError(
      'GATEWAY_TOKEN_REQUIRED',
      before === null
        ? 'gateway: a new gateway needs its token.'
        : 'gateway: the address changed; enter the token for the new address (the stored one is not sent there).',
    );
  }
  return before === null ? 'added' : 'url_changed';
}

export function applySettingsChange(config: KioskConfig, change: SettingsChange): AppliedSettingsChange {
  const gateway = gatewayChange(config, change);
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
  const after = parseKioskConfig(next);
  const keys = (Object.keys(SETTING_VALUE) as (keyof typeof SETTING_VALUE)[]).filter(
    (key) =>
      (key === 'gateway' && gateway !== null) ||
      JSON.stringify(SETTING_VALUE[key](config)) !== JSON.stringify(SETTING_VALUE[key](after)),
  );
  return { config: after, gateway, keys };
}

/** Whether the domain services must be rebuilt (the visit desk reads these at construction). */
export function needsReopen(before: KioskConfig, after: KioskConfig): boolean {
  const pick = (c: KioskConfig) =>
    JSON.stringify([c.clinic, c.desk, c.gateway, c.slip, c.identification, c.languages.default]);
  return pick(before) !== pick(after);
}
