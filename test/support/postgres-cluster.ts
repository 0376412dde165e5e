/**
 * A throwaway PostgreSQL cluster from the installed server binaries: initdb into a fresh temp
 * folder (as the `postgres` user when run as root), 127.0.0.1 only on a free port plus a socket in
 * that folder, SCRAM passwords so desk logins are real, optionally TLS. The clinic project's global
 * setup runs one shared by every clinic file; a test that must stop the server under a desk (the
 * issue's "server stopped mid-visit") runs one of its own with this, since stopping the shared one
 * would pull it from under the files running beside it.
 */
import { execFile, execFileSync } from 'node:child_process';
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
import { promisify } from 'node:util';
import { issue, makeCa, type CaFiles } from './throwaway-ca.ts';

const run = promisify(execFile);

export const MIN_PG_MAJOR = 15;

/** TANU_PG_BIN, else the highest /usr/lib/postgresql/<major>/bin with major >= 15; null: none. */
export function findPgBinDir(): string | null {
  const override = process.env.TANU_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .map(Number)
    .filter((major) => Number.isInteger(major) && major >= MIN_PG_MAJOR)
    .sort((a, b) => b - a);
  const found = majors.find((major) => existsSync(join(root, String(major), 'bin', 'initdb')));
  return found === undefined ? null : join(root, String(found), 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const asRoot = () => userInfo().uid === 0;

/**
 * initdb and postgres refuse to run as root: as root they run as the `postgres` user. Async, so a
 * desk running in the same process keeps its timers and sockets going while the server stops or
 * starts under it.
 */
async function asServerUser(command: string, args: string[]): Promise<void> {
  const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await run(file, argv, { timeout: 120_000 });
}

function giveToServerUser(paths: string[]): void {
  if (!asRoot()) return;
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString()));
  for (const path of paths) chownSync(path, uid as number, gid as number);
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
  giveToServerUser(['', 'server.key', 'server.crt', 'tanu-test-ca.crt'].map((file) => join(tlsDir, file)));
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(
    hba,
    `hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n${readFileSync(hba, 'utf8')}`,
  );
  return ca;
}

export interface PgCluster {
  /** The superuser's URL (database `postgres`). */
  url: string;
  port: number;
  /** The cluster's folder, which also holds its socket. */
  dir: string;
  tls: CaFiles | null;
  /** Stops the server (`pg_ctl stop -m mode`), keeping its data: a server that went down. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the stopped server again, on the same port with the same settings. */
  start(): Promise<void>;
  /** Stops the server if it runs and removes the folder; never throws on a server already down. */
  remove(): Promise<void>;
}

export async function startPgCluster(options: { bin: string; tls: boolean }): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tanu-pg-'));
  const data = join(dir, 'data');
  const pgCtl = join(options.bin, 'pg_ctl');
  let running = false;
  const remove = async () => {
    try {
      if (running) await asServerUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const password = randomBytes(18).toString('base64url');
    writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
    giveToServerUser([dir, join(dir, 'pwfile')]);
    await asServerUser(join(options.bin, 'initdb'), [
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
    const tls = options.tls ? enableTls(dir, data) : null;
    const port = await freePort();
    // fsync off: a test cluster is thrown away, and two cores are shared with everyone else.
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    const tlsSettings = tls
      ? ` -c ssl=on -c ssl_cert_file=${tls.dir}/server.crt -c ssl_key_file=${tls.dir}/server.key -c ssl_ca_file=${tls.caCert}`
      : '';
    const start = async () => {
      const log = join(dir, 'server.log');
      await asServerUser(pgCtl, [
        '-D',
        data,
        '-l',
        log,
        '-o',
        settings + tlsSettings,
        '-w',
        '-t',
        '60',
        'start',
      ]);
      running = true;
    };
    await start();
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      port,
      dir,
      tls,
      async stop(mode = 'fast') {
        await asServerUser(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
        running = false;
      },
      start,
      remove,
    };
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
}
