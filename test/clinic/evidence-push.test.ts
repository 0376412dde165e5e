/**
 * The desk's evidence going up, against a real PostgreSQL and real desk databases: visits run on
 * the real VisitDesk (code path), the EvidencePusher sends them, the clinic's copy is counted and
 * walked with `clinic verify`'s function. Offline, a lost answer and an overlapping push change
 * nothing twice; what the clinic holds equals what the desk holds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { purgeExpired } from '../../src/core/audit/retention.ts';
import { verifyChain } from '../../src/core/audit/verify.ts';
import { connectClinic } from '../../src/core/clinic/connect.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { checkAgainstAck } from '../../src/core/clinic-sync/ack-check.ts';
import { EvidencePusher } from '../../src/core/clinic-sync/evidence-push.ts';
import { closeInterruptedVisits } from '../../src/core/visit/interrupted-visits.ts';
import { newPatient } from '../support/registry.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { evidenceAtClinic, openEvidenceDesk, type EvidenceDesk } from '../support/evidence-desk.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('evidence_push');
const tempDir = useTempDir('evidence-push');
const open: EvidenceDesk[] = [];
const DAY_MS = 24 * 60 * 60 * 1000;

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function deskAt(clinicDesk: TestDesk, batchSize?: number): Promise<EvidenceDesk> {
  const t = await openEvidenceDesk(tempDir(), clinicDesk.name, batchSize);
  open.push(t);
  return t;
}

const atClinic = (deskName: string) => evidenceAtClinic(clinic, deskName);

let clinicDesk: TestDesk;

beforeAll(async () => {
  clinicDesk = await clinic.addDesk('ev-push');
});

describeClinic('EvidencePusher', () => {
  it('pushes a visit closed as interrupted at start like any other ended visit', async () => {
    const desk = await clinic.addDesk('ev-interrupted');
    const t = await deskAt(desk);
    await t.visit();
    // A second visit left open (as a killed desk leaves it), then closed the way the next start does.
    const patientId = t.patients.register(newPatient(), t.actor).id;
    const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
    await t.desk.selectPatient(visitId, patientId);
    expect(closeInterruptedVisits(t.store, t.audit, t.clock)).toBe(1);
    await t.pusher.push(await desk.api());
    const su = await clinic.superuser();
    const stored = await su.query<{ end_state: string }>('SELECT end_state FROM tanu.visits WHERE id = $1', [
      visitId,
    ]);
    expect(stored.rows).toEqual([{ end_state: 'interrupted' }]);
    const there = await atClinic(desk.name);
    expect(there.verdict?.problem).toBeNull();
    expect(there.visits).toBe(2);
  });

  it('pushes the visits: the clinic holds every row, decision and visit once, and acknowledges the local head', async () => {
    const desk = await clinic.addDesk('ev-first');
    const t = await deskAt(desk);
    for (let i = 0; i < 3; i += 1) await t.visit();
    const local = t.local();
    expect(local.decisions).toBe(3);
    expect(t.pusher.backlog()).toEqual({ rows: local.rows, decisions: 3, visits: 3 });

    const report = await t.pusher.push(await desk.api());
    const head = t.store.rows.audit.head();
    expect(report).toMatchObject({
      batches: 1,
      rows: local.rows,
      decisions: local.decisions,
      visits: local.visits,
      ack: { ...head },
    });
    expect(t.store.rows.evidence.ack()).toMatchObject({ ...head });
    expect(t.ackFile.read()).toMatchObject({ status: 'ok', ack: { ...head } });
    expect(t.pusher.backlog()).toEqual({ rows: 0, decisions: 0, visits: 0 });
    const server = await atClinic(desk.name);
    expect(server).toMatchObject({ ...local, seqs: local.rows, verdict: { problem: null, head } });
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true, warning: null });

    // Nothing new: no call at all. One more visit: only it goes.
    expect((await t.pusher.push(await desk.api())).batches).toBe(0);
    await t.visit();
    const more = await t.pusher.push(await desk.api());
    expect(more).toMatchObject({ batches: 1, decisions: 1, visits: 1 });
    expect(await atClinic(desk.name)).toMatchObject({ ...t.local(), verdict: { problem: null } });
  });

  it('sends a backlog in bounded batches, in order, each acknowledged', async () => {
    const t = await deskAt(clinicDesk, 4);
    for (let i = 0; i < 3; i += 1) await t.visit();
    const local = t.local();
    const seen: number[] = [];
    const api = await clinicDesk.api();
    const report = await t.pusher.push({
      pushAudit: async (batch) => {
        expect(batch.rows.length).toBeLessThanOrEqual(4);
        seen.push(...batch.rows.map((row) => row.seq));
        return api.pushAudit(batch);
      },
    });
    expect(seen).toEqual(Array.from({ length: local.rows }, (_, i) => i + 1));
    expect(report.batches).toBe(Math.ceil(local.rows / 4));
    expect(await atClinic(clinicDesk.name)).toMatchObject({ ...local, verdict: { problem: null } });
    expect(
      verifyChain(t.store.rows.audit, t.keys['audit-chain'], { expectHead: report.ack ?? undefined }).ok,
    ).toBe(true);
  });

  it('offline: the clinic unreachable or the connection cut mid-run changes nothing; on return everything arrives once', async () => {
    const desk = await clinic.addDesk('ev-offline');
    const t = await deskAt(desk, 5);
    await t.visit();
    await t.pusher.push(await desk.api());
    const acked = t.store.rows.evidence.ack();

    // The server is not there at all (a closed port): the desk cannot even connect.
    const closed = desk.url.replace(/:\d+\//, ':1/');
    expect(await typedRejection(connectClinic(closed))).toBe('CLINIC_UNREACHABLE');

    // The connection dies while the desk works (the server restarted, the cable pulled).
    const client = await desk.connect();
    client.on('error', () => undefined);
    const api = new ClinicDeskApi(client);
    await t.visit();
    const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const su = await clinic.superuser();
    await su.query('SELECT pg_terminate_backend($1)', [pid]);
    await su.end();
    // A connection that went away is "unreachable" (desk-api.ts), so the sync goes offline and retries.
    expect(await typedRejection(t.pusher.push(api))).toBe('CLINIC_UNREACHABLE');
    expect(t.store.rows.evidence.ack()).toEqual(acked);
    expect(t.ackFile.read()).toMatchObject({ status: 'ok', ack: acked });

    // The desk keeps working offline.
    for (let i = 0; i < 3; i += 1) await t.visit();
    expect(t.pusher.backlog()).toMatchObject({ decisions: 4, visits: 4 });

    const back = new ClinicDeskApi(await desk.connect());
    const report = await t.pusher.push(back);
    expect(report).toMatchObject({ decisions: 4, visits: 4, ack: { ...t.store.rows.audit.head() } });
    const local = t.local();
    expect(await atClinic(desk.name)).toMatchObject({
      ...local,
      seqs: local.rows,
      verdict: { problem: null },
    });
  });

  it('a lost answer: the clinic stored the batch, the desk never heard; the next push sends it again, nothing twice', async () => {
    const desk = await clinic.addDesk('ev-lost');
    const t = await deskAt(desk);
    const api = await desk.api();
    await t.visit();
    await t.visit();
    const lost = {
      pushAudit: async (batch: Parameters<typeof api.pushAudit>[0]) => {
        await api.pushAudit(batch);
        throw new Error('connection reset before the answer arrived');
      },
    };
    await expect(t.pusher.push(lost)).rejects.toThrow(/connection reset/);
    expect(t.store.rows.evidence.ack()).toBeNull();
    expect(t.ackFile.read()).toEqual({ status: 'absent' });
    await t.visit();

    const report = await t.pusher.push(api);
    expect(report).toMatchObject({ decisions: 3, visits: 3, ack: { ...t.store.rows.audit.head() } });
    const local = t.local();
    expect(await atClinic(desk.name)).toMatchObject({
      ...local,
      seqs: local.rows,
      verdict: { problem: null },
    });
  });

  it('retention: a desk that purged before it joined starts the clinic copy after its anchor; later purges keep the copy contiguous', async () => {
    const desk = await clinic.addDesk('ev-purged');
    const t = await deskAt(desk);
    const purge = () =>
      purgeExpired(
        {
          store: t.store,
          audit: t.audit,
          chainKey: t.keys['audit-chain'],
          clock: t.clock,
          deskId: desk.name,
        },
        { retentionDays: 1 },
      );
    await t.visit();
    t.clock.advance(3 * DAY_MS);
    const first = purge();
    await t.visit();
    const api = await desk.api();
    await t.pusher.push(api);
    let server = await atClinic(desk.name);
    expect(server).toMatchObject({
      rows: t.local().rows,
      chain: t.local().chain,
      verdict: { problem: null },
    });
    expect(server.verdict?.first).toBe(first.anchorSeq + 1);

    // Acknowledged rows go with the next purge, unsent ones wait for the clinic.
    await t.visit();
    t.clock.advance(3 * DAY_MS);
    const second = purge();
    expect(second.anchorSeq).toBe(t.store.rows.evidence.ack()?.seq);
    await t.pusher.push(api);
    server = await atClinic(desk.name);
    expect(server.verdict).toMatchObject({ problem: null, head: t.store.rows.audit.head() });
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true, warning: null });
  });

  it('two pushes at once run one after the other; a desk that lost its acknowledgement re-sends everything, stored once', async () => {
    const desk = await clinic.addDesk('ev-twice');
    const t = await deskAt(desk, 3);
    for (let i = 0; i < 2; i += 1) await t.visit();
    const api = await desk.api();
    const [a, b] = await Promise.all([t.pusher.push(api), t.pusher.push(api)]);
    expect(a.batches).toBeGreaterThan(0);
    expect(b).toMatchObject({ batches: 0, ack: a.ack });
    // As if the desk had died after the clinic's answer, before its commit: nothing stored locally.
    t.db.exec('DELETE FROM clinic_ack');
    t.db.exec("INSERT INTO clinic_unsent (kind, id) SELECT 'decision', id FROM decision");
    t.db.exec(
      "INSERT INTO clinic_unsent (kind, id) SELECT 'visit', id FROM visit WHERE ended_at IS NOT NULL",
    );
    const again = new EvidencePusher({ store: t.store, ackFile: t.ackFile, clock: t.clock, batchSize: 2 });
    expect((await again.push(new ClinicDeskApi(await desk.connect()))).ack).toEqual(a.ack);
    const local = t.local();
    expect(await atClinic(desk.name)).toMatchObject({
      ...local,
      seqs: local.rows,
      verdict: { problem: null },
    });
  });
});

const CHILD = join(ROOT, 'test', 'support', 'evidence-push-child.ts');

/** Runs the pushing child; SIGKILLs it `delayMs` after its `afterLines`-th answer. Resolves its lines. */
function pushAndKill(dir: string, desk: TestDesk, afterLines: number, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, desk.name, desk.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (timer === undefined && out.split('\n').length > afterLines) {
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(new Error(`the pushing child was not killed (code ${code}): ${out} ${err}`));
      else resolve(out.split('\n').filter(Boolean));
    });
  });
}

describeClinic('EvidencePusher killed mid-push', () => {
  it('a desk SIGKILLed during its pushes (three times, at random points) leaves no duplicate and a sound chain', async () => {
    const desk = await clinic.addDesk('ev-killed');
    const t = await deskAt(desk);
    for (let i = 0; i < 6; i += 1) await t.visit();
    const total = t.local().rows;
    for (let round = 0; round < 3; round += 1) {
      const lines = await pushAndKill(t.dir, desk, 2 + Math.floor(Math.random() * 6), Math.random() * 20);
      expect(lines).not.toContain('done');
      // Whatever the moment, the desk's chain still holds what it or its file says was acknowledged.
      expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true });
    }
    expect(t.pusher.backlog().rows).toBeLessThan(total);
    const report = await t.pusher.push(await desk.api());
    expect(report.ack).toMatchObject({ ...t.store.rows.audit.head() });
    const local = t.local();
    expect(await atClinic(desk.name)).toMatchObject({
      ...local,
      seqs: local.rows,
      verdict: { problem: null },
    });
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true, warning: null });
  });
});
