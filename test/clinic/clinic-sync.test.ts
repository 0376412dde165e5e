/**
 * The desk's sync as the runtime runs it, against a real PostgreSQL and a real desk database: a
 * round pushes what the desk recorded and the admin's view shows it; with the clinic unreachable
 * the desk keeps recording, reports itself offline with its unsent decisions, and the next round
 * delivers them once; a desk restored behind what the clinic acknowledged stops pushing at start.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { ClinicError } from '../../src/shared/clinic-errors.ts';
import { ClinicSync, type SyncProblem } from '../../src/core/clinic-sync/clinic-sync.ts';
import { clinicStatusOf, syncStateOf } from '../../src/core/clinic-sync/clinic-link.ts';
import { DEFAULT_OFFLINE_BUDGET } from '../../src/core/config/clinic-config.ts';
import { describeClinic, useClinicDb, uuidv7, type TestDesk } from '../support/clinic-db.ts';
import {
  backlogAtClinic,
  evidenceAtClinic,
  openEvidenceDesk,
  type EvidenceDesk,
} from '../support/evidence-desk.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('clinic_sync');
const tempDir = useTempDir('clinic-sync');
const closing: { close(): Promise<void> }[] = [];

afterEach(async () => {
  while (closing.length > 0) await closing.pop()?.close();
});

function syncOf(t: EvidenceDesk, desk: TestDesk, reachable: () => boolean, problems: SyncProblem[] = []) {
  const sync = new ClinicSync({
    desk: desk.name,
    server: '127.0.0.1/test',
    connect: () =>
      reachable()
        ? desk.connect()
        : Promise.reject(new ClinicError('CLINIC_UNREACHABLE', 'cannot connect to the clinic database')),
    store: t.store,
    ackFile: t.ackFile,
    clock: t.clock,
    intervalMs: null,
    onProblem: (p) => problems.push(p),
  });
  closing.push(sync);
  return sync;
}

async function deskIn(dir: string, desk: TestDesk): Promise<EvidenceDesk> {
  const t = await openEvidenceDesk(dir, desk.name);
  closing.push(t);
  return t;
}

describeClinic('ClinicSync', () => {
  it('a round pushes the visits and the admin sees the desk online, acknowledged, nothing unsent', async () => {
    const desk = await clinic.addDesk('sync-online');
    const t = await deskIn(tempDir(), desk);
    await t.visit();
    await t.visit();
    const sync = syncOf(t, desk, () => true);
    expect(syncStateOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime())).toEqual({
      mode: 'clinic',
      state: 'offline',
      overBudget: null,
    });
    expect(sync.unsent()).toMatchObject({ decisions: 2, changes: 0 });

    await sync.sync();
    const head = t.store.rows.audit.head();
    const status = await clinicStatusOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime());
    expect(status).toMatchObject({
      mode: 'clinic',
      desk: desk.name,
      state: 'online',
      acknowledged: { seq: head?.seq },
      unsent: { decisions: 0, oldestAt: null, changes: 0 },
      overBudget: null,
    });
    expect(status.mode === 'clinic' ? status.desks.find((d) => d.desk === desk.name) : null).toMatchObject({
      headSeq: head?.seq,
      unsentDecisions: 0,
      revoked: false,
    });
    expect(await evidenceAtClinic(clinic, desk.name)).toMatchObject({
      ...t.local(),
      verdict: { problem: null },
    });
    // …and told the clinic that nothing waits after the push (the clinic's report weighs it).
    expect(await backlogAtClinic(clinic, desk.name)).toEqual({ decisions: 0, oldestAt: null });
  });

  it("an op the clinic refused at another desk is on this desk's Clinic tab, from the clinic's rejects table, newest first past a thousand", async () => {
    const desk = await clinic.addDesk('sync-rejects');
    const other = await clinic.addDesk('sync-rejects-other');
    // Templates for patients the clinic never heard of: filed under rejects, not applied.
    const orphan = () => ({
      opId: uuidv7(),
      kind: 'template.enrol' as const,
      id: randomUUID(),
      patientId: randomUUID(),
      modelId: 'face-api/recognition',
      modelVersion: '1.7.15',
      sealed: randomBytes(64).toString('base64'),
    });
    const api = await other.api();
    // More than the old first page of 1,000: the tab asked for that page and never saw a newer one.
    const earlier = Array.from({ length: 1_001 }, () => orphan());
    const outcomes = await api.pushOps(earlier);
    expect(outcomes.filter((o) => o.outcome === 'rejected')).toHaveLength(1_001);
    expect(await api.pushOps([orphan()])).toMatchObject([{ outcome: 'rejected', reason: 'unknown_patient' }]);
    const t = await deskIn(tempDir(), desk);
    const sync = syncOf(t, desk, () => true);
    await sync.sync();
    const status = await clinicStatusOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime());
    const rejects = status.mode === 'clinic' ? status.rejects : null;
    expect(rejects?.total).toBeGreaterThanOrEqual(1_002);
    expect(rejects?.newest).toHaveLength(200);
    const newest = rejects?.newest[0];
    expect(newest).toEqual({
      desk: other.name,
      kind: 'template.enrol',
      reason: 'unknown_patient',
      at: expect.any(String),
    });
    // The last push is the first line; the rest follow newest first.
    const times = rejects?.newest.map((r) => Date.parse(r.at ?? '')) ?? [];
    expect(times[0]).toBeGreaterThan(times[1] ?? Infinity);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("a face duplicate reported at another desk is on this desk's Clinic tab, once per pair", async () => {
    const desk = await clinic.addDesk('sync-duplicates');
    const other = await clinic.addDesk('sync-duplicates-other');
    const api = await other.api();
    const [first, second] = [randomUUID(), randomUUID()].sort();
    const patient = (id: string) => ({
      opId: uuidv7(),
      kind: 'patient.upsert' as const,
      id,
      iinLookup: randomBytes(32).toString('hex'),
      sealed: randomBytes(64).toString('base64'),
    });
    const report = (patientId: string, otherPatientId: string) => ({
      opId: uuidv7(),
      kind: 'face.duplicate' as const,
      patientId,
      otherPatientId,
    });
    // Both desks report the pair, in either order, one of them twice: one flag.
    expect(
      await api.pushOps([
        patient(first as string),
        patient(second as string),
        report(first as string, second as string),
        report(second as string, first as string),
        report(first as string, first as string),
        report(first as string, randomUUID()),
      ]),
    ).toMatchObject([
      { outcome: 'applied' },
      { outcome: 'applied' },
      { outcome: 'applied' },
      { outcome: 'applied' },
      { outcome: 'rejected', reason: 'invalid_op' },
      { outcome: 'rejected', reason: 'unknown_patient' },
    ]);
    const t = await deskIn(tempDir(), desk);
    const sync = syncOf(t, desk, () => true);
    await sync.sync();
    const status = await clinicStatusOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime());
    const ours = (status.mode === 'clinic' ? status.duplicates : []).filter((f) => f.patientId === first);
    expect(ours).toEqual([
      {
        desk: other.name,
        kind: 'duplicate_face',
        patientId: first,
        otherPatientId: second,
        at: expect.any(String),
      },
    ]);
  });

  it('offline the desk keeps recording and says how much waits; past the budget it says so; the next round delivers each once', async () => {
    const desk = await clinic.addDesk('sync-offline');
    const t = await deskIn(tempDir(), desk);
    let reachable = false;
    const sync = syncOf(t, desk, () => reachable);
    await t.visit();
    await sync.sync();
    expect(sync.state()).toBe('offline');
    expect(await backlogAtClinic(clinic, desk.name)).toBeNull();
    for (let i = 0; i < 2; i += 1) await t.visit();
    expect(sync.unsent().decisions).toBe(3);
    // A day and a half later, still offline: every screen's line says the budget is exceeded.
    t.clock.advance(36 * 3_600_000);
    expect(syncStateOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime())).toEqual({
      mode: 'clinic',
      state: 'offline',
      overBudget: { reason: 'hours', amount: 36 },
    });
    const offlineView = await clinicStatusOf(sync, DEFAULT_OFFLINE_BUDGET, t.clock.now().getTime());
    expect(offlineView).toMatchObject({ state: 'offline', desks: [], acknowledged: null });

    reachable = true;
    await sync.sync();
    expect(sync.state()).toBe('online');
    expect(sync.unsent().decisions).toBe(0);
    await sync.sync();
    const atClinic = await evidenceAtClinic(clinic, desk.name);
    expect(atClinic).toMatchObject({ ...t.local(), verdict: { problem: null } });
    expect(atClinic.decisions).toBe(3);
  });

  it('a desk database restored behind what the clinic acknowledged stops pushing at start and says why', async () => {
    const desk = await clinic.addDesk('sync-restored');
    const dir = tempDir();
    const t = await deskIn(dir, desk);
    await t.visit();
    const older = `${dir}/older.db`;
    await t.store.backupTo(older);
    await t.visit();
    await syncOf(t, desk, () => true).sync();
    const pushed = t.store.rows.audit.head();
    closing.splice(closing.indexOf(t), 1);
    await t.close();
    rmSync(`${t.dbPath}-wal`, { force: true });
    rmSync(`${t.dbPath}-shm`, { force: true });
    copyFileSync(older, t.dbPath);

    const restored = await deskIn(dir, desk);
    const problems: SyncProblem[] = [];
    const sync = syncOf(restored, desk, () => true, problems);
    expect(problems).toMatchObject([{ kind: 'chain', verdict: { problem: 'behind', ack: pushed } }]);
    await restored.visit();
    await sync.sync();
    // Nothing pushed: the clinic still holds exactly what it acknowledged before the restore, and
    // knows why nothing comes: the desk told it, so `clinic verify` names the desk.
    expect((await evidenceAtClinic(clinic, desk.name)).verdict).toMatchObject({
      problem: 'rollback',
      head: pushed,
      message: expect.stringContaining('the desk found its chain behind'),
    });
    expect(sync.problem()).toMatchObject({ kind: 'chain' });
    // Yet the clinic hears how much waits here: the visit the backup held unsent, and the new one.
    const waiting = sync.unsent();
    expect(waiting.decisions).toBe(2);
    expect(await backlogAtClinic(clinic, desk.name)).toEqual({
      decisions: 2,
      oldestAt: waiting.oldestAt,
    });
    // …and so does the admin of any desk, in the clinic's desk list.
    expect((await sync.clinicDesks()).find((d) => d.desk === desk.name)).toMatchObject({
      headSeq: pushed?.seq,
      unsentDecisions: 2,
    });
  });
});
