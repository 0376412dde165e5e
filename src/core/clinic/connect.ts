/**
 * The one way Tanu opens a connection to the clinic database, with its transport rule: a host
 * other than loopback is reached only over TLS that verifies the server's certificate against the
 * clinic's CA and its name (verify-full) and presents the desk's client certificate. Plain TCP is
 * allowed to 127.0.0.1, ::1, localhost and a unix socket, where no network sits in between (the
 * commands run there with a superuser URL).
 *
 * The URL's own TLS options (sslmode, sslrootcert, …) are refused rather than merged: pg would let
 * `sslmode=no-verify` in a pasted URL quietly weaken what this module promises.
 */
import pg from 'pg';
import { ClinicError } from '../../shared/clinic-errors.ts';

/** PEM contents (not paths): the clinic's CA, and this desk's (or admin's) certificate and key. */
export interface ClinicTls {
  ca: string | Buffer;
  cert: string | Buffer;
  key: string | Buffer;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** Query parameters pg understands that we accept; everything else is refused. */
const ALLOWED_PARAMS = new Set(['host', 'application_name', 'connect_timeout']);

export function isLoopbackHost(host: string): boolean {
  return host.startsWith('/') || LOOPBACK.has(host.toLowerCase());
}

function invalid(message: string): ClinicError {
  return new ClinicError('CLINIC_INVALID_URL', message);
}

/**
 * A pg client configuration for `url` (postgres:// or postgresql://). Throws CLINIC_INVALID_URL or
 * CLINIC_TLS_REQUIRED; never echoes the password.
 */
export function clinicClientConfig(url: string, tls?: ClinicTls): pg.ClientConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('the clinic URL is not a URL (expected postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw invalid(`the clinic URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  for (const name of parsed.searchParams.keys()) {
    if (!ALLOWED_PARAMS.has(name)) {
      throw invalid(`the clinic URL may not set "${name}": Tanu sets the TLS options itself`);
    }
  }
  const socketDir = parsed.searchParams.get('host');
  const host = socketDir ?? decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid('the clinic URL names no host');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const timeout = parsed.searchParams.get('connect_timeout');
  const config: pg.ClientConfig = {
    host,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database: database === '' ? undefined : database,
    application_name: parsed.searchParams.get('application_name') ?? 'tanu',
    connectionTimeoutMillis: timeout === null ? 10_000 : Number(timeout) * 1000,
  };
  if (tls) {
    // verify-full: the chain must lead to the clinic's CA, and the certificate must name `host`
    // (pg hands `host` to tls.connect, which checks the name or IP against it).
    config.ssl = { rejectUnauthorized: true, ca: tls.ca, cert: tls.cert, key: tls.key };
    return config;
  }
  if (!isLoopbackHost(host)) {
    throw new ClinicError(
      'CLINIC_TLS_REQUIRED',
      `the clinic database at ${host} is not on this machine: it is reached only over TLS with the ` +
        `clinic's CA and this desk's certificate (plain connections only to 127.0.0.1, ::1, localhost or a socket)`,
    );
  }
  return config;
}

/** A connected client, or CLINIC_UNREACHABLE naming why (refused, login failed, role revoked). */
export async function connectClinic(url: string, tls?: ClinicTls): Promise<pg.Client> {
  const client = new pg.Client(clinicClientConfig(url, tls));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ClinicError(
      'CLINIC_UNREACHABLE',
      `cannot connect to the clinic database: ${(error as Error).message}`,
    );
  }
  return client;
}
