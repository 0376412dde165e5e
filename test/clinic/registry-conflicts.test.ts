/**
 * The registry's hard cases against the real clinic database, with desks as the composition root
 * builds them (their own SQLite files, keys and roles): one person registered at two desks at once,
 * an answer lost and the push retried, a notification lost, a listener cut off, a consent withdrawn
 * at one desk taking the template away at the others.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChangeListener, type WakeReason } from '../../src/core/clinic-sync/change-listener.ts';
import { deriveClinicKeys, newClinicKey, type ClinicKeys } from '../../src/core/clinic-sync/clinic-seal.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { openClinicDesk, type ClinicTestDesk } from '../support/clinic-desk.ts';
import { nearDescriptor, randomDescriptor } from '../support/descriptors.ts';
import { GOOD_VERDICT } from '../support/quality.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_conflicts');
const tempDir = useTempDir('registry-conflicts');
let keys: ClinicKeys;
let a: ClinicTestDesk;
let b: ClinicTestDesk;
let c: ClinicTestDesk;
const listeners: ChangeListener[] = [];

const count = async (sql: string, params: unknown[] = []): Promise<number> => {
  const db = await clinic.superuser();
  return Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n);
};

/** Enrols a synthetic face (gate-passing frames near one random descriptor). */
function enrol(desk: ClinicTestDesk, patientId: string): void {
  const base = randomDescriptor();
  desk.services.consents.record(
    { patientId, givenBy: patientId, decision: 'given', purpose: 'face_identification' },
    desk.actor,
  );
  const frames = [0, 1, 2].map(() => ({ descriptor: nearDescriptor(base, 0.05), quality: GOOD_VERDICT }));
  expect(desk.services.enrolment.enrol(patientId, frames, desk.actor).outcome).toBe('enrolled');
}

beforeAll(async () => {
  keys = deriveClinicKeys(newClinicKey());
  a = await openClinicDesk(tempDir(), await clinic.addDesk('desk-a'), keys, { withOperators: true });
  b = await openClinicDesk(tempDir(), await clinic.addDesk('desk-b'), keys, { withOperators: true });
  c = await openClinicDesk(tempDir(), await clinic.addDesk('desk-c'), keys);
  // Every desk knows every operator before the tests start.
  await Promise.all([a.pusher.push(), b.pusher.push()]);
  await Promise.all([a.puller.pull(), b.puller.pull(), c.puller.pull()]);
});

afterAll(async () => {
  await Promise.all(listeners.map((l) => l.stop()));
  for (const desk of [a, b, c]) await desk?.services.close();
});

