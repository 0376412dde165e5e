/**
 * The transport rule (connect.ts): plain connections only to this machine; anything else needs the
 * clinic's CA and a client certificate, verified in full. No server is needed for these.
 */
import { describe, expect, it } from 'vitest';
import { clinicClientConfig, isLoopbackHost } from '../../src/core/clinic/connect.ts';
import { typedCode } from '../support/typed-errors.ts';

const tls = { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' };

describe('clinicClientConfig', () => {
  it.each([
    'postgres://desk:pw@clinic.example:5432/clinic',
    'postgres://desk:pw@10.0.0.5/clinic',
    'postgresql://desk:pw@[2001:db8::1]:5432/clinic',
    'postgres://desk:pw@127.0.0.1.example.com/clinic',
    'postgres://desk:pw@0.0.0.0/clinic',
    // libpq's host parameter overrides the URL's host: it is checked the same way.
    'postgres://desk:pw@localhost/clinic?host=clinic.example',
  ])('refuses %s without TLS', (url) => {
    expect(typedCode(() => clinicClientConfig(url))).toBe('CLINIC_TLS_REQUIRED');
  });

  it.each([
    ['postgres://desk:pw@127.0.0.1:5433/clinic', '127.0.0.1'],
    ['postgres://desk:pw@localhost/clinic', 'localhost'],
    ['postgres://desk:pw@[::1]:5432/clinic', '::1'],
    ['postgres://desk@localhost/clinic?host=/run/postgresql', '/run/postgresql'],
    ['postgres:///clinic?host=/run/postgresql', '/run/postgresql'],
  ])('allows %s in plain', (url, host) => {
    const config = clinicClientConfig(url);
    expect(config.host).toBe(host);
    expect(config.ssl).toBeUndefined();
  });

  it('sets verify-full TLS with the CA and the client certificate when given', () => {
    const config = clinicClientConfig('postgres://desk:p%40ss@clinic.example:6432/clinic', tls);
    expect(config).toMatchObject({
      host: 'clinic.example',
      port: 6432,
      user: 'desk',
      password: 'p@ss',
      database: 'clinic',
    });
    expect(config.ssl).toEqual({ rejectUnauthorized: true, ...tls });
  });

  it('refuses TLS options in the URL rather than let them weaken the rule', () => {
    for (const url of [
      'postgres://desk:pw@clinic.example/clinic?sslmode=no-verify',
      'postgres://desk:pw@127.0.0.1/clinic?sslmode=disable',
      'postgres://desk:pw@clinic.example/clinic?sslrootcert=/tmp/x',
    ]) {
      expect(
        typedCode(() => clinicClientConfig(url, tls)),
        url,
      ).toBe('CLINIC_INVALID_URL');
    }
    expect(typedCode(() => clinicClientConfig('mysql://x@127.0.0.1/db'))).toBe('CLINIC_INVALID_URL');
    expect(typedCode(() => clinicClientConfig('not a url'))).toBe('CLINIC_INVALID_URL');
  });

  it('never puts the password into its error messages', () => {
    try {
      clinicClientConfig('postgres://desk:hunter2@clinic.example/clinic');
    } catch (error) {
      expect((error as Error).message).not.toMatch(/hunter2/);
    }
  });

  it('knows loopback from look-alikes', () => {
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('LOCALHOST'), isLoopbackHost('::1')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([isLoopbackHost('127.0.0.2'), isLoopbackHost('localhost.evil'), isLoopbackHost('')]).toEqual([
      false,
      false,
      false,
    ]);
  });
});
