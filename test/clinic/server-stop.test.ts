/**
 * Issue 15, literally: "the server stopped mid-visit → the desk finishes visits offline → on
 * return everything arrives exactly once and chains verify". The clinic's PostgreSQL server itself
 * is stopped (`pg_ctl stop -m fast`) while a code visit is open at the desk, not a network cable
 * cut: so the server's own shutdown (its open sessions ended from the server's side) is what the
 * desk lives through. The cluster is this file's own (postgres-cluster.ts): stopping the shared
 * one would pull it from under the other clinic files. The desk is built as the app builds one in
 * clinic mode (sim-desk.ts: openKioskServices, with its sync timer, its push watch and its LISTEN
 * connection), and nothing here pushes for it: after the restart its own watch reconnects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { addDesk } from '../../src/core/clinic/desks.ts';
import { migrateClinic } from '../../src/core/clinic/migrate.ts';
import { verifyClinic } from '../../src/core/clinic/verify.ts';
import { openSimDesk, type SimDesk } from '../../scripts/clinic-simulate/sim-desk.ts';
import { SimulatedPhones } from '../../scripts/clinic-simulate/simulated-phones.ts';
import { playVisit } from '../../scripts/clinic-simulate/visit-player.ts';
import { clinicCli } from '../support/clinic-cli.ts';
import { describeClinic } from '../support/clinic-db.ts';
import { deskStaff } from '../support/clinic-desk.ts';
import { findPgBinDir, startPgCluster, type PgCluster } from '../support/postgres-cluster.ts';
import { newPatient } from '../support/registry.ts';
import { NO_FACE } from '../support/runtime.ts';

const root = mkdtempSync(join(tmpdir(), 'tanu-server-stop-'));
const phones = new SimulatedPhones();
let cluster: PgCluster | null = null;
let sim: SimDesk | null = null;
const superusers: pg.Client[] = [];

/** A superuser session, as clinic IT opens one; a fresh one after the restart (the old ones died with the server). */
async function superuser(): Promise<pg.Client> {
  if (cluster === null) throw new Error('no cluster');
  const client = new pg.Client({ connectionString: cluster.url });
  // The server's shutdown ends this session from its side: an error event, not a crash.
  client.on('error', () => undefined);
  await client.connect();
  superusers.push(client);
  return client;
}

beforeAll(async () => {
  const bin = findPgBinDir();
  // No server binaries: describeClinic below skips the test after its banner.
  if (bin === null) return;
  cluster = await startPgCluster({ bin, tls: false });
  // `npm run clinic -- init` and `add-desk` as clinic IT runs them (their functions).
  const su = await superuser();
  await migrateClinic(su);
  const desk = await addDesk(su, 'desk-stop');
  await su.end();
  sim = await openSimDesk({
    desk,
    server: { host: '127.0.0.1', port: cluster.port, database: 'postgres' },
    clinicKeys: deriveClinicKeys(newClinicKey()),
    face: NO_FACE,
    phones,
    root,
  });
});

afterAll(async () => {
  try {
    await sim?.services.close();
    await sim?.cable.close();
    await Promise.all(superusers.map((client) => client.end().catch(() => undefined)));
  } finally {
    // Also when the test failed with the server stopped: remove() stops it only if it runs.
    await cluster?.remove();
    rmSync(root, { recursive: true, force: true });
  }
});

/** Ids a desk table holds, sorted. */
function localIds(desk: SimDesk, table: 'decision' | 'visit'): string[] {
  return (desk.services.store.connection.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]).sort();
}

/**
 * Until the desk, by its own sync, is online with no decision or registry change waiting and its
 * whole chain acknowledged by the clinic.
 */
async function delivered(desk: SimDesk, timeout: number): Promise<void> {
  const link = desk.services.clinicLink;
  await expect
    .poll(
      () => ({
        state: link?.state(),
        decisions: link?.unsent().decisions,
        changes: link?.unsent().changes,
        caughtUp: link?.acknowledged()?.seq === desk.services.store.rows.audit.tip().seq,
      }),
      { timeout, interval: 100 },
    )
    .toEqual({ state: 'online', decisions: 0, changes: 0, caughtUp: true });
}

