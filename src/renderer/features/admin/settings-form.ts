/**
 * The settings form and the change it sends: only what the admin changed, so saving an untouched
 * gateway does not rebuild the desk's services (which would end visits in progress). The limits
 * mirror main's configuration schema, and the gateway rule main's (a new address needs its token:
 * the stored one is never sent elsewhere); main checks again.
 */
import type { SettingsView } from '../../api/types.ts';
import type { SettingsChange } from '../../../shared/ipc/admin-channels.ts';
import type { Language } from '../../../shared/languages.ts';
import type { LogLevel } from '../../../shared/log-levels.ts';

export interface SettingsForm {
  /** '' means "the first camera found". */
  cameraDeviceId: string;
  languages: Language[];
  defaultLanguage: Language;
  slipAllowed: boolean;
  retentionDays: string;
  maxFaceAttempts: string;
  startWithSystem: boolean;
  logLevel: LogLevel;
  gatewayUrl: string;
  /** Empty: keep the stored token. */
  gatewayToken: string;
}

export type SettingsProblem =
  'languages' | 'defaultLanguage' | 'retentionDays' | 'maxFaceAttempts' | 'gatewayUrl' | 'gatewayToken';

export const MIN_RETENTION_DAYS = 365;
export const MAX_RETENTION_DAYS = 36_500;
export const MAX_FACE_ATTEMPTS = 10;

export function formFromSettings(settings: SettingsView): SettingsForm {
  return {
    cameraDeviceId: settings.cameraDeviceId ?? '',
    languages: [...settings.languages.enabled],
    defaultLanguage: settings.languages.default,
    slipAllowed: settings.slipAllowed,
    retentionDays: String(settings.retentionDays),
    maxFaceAttempts: String(settings.maxFaceAttempts),
    startWithSystem: settings.startWithSystem,
    logLevel: settings.logLevel,
    gatewayUrl: settings.gateway?.baseUrl ?? '',
    gatewayToken: '',
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/** https://, or http:// to this computer only (a local test gateway). */
function isGatewayUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.username !== '' || url.password !== '') return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/**
 * What saving does to the gateway: 'new-address' when the address is new (a gateway set up or
 * moved, which needs its token), 'removed' when it is cleared, null when it stays where it is.
 */
export function gatewayEdit(settings: SettingsView, form: SettingsForm): 'new-address' | 'removed' | null {
  const url = form.gatewayUrl.trim();
  if (url === '') return settings.gateway === null ? null : 'removed';
  return url === settings.gateway?.baseUrl ? null : 'new-address';
}

export function settingsProblems(settings: SettingsView, form: SettingsForm): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (form.languages.length === 0) problems.push('languages');
  else if (!form.languages.includes(form.defaultLanguage)) problems.push('defaultLanguage');
  if (wholeNumber(form.retentionDays, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS) === null)
    problems.push('retentionDays');
  if (wholeNumber(form.maxFaceAttempts, 1, MAX_FACE_ATTEMPTS) === null) problems.push('maxFaceAttempts');
  if (form.gatewayUrl.trim() !== '' && !isGatewayUrl(form.gatewayUrl.trim())) problems.push('gatewayUrl');
  else if (gatewayEdit(settings, form) === 'new-address' && form.gatewayToken === '')
    problems.push('gatewayToken');
  return problems;
}

const sameLanguages = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((l) => b.includes(l));

/** The fields that differ from what main has; call only when settingsProblems() is empty. */
export function settingsChange(settings: SettingsView, form: SettingsForm): SettingsChange {
  const change: SettingsChange = {};
  const camera = form.cameraDeviceId === '' ? null : form.cameraDeviceId;
  if (camera !== settings.cameraDeviceId) change.cameraDeviceId = camera;
  if (
    !sameLanguages(form.languages, settings.languages.enabled) ||
    form.defaultLanguage !== settings.languages.default
  ) {
    change.languages = { enabled: [...form.languages], default: form.defaultLanguage };
  }
  if (form.slipAllowed !== settings.slipAllowed) change.slipAllowed = form.slipAllowed;
  const retention = Number(form.retentionDays.trim());
  if (retention !== settings.retentionDays) change.retentionDays = retention;
  const attempts = Number(form.maxFaceAttempts.trim());
  if (attempts !== settings.maxFaceAttempts) change.maxFaceAttempts = attempts;
  if (form.startWithSystem !== settings.startWithSystem) change.startWithSystem = form.startWithSystem;
  if (form.logLevel !== settings.logLevel) change.logLevel = form.logLevel;
  const url = form.gatewayUrl.trim();
  const gateway = gatewayEdit(settings, form);
  if (gateway === 'removed') change.gateway = null;
  else if (gateway === 'new-address' || (url !== '' && form.gatewayToken !== '')) {
    change.gateway = { baseUrl: url, ...(form.gatewayToken !== '' ? { token: form.gatewayToken } : {}) };
  }
  return change;
}
