/**
 * The desk's configuration file: defaults that work offline, every problem named by key with the
 * expected form (never the value found), unknown keys refused, atomic writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/shared/config-errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../../src/shared/languages.ts';
import { readConfigFile, writeConfigFile } from '../../../src/core/config/config-file.ts';
import { defaultKioskConfig, parseKioskConfig } from '../../../src/core/config/kiosk-config.ts';
import { applySettingsChange, needsReopen } from '../../../src/main/runtime/settings-change.ts';
import { typedCode } from '../../support/typed-errors.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('kiosk-config');
const SITE = {
  clinicId: 'almaty-pol-5',
  clinicName: 'Городская поликлиника №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-12',
};

function problems(input: unknown): readonly string[] {
  try {
    parseKioskConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('kiosk configuration', () => {
  it('the defaults are a valid offline single desk: no gateway, slip allowed, every language', () => {
    const config = defaultKioskConfig(SITE);
    expect(config).toMatchObject({
      gateway: null,
      slip: { allowed: true },
      languages: { enabled: [...LANGUAGES], default: DEFAULT_LANGUAGE },
      camera: { deviceId: null },
    });
    expect(parseKioskConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('names each wrong key and the expected form, without echoing the value', () => {
    const config = defaultKioskConfig(SITE);
    const bad = {
      ...config,
      clinic: { ...config.clinic, timeZone: 'GMT+5 please', callNumber: 'call Aliya' },
      desk: { id: '12 desk' },
      retention: { auditDays: 30 },
      gateway: { baseUrl: 'http://gateway.example.kz', credentialsRef: 'gateway' },
    };
    const found = problems(bad);
    expect(found).toEqual(
      expect.arrayContaining([
        'clinic.timeZone: expected an IANA time zone such as "Asia/Almaty"',
        'clinic.callNumber: expected a phone number such as "+7 727 123 45 67"',
        'desk.id: expected a desk id such as "desk-12"',
        'retention.auditDays: expected a whole number of days, at least 365',
        expect.stringMatching(/^gateway\.baseUrl: expected baseUrl must be an https:\/\//),
      ]),
    );
    expect(found.join('\n')).not.toMatch(/GMT\+5 please|call Aliya|12 desk/);
  });

  it('a missing key says it is missing; an unknown key (a secret pasted in by mistake) is refused', () => {
    const config: Record<string, unknown> = { ...defaultKioskConfig(SITE) };
    delete config['slip'];
    expect(problems(config).join('\n')).toMatch(/^slip: missing/m);
    const pasted = { ...defaultKioskConfig(SITE), gatewayToken: 'abc' };
    const found = problems(pasted);
    expect(found).toEqual(['unknown key(s) "gatewayToken"']);
    expect(found.join('')).not.toContain('abc');
    expect(typedCode(() => parseKioskConfig('not an object'))).toBe('INVALID_CONFIG');
  });

  it('the default language must be enabled, and enabled languages listed once', () => {
    const config = defaultKioskConfig(SITE);
    expect(problems({ ...config, languages: { enabled: ['ru'], default: 'kk' } })).toEqual([
      'languages.default: expected the default language must be one of the enabled ones',
    ]);
    expect(problems({ ...config, languages: { enabled: ['ru', 'ru'], default: 'ru' } })).toEqual([
      'languages.enabled: expected each language once',
    ]);
  });

  it("the clinic's TLS key is a PEM file IT installed or a sealed secret's name, exactly one of them", () => {
    const config = defaultKioskConfig(SITE);
    const clinic = (tls: Record<string, string>) => ({
      ...config,
      clinicDatabase: {
        host: 'clinic-db.example',
        database: 'clinic',
        role: 'tanu_desk_desk-12',
        credentialsRef: 'clinic',
        tls: { ca: '/etc/tanu/ca.pem', cert: '/etc/tanu/desk.pem', ...tls },
      },
    });
    expect(parseKioskConfig(clinic({ key: '/etc/tanu/desk.key' })).clinicDatabase?.tls).toEqual({
      ca: '/etc/tanu/ca.pem',
      cert: '/etc/tanu/desk.pem',
      key: '/etc/tanu/desk.key',
    });
    expect(parseKioskConfig(clinic({ keyRef: 'clinic-tls-key' })).clinicDatabase?.tls?.keyRef).toBe(
      'clinic-tls-key',
    );
    const oneOfTwo =
      "clinicDatabase.tls: expected the desk's key as a PEM file (key) or a stored secret (keyRef), one of the two";
    expect(problems(clinic({}))).toEqual([oneOfTwo]);
    expect(problems(clinic({ key: '/etc/tanu/desk.key', keyRef: 'clinic-tls-key' }))).toEqual([oneOfTwo]);
    expect(problems(clinic({ keyRef: 'Not A Name' }))).toEqual([
      'clinicDatabase.tls.keyRef: expected a secret name such as "clinic-tls-key"',
    ]);
  });

  it('file: absent → null (setup), written atomically, read back equal; not JSON → CONFIG_UNREADABLE', () => {
    const dir = tempDir();
    const path = join(dir, 'tanu.config.json');
    expect(readConfigFile(path)).toBeNull();
    const config = defaultKioskConfig(SITE);
    writeConfigFile(path, config);
    expect(readConfigFile(path)).toEqual(config);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    writeFileSync(path, '{ clinic: oops');
    expect(typedCode(() => readConfigFile(path))).toBe('CONFIG_UNREADABLE');
    // An invalid configuration is never written.
    expect(typedCode(() => writeConfigFile(path, { ...config, desk: { id: '' } }))).toBe('INVALID_CONFIG');
  });

  it('an admin change is applied and validated as a whole; only service settings rebuild the desk', () => {
    const config = defaultKioskConfig(SITE);
    const camera = applySettingsChange(config, { cameraDeviceId: 'cam-2', logLevel: 'debug' }).config;
    expect(camera.camera.deviceId).toBe('cam-2');
    expect(needsReopen(config, camera)).toBe(false);
    const slip = applySettingsChange(config, { slipAllowed: false }).config;
    expect(needsReopen(config, slip)).toBe(true);
    expect(typedCode(() => applySettingsChange(config, { maxFaceAttempts: 0 }))).toBe('INVALID_CONFIG');
    const gw = applySettingsChange(config, {
      gateway: { baseUrl: 'https://egov.example.kz/notify', token: 't-1' },
    });
    expect(gw.config.gateway).toMatchObject({ credentialsRef: 'gateway', timeoutMs: 10_000 });
    expect(gw.gateway).toBe('added');
  });

  it('the gateway token goes only where it was entered for: a new address needs a new token', () => {
    const offline = defaultKioskConfig(SITE);
    const url = 'https://egov.example.kz/notify';
    // A new gateway without a token, or with an empty one, is refused.
    expect(typedCode(() => applySettingsChange(offline, { gateway: { baseUrl: url } }))).toBe(
      'GATEWAY_TOKEN_REQUIRED',
    );
    expect(typedCode(() => applySettingsChange(offline, { gateway: { baseUrl: url, token: '' } }))).toBe(
      'GATEWAY_TOKEN_REQUIRED',
    );
    const online = applySettingsChange(offline, { gateway: { baseUrl: url, token: 't-1' } }).config;
    // Moving it without a token is refused, even with other changes alongside.
    expect(
      typedCode(() =>
        applySettingsChange(online, {
          gateway: { baseUrl: 'https://elsewhere.example/notify' },
          logLevel: 'debug',
        }),
      ),
    ).toBe('GATEWAY_TOKEN_REQUIRED');
    const moved = applySettingsChange(online, {
      gateway: { baseUrl: 'https://elsewhere.example/notify', token: 't-2' },
    });
    expect(moved.gateway).toBe('url_changed');
    expect(moved.config.gateway?.baseUrl).toBe('https://elsewhere.example/notify');
    // The same address: the token is optional, and a new one is a re-key.
    expect(applySettingsChange(online, { gateway: { baseUrl: url } }).gateway).toBeNull();
    expect(applySettingsChange(online, { gateway: { baseUrl: url, token: 't-3' } }).gateway).toBe(
      'token_replaced',
    );
    expect(applySettingsChange(online, { gateway: null })).toMatchObject({
      gateway: 'removed',
      config: { gateway: null },
    });
    expect(applySettingsChange(offline, { gateway: null }).gateway).toBeNull();
    expect(applySettingsChange(online, { logLevel: 'warn' }).gateway).toBeNull();
  });
});
