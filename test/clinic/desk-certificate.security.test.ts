/**
 * The desk's client certificate from IT's PKI to the desk's connection, against the throwaway
 * cluster (TLS logins there need `clientcert=verify-full`: postgres-global-setup.ts): `clinic
 * add-desk` checks it and puts it into the provisioning file, or refuses with nothing created; a
 * desk joins from that file through the admin's IPC call, keeps its key sealed, and connects over
 * TLS with it; another desk's certificate is refused by the desk and by the server; a certificate
 * in the server's revocation list (`ssl_crl_file`, reloaded) is refused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import { deskRoleName } from '../../src/core/clinic/desks.ts';
import { clinicConnector } from '../../src/core/clinic-sync/clinic-connector.ts';
import type { ClinicConfig } from '../../src/core/config/clinic-config.ts';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import { clinicSecrets } from '../../src/main/runtime/clinic-secret.ts';
import type { KioskRuntime } from '../../src/main/runtime/kiosk-runtime.ts';
import { clinicCli as cli } from '../support/clinic-cli.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { DESK_SETUP, testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { issue, makeCa, revoke, type CaFiles } from '../support/throwaway-ca.ts';

const clinicPg = inject('clinicPg');
const maybeCa = clinicPg.ok ? clinicPg.tls : null;
if (clinicPg.ok && !maybeCa)
  console.warn('\n!!! SKIPPING the desk certificate tests: no openssl command !!!\n');
function describeTls(name: string, body: () => void): void {
  if (maybeCa) describeClinic(name, body);
  else describe.skip(name, body);
}
const ca = maybeCa as CaFiles;

const clinic = useClinicDb('desk_cert');
const newDir = useTempDir('desk-cert');
const PASSPHRASE = 'the clinic key travels under this';
const running: KioskRuntime[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

let itDir = '';
let clinicKeyFile = '';
let passphraseFile = '';
beforeAll(async () => {
  if (!maybeCa) return;
  itDir = newDir();
  clinicKeyFile = join(itDir, 'clinic.key');
  expect((await cli('new-key', '--out', clinicKeyFile)).code).toBe(0);
  passphraseFile = join(itDir, 'pass');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
});

const newName = (label: string) => `${label}-${randomBytes(3).toString('hex')}`;

/** IT's certificate for CN `cn` (the role of desk `name` unless said otherwise), signed by `by`. */
function certificateFor(name: string, cn = deskRoleName(name), by = ca): { cert: string; key: string } {
  return issue(by, `desk-${name}-${randomBytes(3).toString('hex')}`, cn);
}

const tlsArgs = (files: { cert: string; key: string }, caCert = ca.caCert) => [
  '--server-ca',
  caCert,
  '--desk-cert',
  files.cert,
  '--desk-key',
  files.key,
];

/** add-desk for `name`, writing `out`; the CLI's outcome. */
function addDesk(name: string, out: string, ...more: string[]) {
  return cli('add-desk', '--url', clinic.url(), '--name', name, '--out', out, ...more);
}

/** Neither the role nor the desk's registration exists at the clinic, and no file was written. */
async function expectNothingCreated(name: string, out: string): Promise<void> {
  const su = await clinic.superuser();
  const role = await su.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [deskRoleName(name)]);
  const desk = await su.query('SELECT 1 FROM tanu.desks WHERE name = $1', [name]);
  expect({ roles: role.rowCount, desks: desk.rowCount, file: existsSync(out) }).toEqual({
    roles: 0,
    desks: 0,
    file: false,
  });
}

function router(runtime: KioskRuntime) {
  const origin = 'app://tanu';
  const r = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime,
    isTrustedSender: (s) => s.isMainFrame && s.url.startsWith(`${origin}/`),
  });
  return (channel: string, payload?: unknown) =>
    r.dispatch(channel, { url: `${origin}/index.html`, isMainFrame: true }, payload) as Promise<
      IpcResult<unknown>
    >;
}

/** A set-up desk named `name`, its provisioning file offered by the file dialog. */
async function deskWithFile(name: string, provisioning: string) {
  const dir = newDir();
  const { runtime, files } = testRuntime(dir);
  running.push(runtime);
  await runtime.completeSetup({ ...DESK_SETUP, deskId: name });
  files.open.provisioning = provisioning;
  return { dir, runtime, call: router(runtime) };
}