describeClinic('registry conflicts and failures', () => {
  it('one person registered at two desks at once: one iin_taken, one flag, the loser re-pointed', async () => {
    const person = newPatient({ familyName: 'Жұмабаева' });
    const atA = a.services.patients.register(person, a.actor);
    const atB = b.services.patients.register(person, b.actor);
    enrol(b, atB.id);
    const [fromA, fromB] = await Promise.all([a.pusher.push(), b.pusher.push()]);
    const rejected = [...fromA.rejected, ...fromB.rejected];
    expect(rejected).toHaveLength(1);
    const [winner, loser, lost] = fromA.rejected.length === 0 ? [atA, b, atB] : ([atB, a, atA] as const);
    expect(rejected[0]).toMatchObject({
      kind: 'patient.upsert',
      reason: 'iin_taken',
      existingPatientId: winner.id,
      desk: { repointed: true },
    });
    expect(
      await count("SELECT count(*) AS n FROM tanu.flags WHERE kind = 'duplicate_iin' AND patient_id = $1", [
        winner.id,
      ]),
    ).toBe(1);
    // The losing desk's record now carries the clinic's id; what it added reaches the clinic there.
    expect(loser.services.patients.exists(lost.id)).toBe(false);
    expect(loser.services.patients.findByIin(person.iin)?.id).toBe(winner.id);
    const again = await loser.pusher.push();
    expect(again.rejected).toEqual([]);
    const repointed = loser.services.store.connection
      .prepare("SELECT patient_id AS patientId, detail FROM audit_log WHERE event = 'patient_repointed'")
      .all();
    expect(repointed).toEqual([
      { patientId: winner.id, detail: JSON.stringify({ previousPatientId: lost.id }) },
    ]);
    await Promise.all([a.puller.pull(), b.puller.pull(), c.puller.pull()]);
    for (const desk of [a, b, c]) {
      expect(desk.services.patients.findByIin(person.iin)?.id).toBe(winner.id);
      expect(desk.services.templates.has(winner.id)).toBe(true);
    }
    expect(
      await count('SELECT count(*) AS n FROM tanu.templates WHERE patient_id = $1 AND revoked_at IS NULL', [
        winner.id,
      ]),
    ).toBe(1);
  });

  it('a retried push (the answer lost) stores nothing twice', async () => {
    const p = a.services.patients.register(newPatient(), a.actor);
    enrol(a, p.id);
    const before = await count('SELECT count(*) AS n FROM tanu.changes');
    const first = await a.pusher.push();
    expect(first).toMatchObject({ pushed: 3, applied: 3, rejected: [] });
    const afterFirst = await count('SELECT count(*) AS n FROM tanu.changes');
    expect(afterFirst).toBeGreaterThan(before);
    // As if the desk died before it stored the answer: the same ops, the same ids, again.
    a.services.store.connection
      .prepare(
        'UPDATE clinic_op SET outcome = NULL, outcome_detail = NULL WHERE seq > (SELECT max(seq) - 3 FROM clinic_op)',
      )
      .run();
    const second = await a.pusher.push();
    expect(second).toMatchObject({ pushed: 3, applied: 3, rejected: [] });
    const details = a.services.store.connection
      .prepare('SELECT outcome_detail FROM clinic_op ORDER BY seq DESC LIMIT 3')
      .pluck()
      .all() as string[];
    expect(details.map((d) => JSON.parse(d).repeated)).toEqual([true, true, true]);
    expect(await count('SELECT count(*) AS n FROM tanu.changes')).toBe(afterFirst);
    expect(await count('SELECT count(*) AS n FROM tanu.patients WHERE id = $1', [p.id])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM tanu.templates WHERE patient_id = $1', [p.id])).toBe(1);
  });

  it('a lost NOTIFY: the periodic pull still delivers', async () => {
    const wakes: WakeReason[] = [];
    const listener = new ChangeListener({
      connect: () => c.role.connect(),
      // Every notification is lost on the way: only the timer (and connecting) may pull.
      wake: async (reason) => {
        wakes.push(reason);
        if (reason !== 'notified') await c.puller.pull();
      },
      periodMs: 300,
    });
    listeners.push(listener);
    listener.start();
    await expect.poll(() => listener.listening, { timeout: 10_000 }).toBe(true);
    const p = a.services.patients.register(newPatient(), a.actor);
    await a.pusher.push();
    await expect.poll(() => c.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(wakes).toContain('timer');
    await listener.stop();
  });

  it('a listener cut off reconnects and pulls what was committed meanwhile', async () => {
    const wakes: WakeReason[] = [];
    const listener = new ChangeListener({
      connect: () => c.role.connect(),
      wake: async (reason) => {
        wakes.push(reason);
        if (reason !== 'notified') await c.puller.pull();
      },
      periodMs: null,
      retryMs: 100,
    });
    listeners.push(listener);
    listener.start();
    await expect.poll(() => wakes.length, { timeout: 10_000 }).toBe(1);
    const p = a.services.patients.register(newPatient(), a.actor);
    await a.pusher.push();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.services.patients.exists(p.id)).toBe(false);
    const db = await clinic.superuser();
    const cut = await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND query = 'LISTEN tanu_changes'",
      [c.role.role],
    );
    expect(cut.rowCount).toBe(1);
    await expect.poll(() => c.services.patients.exists(p.id), { timeout: 10_000 }).toBe(true);
    expect(wakes.filter((w) => w === 'connected')).toHaveLength(2);
    await listener.stop();
  });

  it('a consent withdrawn at one desk takes the template away at the others', async () => {
    const p = a.services.patients.register(newPatient(), a.actor);
    enrol(a, p.id);
    await a.pusher.push();
    await c.puller.pull();
    expect(c.services.templates.has(p.id)).toBe(true);
    const indexed = c.services.index.size;
    const sealed = c.services.store.connection
      .prepare('SELECT sealed FROM face_template WHERE patient_id = ?')
      .pluck()
      .get(p.id) as Buffer;
    c.services.store.connection.pragma('wal_checkpoint(TRUNCATE)');
    a.services.enrolment.withdrawConsent(p.id, {
      operatorId: a.operators?.admin.id as string,
      deskId: a.role.name,
    });
    expect((await a.pusher.push()).rejected).toEqual([]);
    await c.puller.pull();
    expect(c.services.templates.has(p.id)).toBe(false);
    // Gone from the file and its WAL, as a deletion at the desk itself is (secure-erase.ts).
    const file = c.services.store.connection.name;
    for (const path of [file, `${file}-wal`])
      expect(existsSync(path) && readFileSync(path).includes(sealed.subarray(40, 104))).toBe(false);
    expect(c.services.consents.isGiven(p.id)).toBe(false);
    expect(c.services.index.size).toBe(indexed - 1);
    expect(
      await count('SELECT count(*) AS n FROM tanu.templates WHERE patient_id = $1 AND sealed IS NOT NULL', [
        p.id,
      ]),
    ).toBe(0);
    expect(c.services.store.rows.clinicPull.issues()).toEqual([]);
  });

  it('an op the clinic refuses is kept and shown, and does not hold back the ops after it', async () => {
    const p = a.services.patients.register(newPatient(), a.actor);
    await a.pusher.push();
    await c.puller.pull();
    // Read (and kept in memory) at the other desk before it changes.
    expect(c.services.languages.of(p.id)).toBeNull();
    // A withdrawal of a consent the clinic never saw: refused (not_found), the next op goes on.
    a.services.store.write((tx) => a.services.clinicOutbox?.consentWithdrawn(tx, randomUUID()));
    a.services.languages.remember(p.id, 'ru');
    const report = await a.pusher.push();
    expect(report).toMatchObject({ pushed: 2, applied: 1, pending: 0 });
    expect(report.rejected).toEqual([
      expect.objectContaining({ kind: 'consent.withdraw', reason: 'not_found' }),
    ]);
    expect(a.pusher.rejected()[0]).toMatchObject({ kind: 'consent.withdraw', reason: 'not_found' });
    await c.puller.pull();
    expect(c.services.languages.of(p.id)).toBe('ru');
  });
});
