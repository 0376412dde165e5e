/**
 * The clinic sync as the kiosk runs it: a desk whose configuration names the clinic database (its
 * password in the sealed secret store) pushes its visits, the admin's Clinic tab shows it online
 * and acknowledged through the real router; the same desk restored from a backup older than what
 * the clinic acknowledged (through the restore, not by hand: then it does not start at all) raises
 * the CLINIC_SYNC_STOPPED alert at start and pushes nothing. The admin's report is the clinic's
 * over every desk while online, the desk's own once offline.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import type { KioskRuntime } from '../../src/main/runtime/kiosk-runtime.ts';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import { chainHeadPathFor, setHeadAsideForRestore } from '../../src/core/audit/chain-head-file.ts';
import {
  chainRows,
  clinicDatabaseOf,
  describeClinic,
  identifications,
  useClinicDb,
  type TestDesk,
} from '../support/clinic-db.ts';
import { writeProvisioningFile } from '../support/provisioning-file.ts';
import { newPatient } from '../support/registry.ts';
import { testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('clinic_runtime');
const tempDir = useTempDir('clinic-runtime');
const running: KioskRuntime[] = [];
const ORIGIN = 'app://tanu';

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const ADMIN = { login: 'admin', displayName: 'Admin Aliya', secret: 'correct horse battery' };

function open(dir: string): KioskRuntime {
  return openWithFiles(dir).runtime;
}

function openWithFiles(dir: string) {
  const opened = testRuntime(dir);
  running.push(opened.runtime);
  return opened;
}

function router(runtime: KioskRuntime) {
  const r = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime,
    isTrustedSender: (s) => s.isMainFrame && s.url.startsWith(`${ORIGIN}/`),
  });
  return (channel: string, payload?: unknown) =>
    r.dispatch(channel, { url: `${ORIGIN}/index.html`, isMainFrame: true }, payload) as Promise<
      IpcResult<unknown>
    >;
}

/** A set-up desk named as the clinic knows it, joined to the clinic database. */
async function joinedDesk(dir: string, desk: TestDesk): Promise<KioskRuntime> {
  const runtime = open(dir);
  await runtime.completeSetup({
    clinicId: 'clinic-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 000 00 00',
    deskId: desk.name,
    admin: ADMIN,
  });
  runtime.secrets.set('clinic', desk.password);
  await runtime.reconfigure(
    {
      ...runtime.services().config,
      clinicDatabase: clinicDatabaseOf(desk),
    },
    { rebuild: true },
  );
  return runtime;
}

function registerPatients(runtime: KioskRuntime, count: number): void {
  const services = runtime.services();
  const admin = services.operators.list()[0];
  for (let i = 0; i < count; i += 1) {
    services.patients.register(newPatient(), {
      operatorId: admin?.id ?? '',
      deskId: services.config.desk.id,
    });
  }
}

describeClinic('a kiosk joined to a clinic database', () => {
  it('pushes its audit trail, and the admin’s Clinic tab shows it online and acknowledged', async () => {
    const desk = await clinic.addDesk('rt-online');
    const runtime = await joinedDesk(tempDir(), desk);
    const link = runtime.services().clinicLink;
    expect(link).not.toBeNull();
    registerPatients(runtime, 2);
    await link?.sync();
    const head = runtime.services().store.rows.audit.head();
    const call = router(runtime);
    expect(await call('clinic:status')).toMatchObject({
      ok: true,
      value: { mode: 'clinic', desk: desk.name, state: 'online', acknowledged: { seq: head?.seq } },
    });
    expect(await call('clinic:syncState')).toEqual({
      ok: true,
      value: { mode: 'clinic', state: 'online', overBudget: null },
    });
    expect(runtime.alerts().map((a) => a.alert)).not.toContain('CLINIC_SYNC_STOPPED');
    // The sign-in screen shows the line too: it answers with nobody signed in.
    await runtime.signOut();
    expect(await call('clinic:syncState')).toEqual({
      ok: true,
      value: { mode: 'clinic', state: 'online', overBudget: null },
    });
  });

  it('restored from a backup older than what the clinic acknowledged: the alert at start, nothing pushed', async () => {
    const desk = await clinic.addDesk('rt-restored');
    const dir = tempDir();
    const runtime = await joinedDesk(dir, desk);
    const older = join(dir, 'older.db');
    await runtime.services().store.backupTo(older);
    registerPatients(runtime, 2);
    await runtime.services().clinicLink?.sync();
    const pushedSeq = runtime.services().store.rows.audit.head()?.seq;
    await runtime.close();
    running.splice(running.indexOf(runtime), 1);
    const db = join(dir, DATABASE_FILE_NAME);
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    copyFileSync(older, db);
    // Put back by hand, the older copy is behind the desk's own sealed chain head: it does not start.
    const byHand = open(dir);
    expect(byHand.startupFailure).toMatchObject({ problem: 'AUDIT_CHAIN_BROKEN' });
    await byHand.close();
    running.splice(running.indexOf(byHand), 1);
    // As `npm run backup -- restore` does it: the sealed head set aside, the restore recorded at start.
    setHeadAsideForRestore(chainHeadPathFor(db));

    const restored = open(dir);
    await restored.signIn(ADMIN.login, ADMIN.secret);
    // Forked, not only behind: the restore's own row (database_restored) now stands at a seq the
    // clinic already holds another row for.
    expect(restored.alerts()).toContainEqual({
      alert: 'CLINIC_SYNC_STOPPED',
      code: 'chain-forked',
      amount: null,
    });
    const link = restored.services().clinicLink;
    expect(link?.problem()).toMatchObject({ kind: 'chain' });
    // The desk's own trail says so too (a refused push leaves no trace at the clinic).
    expect(restored.services().store.rows.audit.latestOf(['clinic_sync_stopped'])).toEqual({
      event: 'clinic_sync_stopped',
      detail: JSON.stringify({ reason: 'chain-forked' }),
    });
    registerPatients(restored, 1);
    await link?.sync();
    // The clinic still holds exactly what it acknowledged before the restore.
    const desks = (await link?.clinicDesks()) ?? [];
    expect(desks.find((d) => d.desk === desk.name)?.headSeq).toBe(pushedSeq);
  });
});

