/**
 * Vitest global setup of the `clinic` project: a throwaway PostgreSQL cluster from the installed
 * server binaries, listening on 127.0.0.1 only (and a socket in its own temp folder), with SCRAM
 * passwords so desk logins are real. Tests get a superuser URL through `inject('clinicPg')`; each
 * file makes its own database (clinic-db.ts). Stopped and removed at the end.
 *
 * Binaries: TANU_PG_BIN, else the highest /usr/lib/postgresql/<major>/bin with major >= 15. None
 * found: with CI set the run fails here, loudly; otherwise the clinic tests skip with a banner.
 * The same for openssl, which the TLS tests (throwaway CA, verify-full, a revoked certificate)
 * need: in CI its absence fails the run rather than skip the issue's "revoked desk" tests unseen.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { issue, makeCa, opensslAvailable, type CaFiles } from './throwaway-ca.ts';

export type ClinicPg =
  { ok: true; url: string; socketDir: string; tls: CaFiles | null } | { ok: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    clinicPg: ClinicPg;
  }
}

const MIN_MAJOR = 15;

function findBinDir(): string | null {
  const override = process.env.TANU_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .map(Number)
    .filter((major) => Number.isInteger(major) && major >= MIN_MAJOR)
    .sort((a, b) => b - a);
  const found = majors.find((major) => existsSync(join(root, String(major), 'bin', 'initdb')));
  return found === undefined ? null : join(root, String(found), 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** initdb and postgres refuse to run as root: as root they run as the `postgres` user. */
function asServerUser(command: string, args: string[]): void {
  const root = userInfo().uid === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/**
 * A throwaway CA and a server certificate for "localhost" (not 127.0.0.1: a test connects by IP to
 * see verify-full refuse the name), and TLS connections required to present a client certificate
 * naming their role (clientcert=verify-full). Plain connections stay as they were.
 */
function enableTls(dir: string, data: string): CaFiles {
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir);
  const ca = makeCa(tlsDir);
  issue(ca, 'server', 'localhost', 'DNS:localhost');
  chmodSync(join(tlsDir, 'server.key'), 0o600);
  if (userInfo().uid === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString()));
    for (const file of ['', 'server.key', 'server.crt', 'tanu-test-ca.crt'])
      chownSync(join(tlsDir, file), uid as number, gid as number);
  }
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(
    hba,
    `hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n${readFileSync(hba, 'utf8')}`,
  );
  return ca;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findBinDir();
  if (bin === null) {
    const reason = `no PostgreSQL ${MIN_MAJOR}+ server binaries (set TANU_PG_BIN or install postgresql)`;
    if (process.env.CI) throw new Error(`clinic tests need PostgreSQL in CI: ${reason}`);
    project.provide('clinicPg', { ok: false, reason });
    return () => undefined;
  }
  const withTls = opensslAvailable();
  if (!withTls && process.env.CI) {
    throw new Error('clinic tests need the openssl command in CI: the TLS and certificate tests would skip');
  }
  const dir = mkdtempSync(join(tmpdir(), 'tanu-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
  }
  asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    join(dir, 'pwfile'),
    '--auth',
    'scram-sha-256',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  rmSync(join(dir, 'pwfile'));
  const tls = withTls ? enableTls(dir, data) : null;
  const port = await freePort();
  // fsync off: a test cluster is thrown away, and two cores are shared with everyone else.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const tlsOptions = tls
    ? ` -c ssl=on -c ssl_cert_file=${tls.dir}/server.crt -c ssl_key_file=${tls.dir}/server.key -c ssl_ca_file=${tls.caCert}`
    : '';
  const pgCtl = join(bin, 'pg_ctl');
  asServerUser(pgCtl, [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-o',
    options + tlsOptions,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  project.provide('clinicPg', {
    ok: true,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    socketDir: dir,
    tls,
  });
  return () => {
    try {
      asServerUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