describeClinic('the clinic server stopped mid-visit', () => {
  it('the desk finishes that visit and two more offline; on return everything arrives exactly once, chains verify', async () => {
    if (sim === null || cluster === null) throw new Error('set-up did not run');
    const desk = sim;
    const services = desk.services;
    const link = services.clinicLink;
    if (link === null) throw new Error('the desk is not in clinic mode');
    const system = { operatorId: 'system', deskId: desk.name };
    const { staff } = deskStaff(services, desk.name, 'doctor');
    const doctor = { actor: { operatorId: staff.id, deskId: desk.name }, name: staff.displayName };
    const patients = [1, 2, 3].map((i) => {
      const phone = `+7701555000${i}`;
      return { id: services.patients.register(newPatient({ phone }), system).id, phone, face: null };
    });

    // Online: the patients and the accounts reach the clinic, pushed by the desk's own watch.
    await delivered(desk, 30_000);
    const before = await superuser();
    const atClinic = await before.query<{ id: string }>('SELECT id::text FROM tanu.patients');
    expect(atClinic.rows.map((r) => r.id).sort()).toEqual(patients.map((p) => p.id).sort());

    // A code visit opened while the server runs: the code is on the patient's phone.
    const [first, ...rest] = patients;
    if (!first) throw new Error('no patient');
    const visits = services.desk;
    const { visitId } = visits.start(doctor.actor, doctor.name);
    await visits.selectPatient(visitId, first.id);
    await visits.chooseVisitType(visitId, 'in-person');
    expect((await visits.refuseConsent(visitId)).phase).toBe('codeSent');

    // The server goes down with the visit open (its sessions, the desk's among them, ended by it).
    await cluster.stop('fast');
    expect((await visits.act(visitId, 'beginEntry')).phase).toBe('codeEntry');
    const code = phones.lastCode(first.phone);
    expect(code).not.toBeNull();
    expect(await visits.submitCode(visitId, code ?? '')).toMatchObject({
      phase: 'identified',
      method: 'code',
    });
    // Its decision waits; the watch's round fails: the desk says offline, and carries on.
    await expect.poll(() => link.state(), { timeout: 10_000 }).toBe('offline');
    const offline = [visitId];
    for (const patient of rest) {
      const played = await playVisit(visits, { person: null, pose: {} }, phones, doctor, patient);
      expect(played).toMatchObject({ phase: 'identified', method: 'code', cancelledIn: null });
      offline.push(played.visitId);
    }
    expect(link.state()).toBe('offline');
    expect(link.unsent().decisions).toBe(3);
    expect(services.store.rows.audit.tip().seq).toBeGreaterThan(link.acknowledged()?.seq ?? 0);

    // The server is back; nobody pushes for the desk: its own watch reconnects and delivers.
    await cluster.start();
    await delivered(desk, 60_000);
    expect(link.problem()).toBeNull();

    // At the clinic, as its superuser: every decision and visit of the desk exactly once.
    const su = await superuser();
    const ofDesk = 'desk_id = (SELECT id FROM tanu.desks WHERE name = $1)';
    const idsAt = async (table: 'decisions' | 'visits') => {
      const { rows } = await su.query<{ id: string }>(`SELECT id FROM tanu.${table} WHERE ${ofDesk}`, [
        desk.name,
      ]);
      const ids = rows.map((r) => r.id).sort();
      expect(new Set(ids).size).toBe(ids.length);
      return ids;
    };
    const decisions = localIds(desk, 'decision');
    const deskVisits = localIds(desk, 'visit');
    expect(decisions).toHaveLength(3);
    expect(deskVisits).toEqual([...offline].sort());
    expect(await idsAt('decisions')).toEqual(decisions);
    expect(await idsAt('visits')).toEqual(deskVisits);
    const codeVisits = await su.query<{ n: string }>(
      `SELECT count(*) AS n FROM tanu.visits WHERE ${ofDesk} AND end_state = 'identified' AND method = 'code' AND id = ANY($2)`,
      [desk.name, offline],
    );
    expect(Number(codeVisits.rows[0]?.n)).toBe(3);
    const rejects = await su.query<{ n: string }>(`SELECT count(*) AS n FROM tanu.rejects WHERE ${ofDesk}`, [
      desk.name,
    ]);
    expect(Number(rejects.rows[0]?.n)).toBe(0);

    // The chain at the clinic verifies, up to the desk's own head, acknowledged as such.
    const head = services.store.rows.audit.head();
    const verdict = (await verifyClinic(su)).find((v) => v.desk === desk.name);
    expect(verdict).toMatchObject({ problem: null, first: 1, rows: head?.seq, head, acked: head?.seq });
    const cli = await clinicCli('verify', '--url', cluster.url);
    expect(cli.stdout).toContain(`ok ${desk.name}:`);
    expect(cli.code).toBe(0);
  });
});