/** A desk added by the CLI with its certificate for `localhost` (the name the server's certificate bears), joined. */
async function joinedOverTls(label: string) {
  const name = newName(label);
  const cert = certificateFor(name);
  const out = join(newDir(), 'desk.json');
  const made = await addDesk(
    name,
    out,
    '--desk-host',
    'localhost',
    '--clinic-key',
    clinicKeyFile,
    '--passphrase-file',
    passphraseFile,
    ...tlsArgs(cert),
  );
  expect(made.code, made.stderr).toBe(0);
  const desk = await deskWithFile(name, out);
  expect(await desk.call('clinic:join', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
  return { ...desk, name, cert };
}

/** The desk's own connections at the server, as the server sees them. */
async function sessionsOf(role: string) {
  const su = await clinic.superuser();
  const found = await su.query<{ ssl: boolean; client_dn: string | null }>(
    `SELECT s.ssl, s.client_dn FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = $1`,
    [role],
  );
  return found.rows;
}

/** Sets (or with null resets) the cluster's ssl_crl_file, reloads, and waits until new sessions see it. */
async function useCrl(path: string | null): Promise<void> {
  const su = await clinic.superuser();
  await su.query(
    path === null
      ? 'ALTER SYSTEM RESET ssl_crl_file'
      : `ALTER SYSTEM SET ssl_crl_file = ${pg.escapeLiteral(path)}`,
  );
  await su.query('SELECT pg_reload_conf()');
  for (let tries = 0; tries < 100; tries += 1) {
    const fresh = new pg.Client({ connectionString: clinic.url() });
    await fresh.connect();
    const shown = await fresh.query<{ ssl_crl_file: string }>('SHOW ssl_crl_file');
    await fresh.end();
    if (shown.rows[0]?.ssl_crl_file === (path ?? '')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server did not reload its ssl_crl_file');
}

describeTls('the desk certificate in add-desk', () => {
  it('refuses a certificate for another role, a key that does not fit, a foreign CA; nothing is created', async () => {
    const name = newName('bad-cert');
    const out = join(newDir(), 'desk.json');
    const other = certificateFor(name, deskRoleName(`${name}-other`));
    const wrongCn = await addDesk(name, out, ...tlsArgs(other));
    expect(wrongCn.code).toBe(2);
    expect(wrongCn.stderr).toMatch(/CLINIC_CERTIFICATE_INVALID/);
    expect(wrongCn.stderr).toContain(`CN=${deskRoleName(`${name}-other`)}`);
    await expectNothingCreated(name, out);

    const own = certificateFor(name);
    const mismatched = await addDesk(name, out, ...tlsArgs({ cert: own.cert, key: other.key }));
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toMatch(/CLINIC_CERTIFICATE_INVALID.*key does not fit/);
    expect(mismatched.stderr).not.toMatch(/PRIVATE KEY/);
    await expectNothingCreated(name, out);

    const stranger = makeCa(ca.dir, `stranger-${randomBytes(3).toString('hex')}`);
    const foreign = await addDesk(name, out, ...tlsArgs(certificateFor(name, undefined, stranger)));
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/CLINIC_CERTIFICATE_INVALID.*not issued by the clinic's CA/);
    await expectNothingCreated(name, out);

    const half = await addDesk(name, out, '--desk-cert', own.cert);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/CLINIC_INVALID_ARGUMENTS.*go together/);
    await expectNothingCreated(name, out);
  });

  it('requires the certificate for a network host, and puts CA, certificate and key into the 0600 file', async () => {
    const name = newName('remote');
    const out = join(newDir(), 'desk.json');
    const remote = ['--desk-host', 'clinic-db.example'];
    const bare = await addDesk(name, out, ...remote);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/CLINIC_TLS_REQUIRED.*--desk-cert/);
    await expectNothingCreated(name, out);

    const cert = certificateFor(name);
    const made = await addDesk(name, out, ...remote, ...tlsArgs(cert));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/desk certificate/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      desk: name,
      role: deskRoleName(name),
      clinic: { host: 'clinic-db.example' },
      tlsRequired: true,
      tls: {
        ca: readFileSync(ca.caCert, 'utf8'),
        cert: readFileSync(cert.cert, 'utf8'),
        key: readFileSync(cert.key, 'utf8'),
      },
    });
  });
});

