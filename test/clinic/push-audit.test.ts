/**
 * api.push_audit against a real PostgreSQL: rows linked to the desk's head are acknowledged, an
 * exact re-push is a no-op, a gap or a fork is refused with its own code, and what is stored
 * cannot be changed afterwards, not even by the superuser, except by disabling the trigger.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import type { ClinicDecision, ClinicVisit } from '../../src/core/clinic/protocol.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { chainRows, describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';

const clinic = useClinicDb('push_audit');
const key = randomBytes(32);

let desk: TestDesk;
let api: ClinicDeskApi;

beforeAll(async () => {
  desk = await clinic.addDesk('audit');
  api = await desk.api();
});

async function storedCount(): Promise<number> {
  const su = await clinic.superuser();
  const result = await su.query(
    'SELECT count(*)::int AS n FROM tanu.audit_rows r JOIN tanu.desks d ON d.id = r.desk_id WHERE d.name = $1',
    [desk.name],
  );
  await su.end();
  return result.rows[0].n as number;
}

describeClinic('push_audit', () => {
  const rows = () => chainRows(desk.name, key, 1, 8);
  let all: ReturnType<typeof rows>;

  it('acknowledges contiguous rows with the head', async () => {
    all = rows();
    const ack = await api.pushAudit({ rows: all.slice(0, 5) });
    expect(ack).toEqual({ seq: 5, hash: all[4]?.hash });
    const next = await api.pushAudit({ rows: all.slice(5, 6) });
    expect(next).toEqual({ seq: 6, hash: all[5]?.hash });
    expect(await storedCount()).toBe(6);
  });

  it('takes an exact re-push (a retry after a lost answer) as a no-op, with the head as answer', async () => {
    const ack = await api.pushAudit({ rows: all.slice(2, 6) });
    expect(ack).toEqual({ seq: 6, hash: all[5]?.hash });
    // Overlapping: old rows skipped, the new one stored.
    expect(await api.pushAudit({ rows: all.slice(4, 7) })).toEqual({ seq: 7, hash: all[6]?.hash });
    expect(await storedCount()).toBe(7);
  });

  it('refuses a gap', async () => {
    const later = chainRows(desk.name, key, 9, 1, Buffer.from(all[7]?.hash as string, 'hex'));
    expect(await typedRejection(api.pushAudit({ rows: later }))).toBe('CLINIC_CHAIN_GAP');
    expect(await storedCount()).toBe(7);
  });

  it('refuses a fork: a row not linking to the head, or an old seq with other content', async () => {
    const forked = chainRows(desk.name, randomBytes(32), 8, 1, randomBytes(32));
    expect(await typedRejection(api.pushAudit({ rows: forked }))).toBe('CLINIC_CHAIN_FORK');
    const rewritten = { ...(all[3] as (typeof all)[number]), event: 'face_no_match' as const };
    expect(await typedRejection(api.pushAudit({ rows: [rewritten] }))).toBe('CLINIC_CHAIN_FORK');
    expect(await storedCount()).toBe(7);
  });

  it('refuses a first row that does not start from the genesis, and rows naming another desk', async () => {
    const other = await clinic.addDesk('audit-first');
    const otherApi = await other.api();
    const bad = chainRows(other.name, key, 1, 2, randomBytes(32));
    expect(await typedRejection(otherApi.pushAudit({ rows: bad }))).toBe('CLINIC_CHAIN_FORK');
    const foreign = chainRows(desk.name, key, 1, 1);
    expect(await typedRejection(otherApi.pushAudit({ rows: foreign }))).toBe('CLINIC_INVALID_BATCH');
    const smuggled = { ...chainRows(other.name, key, 1, 1)[0], photo: 'AAAA' };
    expect(await typedRejection(otherApi.pushAudit({ rows: [smuggled as never] }))).toBe(
      'CLINIC_INVALID_BATCH',
    );
  });

  it('takes a desk whose log was purged before it joined from its first row on, and nothing before', async () => {
    const purged = await clinic.addDesk('audit-purged');
    const purgedApi = await purged.api();
    const anchor = randomBytes(32);
    const later = chainRows(purged.name, key, 7, 3, anchor);
    expect(await purgedApi.pushAudit({ rows: later })).toEqual({ seq: 9, hash: later[2]?.hash });
    const earlier = chainRows(purged.name, key, 1, 1);
    expect(await typedRejection(purgedApi.pushAudit({ rows: earlier }))).toBe('CLINIC_CHAIN_GAP');
  });

  it('stores decisions and visits once; the same id with other content is a conflict', async () => {
    const visitId = randomUUID();
    const decision: ClinicDecision = {
      id: randomUUID(),
      visitId,
      patientId: randomUUID(),
      operatorId: randomUUID(),
      decidedAt: '2026-12-02T08:00:07.000Z',
      outcome: 'identified',
      method: 'face',
      distance: 0.3141592653589793,
      threshold: 0.5,
      modelVersion: 'face-api@1.7.15',
    };
    const visit: ClinicVisit = {
      id: visitId,
      patientId: decision.patientId,
      operatorId: decision.operatorId,
      visitType: 'in-person',
      startedAt: '2026-12-02T08:00:00.000Z',
      endedAt: '2026-12-02T08:00:08.000Z',
      endState: 'identified',
      method: 'face',
    };
    const batch = { rows: all.slice(7, 8), decisions: [decision], visits: [visit] };
    expect(await api.pushAudit(batch)).toEqual({ seq: 8, hash: all[7]?.hash });
    expect(await api.pushAudit(batch)).toEqual({ seq: 8, hash: all[7]?.hash });
    const changed = { rows: [], decisions: [{ ...decision, outcome: 'not_identified' as const }] };
    expect(await typedRejection(api.pushAudit(changed))).toBe('CLINIC_RECORD_CONFLICT');
    const su = await clinic.superuser();
    const counts = await su.query(
      'SELECT (SELECT count(*)::int FROM tanu.decisions) AS d, (SELECT count(*)::int FROM tanu.visits) AS v',
    );
    expect(counts.rows[0]).toEqual({ d: 1, v: 1 });
    await su.end();
  });

  it('refuses UPDATE, DELETE and TRUNCATE of stored evidence, even as the superuser', async () => {
    const su = await clinic.superuser();
    for (const sql of [
      "UPDATE tanu.audit_rows SET event = 'face_no_match' WHERE seq = 3",
      'DELETE FROM tanu.audit_rows WHERE seq = 3',
      'TRUNCATE tanu.audit_rows CASCADE',
      "UPDATE tanu.decisions SET outcome = 'not_identified'",
      'DELETE FROM tanu.visits',
      'DELETE FROM tanu.acks',
    ]) {
      await expect(su.query(sql), sql).rejects.toMatchObject({ code: 'TN006' });
    }
    // The owner's own privileges to change evidence are revoked too.
    await su.query('SET ROLE tanu_api');
    for (const sql of [
      "UPDATE tanu.audit_rows SET event = 'x'",
      'DELETE FROM tanu.audit_rows',
      'DELETE FROM tanu.decisions',
    ]) {
      await expect(su.query(sql), sql).rejects.toThrow(/permission denied/);
    }
    await su.end();
    expect(await storedCount()).toBe(8);
  });

  it('stores nothing of a push whose desk died before commit; the retry stores each row once', async () => {
    const victim = await clinic.addDesk('audit-killed');
    const victimRows = chainRows(victim.name, key, 1, 5);
    const dying = await victim.connect();
    dying.on('error', () => undefined);
    await dying.query('BEGIN');
    await dying.query('SELECT api.push_audit($1::jsonb)', [JSON.stringify({ rows: victimRows.slice(0, 3) })]);
    const su = await clinic.superuser();
    // As a SIGKILLed desk: the server sees the connection drop mid-transaction.
    await su.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      victim.role,
    ]);
    // What the dying desk itself sees, had it lived: unreachable, so it goes offline and retries.
    const lost = await typedRejection(new ClinicDeskApi(dying).heads());
    expect(lost).toBe('CLINIC_UNREACHABLE');
    // The retry may come at once: it waits on the desk's row until the dead backend's locks go.
    const retry = await victim.api();
    expect(await retry.pushAudit({ rows: victimRows })).toEqual({ seq: 5, hash: victimRows[4]?.hash });
    const stored = await su.query(
      'SELECT count(*)::int AS n FROM tanu.audit_rows r JOIN tanu.desks d ON d.id = r.desk_id WHERE d.name = $1',
      [victim.name],
    );
    expect(stored.rows[0]).toEqual({ n: 5 });
    await su.end();
  });

  it('keeps the rows a second connection of the same desk pushes at the same time in one chain', async () => {
    const twin = await clinic.addDesk('audit-twin');
    const [a, b] = [await twin.connect(), await twin.connect()];
    const twinRows = chainRows(twin.name, key, 1, 40);
    const push = (client: typeof a) =>
      client.query('SELECT api.push_audit($1::jsonb) AS r', [JSON.stringify({ rows: twinRows })]);
    const [ra, rb] = await Promise.all([push(a), push(b)]);
    expect(ra.rows[0].r).toEqual({ seq: 40, hash: twinRows[39]?.hash });
    expect(rb.rows[0].r).toEqual(ra.rows[0].r);
  });
});