describeClinic('the admin’s anti-fraud report on a joined desk', () => {
  it('online: the clinic’s count over every desk, with the desks past their budget; offline: its own, saying so', async () => {
    const desk = await clinic.addDesk('rt-report');
    const other = await clinic.addDesk('rt-report-other');
    const doctor = randomUUID();
    const colleague = randomUUID();
    // At the other desk on 22 November: a doctor's 12 code identifications, a colleague's 20 by face.
    await (
      await other.api()
    ).pushAudit({
      rows: chainRows(other.name, randomBytes(32), 1, 1),
      decisions: [
        ...identifications(doctor, 'code', 12, '2026-11-22T05:00:00.000Z'),
        ...identifications(colleague, 'face', 20, '2026-11-22T06:00:00.000Z'),
      ],
    });
    const su = await clinic.superuser();
    await su.query("UPDATE tanu.desks SET last_contact_at = now() - interval '30 hours' WHERE name = $1", [
      other.name,
    ]);
    const runtime = await joinedDesk(tempDir(), desk);
    await runtime.services().clinicLink?.sync();
    const call = router(runtime);
    const day = { from: '2026-11-22', to: '2026-11-22' };

    const online = await call('admin:fraudReport', day);
    expect(online).toMatchObject({
      ok: true,
      value: {
        scope: 'clinic',
        clinic: { visits: 32 },
        desksOverBudget: [{ desk: other.name, reason: 'hours', amount: 30 }],
      },
    });
    const operators = online.ok ? (online.value as { operators: unknown[] }).operators : [];
    // Doctors of another desk whom this desk's registry does not know are shown by id.
    expect(operators).toContainEqual(
      expect.objectContaining({ operatorId: doctor, displayName: doctor, visits: 12, flagged: true }),
    );
    expect(operators).toContainEqual(expect.objectContaining({ operatorId: colleague, flagged: false }));

    // The clinic out of reach (nothing listens on port 1): this desk's own decisions, none here.
    const config = runtime.services().config;
    if (config.clinicDatabase === null) throw new Error('the desk was joined');
    await runtime.reconfigure(
      { ...config, clinicDatabase: { ...config.clinicDatabase, port: 1 } },
      { rebuild: true },
    );
    await runtime.services().clinicLink?.sync();
    expect(runtime.services().clinicLink?.state()).toBe('offline');
    expect(await call('admin:fraudReport', day)).toMatchObject({
      ok: true,
      value: { scope: 'desk', clinic: { visits: 0 }, operators: [], desksOverBudget: [] },
    });
  });
});

const PASSPHRASE = 'the clinic key travels under this';

async function setUp(runtime: KioskRuntime, deskId: string): Promise<void> {
  await runtime.completeSetup({
    clinicId: 'clinic-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 000 00 00',
    deskId,
    admin: ADMIN,
  });
}

describeClinic('joining the clinic from the admin screen', () => {
  it('two desks join with their provisioning files; a patient registered at one is found at the other', async () => {
    const clinicKey = randomBytes(32);
    const joined: KioskRuntime[] = [];
    for (const label of ['rt-join-a', 'rt-join-b']) {
      const desk = await clinic.addDesk(label);
      const dir = tempDir();
      const { runtime, files } = openWithFiles(dir);
      await setUp(runtime, desk.name);
      const call = router(runtime);
      // A wrong passphrase changes nothing.
      files.open.provisioning = writeProvisioningFile(dir, desk, desk.url, clinicKey, PASSPHRASE);
      expect(await call('clinic:join', { passphrase: 'not the clinic passphrase' })).toEqual({
        ok: false,
        code: 'DECRYPT_FAILED',
      });
      expect(runtime.services().config.clinicDatabase).toBeNull();
      expect(await call('clinic:join', { passphrase: PASSPHRASE })).toEqual({
        ok: true,
        value: { desk: desk.name, server: expect.stringContaining(new URL(desk.url).pathname.slice(1)) },
      });
      expect(await call('clinic:status')).toMatchObject({
        ok: true,
        value: { mode: 'clinic', state: 'online' },
      });
      joined.push(runtime);
    }
    const [a, b] = joined as [KioskRuntime, KioskRuntime];
    registerPatients(a, 1);
    const services = a.services();
    const patient = services.patients.findByName({ familyName: 'Сейтқалиева' })[0];
    expect(patient).toBeDefined();
    await a.services().clinicLink?.sync();
    await b.services().clinicLink?.sync();
    expect(b.services().patients.findByIin(patient?.iin ?? '')?.id).toBe(patient?.id);
  });
});