describeTls('a desk joined with its certificate', () => {
  it('keeps the key sealed, the certificates where its configuration names them, and syncs over TLS with them', async () => {
    const { dir, runtime, call, name, cert } = await joinedOverTls('tls-join');
    const config = runtime.services().config.clinicDatabase as ClinicConfig;
    expect(config.tls).toEqual({
      ca: join(dir, 'clinic-ca.pem'),
      cert: join(dir, 'clinic-desk-cert.pem'),
      keyRef: 'clinic-tls-key',
    });
    expect(readFileSync(join(dir, 'clinic-ca.pem'), 'utf8')).toBe(readFileSync(ca.caCert, 'utf8'));
    expect(readFileSync(join(dir, 'clinic-desk-cert.pem'), 'utf8')).toBe(readFileSync(cert.cert, 'utf8'));
    const key = readFileSync(cert.key, 'utf8');
    expect(runtime.secrets.get('clinic-tls-key')).toBe(key);
    // Nowhere in the data folder in the clear: only sealed.
    const body = key.split('\n')[1] as string;
    for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) expect(readFileSync(join(file.parentPath, file.name), 'latin1')).not.toContain(body);
    }

    await runtime.services().clinicLink?.sync();
    expect(await call('clinic:status')).toMatchObject({
      ok: true,
      value: { mode: 'clinic', desk: name, state: 'online' },
    });
    const sessions = await sessionsOf(deskRoleName(name));
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions)
      expect(session).toEqual({ ssl: true, client_dn: `/CN=${deskRoleName(name)}` });
  });

  it('refuses a file for a network server that carries no certificate; nothing is kept', async () => {
    const name = newName('bare');
    const out = join(newDir(), 'desk.json');
    const made = await addDesk(name, out, '--clinic-key', clinicKeyFile, '--passphrase-file', passphraseFile);
    expect(made.code, made.stderr).toBe(0);
    // As a file from before add-desk took certificates would be, for a server on the network.
    const file = JSON.parse(readFileSync(out, 'utf8'));
    writeFileSync(
      out,
      JSON.stringify({ ...file, clinic: { ...file.clinic, host: 'clinic-db.example' }, tlsRequired: true }),
    );
    const { dir, runtime, call } = await deskWithFile(name, out);
    expect(await call('clinic:join', { passphrase: PASSPHRASE })).toEqual({
      ok: false,
      code: 'CLINIC_TLS_REQUIRED',
    });
    expect(runtime.services().config.clinicDatabase).toBeNull();
    expect(['clinic', 'clinic-key', 'clinic-tls-key'].filter((s) => runtime.secrets.has(s))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pem'))).toEqual([]);
  });

  it("refuses another desk's certificate: the desk at its join, the server at the login", async () => {
    const name = newName('borrower');
    const out = join(newDir(), 'desk.json');
    const made = await addDesk(
      name,
      out,
      '--desk-host',
      'localhost',
      '--clinic-key',
      clinicKeyFile,
      '--passphrase-file',
      passphraseFile,
      ...tlsArgs(certificateFor(name)),
    );
    expect(made.code, made.stderr).toBe(0);
    const lender = await joinedOverTls('lender');
    const lent = { cert: readFileSync(lender.cert.cert, 'utf8'), key: readFileSync(lender.cert.key, 'utf8') };
    const file = JSON.parse(readFileSync(out, 'utf8'));
    writeFileSync(out, JSON.stringify({ ...file, tls: { ...file.tls, ...lent } }));

    const { dir, runtime, call } = await deskWithFile(name, out);
    expect(await call('clinic:join', { passphrase: PASSPHRASE })).toEqual({
      ok: false,
      code: 'CLINIC_CERTIFICATE_INVALID',
    });
    expect(runtime.services().config.clinicDatabase).toBeNull();
    expect(['clinic', 'clinic-key', 'clinic-tls-key'].filter((s) => runtime.secrets.has(s))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pem'))).toEqual([]);

    // Past the desk's own check (IT naming the wrong files by hand): the server refuses the login.
    const lenderConfig = lender.runtime.services().config.clinicDatabase as ClinicConfig;
    const borrowed: ClinicConfig = {
      ...lenderConfig,
      role: deskRoleName(name),
      tls: { ca: ca.caCert, cert: lender.cert.cert, key: lender.cert.key },
    };
    const error = await clinicConnector(borrowed, { password: file.password, tlsKey: null })
      .connect()
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({
      code: 'CLINIC_UNREACHABLE',
      message: expect.stringMatching(/authentication failed/),
    });
    // The same files with the lender's own role log in: what was refused is the pairing.
    const own = await clinicConnector(
      { ...lenderConfig, tls: { ca: ca.caCert, cert: lender.cert.cert, key: lender.cert.key } },
      { password: lender.runtime.secrets.get('clinic'), tlsKey: null },
    ).connect();
    await own.end();
  });
});

describeTls('a certificate the clinic revoked', () => {
  afterAll(async () => {
    if (maybeCa) await useCrl(null);
  });

  it("is refused once it is in the server's revocation list: the desk goes offline, another desk stays online", async () => {
    const revoked = await joinedOverTls('crl-revoked');
    const kept = await joinedOverTls('crl-kept');
    const role = deskRoleName(revoked.name);
    const su = await clinic.superuser();
    /** The desk's open sessions ended, then two rounds: one notices, the next connects anew. */
    const reconnect = async (desk: typeof revoked) => {
      await su.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
        deskRoleName(desk.name),
      ]);
      await desk.runtime.services().clinicLink?.sync();
      await desk.runtime.services().clinicLink?.sync();
      return ((await desk.call('clinic:status')) as { value: { state: string } }).value.state;
    };
    // Before the list: a reconnect is just a reconnect.
    expect(await reconnect(revoked)).toBe('online');

    await useCrl(revoke(ca, revoked.cert.cert));
    expect(await reconnect(revoked)).toBe('offline');
    expect(await sessionsOf(role)).toEqual([]);
    expect(await reconnect(kept)).toBe('online');
    // The desk's own connector says why (its password is still right: the certificate is refused).
    const config = revoked.runtime.services().config;
    const refusal = await clinicConnector(config.clinicDatabase as ClinicConfig, {
      password: revoked.runtime.secrets.get('clinic'),
      tlsKey: clinicSecrets(config, revoked.runtime.secrets).clinicTlsKey ?? null,
    })
      .connect()
      .catch((e: unknown) => e as Error);
    expect(refusal).toMatchObject({ code: 'CLINIC_UNREACHABLE', message: expect.stringMatching(/revoked/) });
  });
});
