/**
 * How the desk reaches its clinic database: the configured server as the desk's own role, with its
 * password from the sealed secret store and, for a host that is not loopback, the clinic's CA and
 * the desk's certificate (connect.ts refuses otherwise). Nothing here is kept beyond the call.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { connectClinic, type ClinicTls } from '../clinic/connect.ts';
import type { ClinicConfig } from '../config/clinic-config.ts';

export interface ClinicConnector {
  /** host:port/database, for the admin's screen. */
  server: string;
  connect(): Promise<pg.Client>;
}

export function clinicConnector(config: ClinicConfig, password: string): ClinicConnector {
  const url = new URL('postgres://placeholder');
  url.hostname = config.host;
  url.port = String(config.port);
  url.pathname = `/${config.database}`;
  url.username = encodeURIComponent(config.role);
  url.password = encodeURIComponent(password);
  const tls = config.tls;
  return {
    server: `${config.host}:${config.port}/${config.database}`,
    connect: () => {
      // Read at each connection: IT may renew a certificate without restarting the desk.
      const pem: ClinicTls | undefined =
        tls === null
          ? undefined
          : { ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key) };
      return connectClinic(url.toString(), pem);
    },
  };
}
