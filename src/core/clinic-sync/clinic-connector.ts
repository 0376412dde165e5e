/**
 * How the desk reaches its clinic database: the configured server as the desk's own role, with its
 * password from the sealed secret store and, for a host that is not loopback, the clinic's CA and
 * the desk's certificate and key (connect.ts refuses otherwise). The key is a PEM file IT named,
 * or the sealed secret a join stored it under, handed in here like the password. Nothing here is
 * kept beyond the call.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';
import { connectClinic, type ClinicTls } from '../clinic/connect.ts';
import type { ClinicConfig } from '../config/clinic-config.ts';

export interface ClinicConnector {
  /** host:port/database, for the admin's screen. */
  server: string;
  connect(): Promise<pg.Client>;
}

/** What the desk holds sealed for its clinic login: the role's password and, if any, its TLS key. */
export interface ClinicCredentials {
  password: string;
  /** The PEM key the configuration's `tls.keyRef` names; null when the key is a file or there is no TLS. */
  tlsKey: string | null;
}

function tlsFiles(tls: NonNullable<ClinicConfig['tls']>, sealedKey: string | null): ClinicTls {
  let key: string | Buffer;
  if (tls.key !== undefined) key = readFileSync(tls.key);
  else if (sealedKey !== null) key = sealedKey;
  else {
    throw new ClinicError(
      'CLINIC_TLS_REQUIRED',
      `the desk's TLS key is not in the secret store under "${tls.keyRef}": join the clinic again`,
    );
  }
  return { ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key };
}

export function clinicConnector(config: ClinicConfig, credentials: ClinicCredentials): ClinicConnector {
  const url = new URL('postgres://placeholder');
  url.hostname = config.host;
  url.port = String(config.port);
  url.pathname = `/${config.database}`;
  url.username = encodeURIComponent(config.role);
  url.password = encodeURIComponent(credentials.password);
  const tls = config.tls;
  return {
    server: `${config.host}:${config.port}/${config.database}`,
    // Files read at each connection: IT may renew a certificate without restarting the desk.
    connect: async () =>
      connectClinic(url.toString(), tls === null ? undefined : tlsFiles(tls, credentials.tlsKey)),
  };
}
