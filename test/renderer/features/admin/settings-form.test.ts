/**
 * The admin settings form's gateway rule, as main applies it: a new address (a gateway set up or
 * moved) asks for its token before anything is sent, the same address keeps the stored token, and
 * clearing the address removes the gateway.
 */
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../src/renderer/api/types.ts';
import {
  formFromSettings,
  gatewayEdit,
  settingsChange,
  settingsProblems,
} from '../../../../src/renderer/features/admin/settings-form.ts';

const URL = 'https://egov.example.kz/notify';

function view(gateway: SettingsView['gateway']): SettingsView {
  return {
    clinic: { id: 'pol-5', name: 'Емхана №5', timeZone: 'Asia/Almaty', callNumber: '+7 727 300 00 00' },
    deskId: 'desk-12',
    languages: { enabled: ['kk', 'ru', 'en'], default: 'kk' },
    cameraDeviceId: null,
    gateway,
    slipAllowed: true,
    retentionDays: 365,
    maxFaceAttempts: 3,
    startWithSystem: true,
    logLevel: 'info',
    decisionRule: { threshold: 0.5, bands: [], modelId: 'm', calibration: 'c' },
  };
}

describe('the gateway in the settings form', () => {
  const online = view({ baseUrl: URL, credentialsStored: true });

  it('an edited address asks for the token and sends nothing until it is given', () => {
    const form = { ...formFromSettings(online), gatewayUrl: 'https://elsewhere.example/notify' };
    expect(gatewayEdit(online, form)).toBe('new-address');
    expect(settingsProblems(online, form)).toEqual(['gatewayToken']);
    const withToken = { ...form, gatewayToken: 'new-token' };
    expect(settingsProblems(online, withToken)).toEqual([]);
    expect(settingsChange(online, withToken)).toEqual({
      gateway: { baseUrl: 'https://elsewhere.example/notify', token: 'new-token' },
    });
  });

  it('a first gateway needs its token too', () => {
    const offline = view(null);
    const form = { ...formFromSettings(offline), gatewayUrl: URL };
    expect(settingsProblems(offline, form)).toEqual(['gatewayToken']);
  });

  it('the same address keeps the stored token: nothing about the gateway is sent', () => {
    const form = { ...formFromSettings(online), gatewayUrl: ` ${URL} `, logLevel: 'debug' as const };
    expect(gatewayEdit(online, form)).toBeNull();
    expect(settingsProblems(online, form)).toEqual([]);
    expect(settingsChange(online, form)).toEqual({ logLevel: 'debug' });
    // A new token alone re-keys the same address.
    expect(settingsChange(online, { ...form, gatewayToken: 't-2' })).toEqual({
      logLevel: 'debug',
      gateway: { baseUrl: URL, token: 't-2' },
    });
  });

  it('clearing the address removes the gateway (main deletes its token), whatever is in the token field', () => {
    const form = { ...formFromSettings(online), gatewayUrl: '', gatewayToken: 'typed anyway' };
    expect(gatewayEdit(online, form)).toBe('removed');
    expect(settingsProblems(online, form)).toEqual([]);
    expect(settingsChange(online, form)).toEqual({ gateway: null });
  });

  it('a malformed address is the address problem, not a token one', () => {
    const form = { ...formFromSettings(online), gatewayUrl: 'http://elsewhere.example' };
    expect(settingsProblems(online, form)).toEqual(['gatewayUrl']);
  });
});
