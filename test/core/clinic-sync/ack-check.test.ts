/**
 * The start check and the pusher's checks of the clinic's answer, on a real SQLite file and a real
 * sealed file, with the clinic faked (its answers are what is under test here; the real server is
 * in test/clinic/evidence-*.test.ts).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../../src/core/audit/retention.ts';
import type { Ack, AuditBatch } from '../../../src/core/clinic/protocol.ts';
import { checkAgainstAck, checkAgainstClinic, placeOfHead } from '../../../src/core/clinic-sync/ack-check.ts';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../../src/core/clinic-sync/clinic-ack.ts';
import { EvidencePusher } from '../../../src/core/clinic-sync/evidence-push.ts';
import { openTestStore, type TestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('ack-check');
const open: TestStore[] = [];
afterEach(() => {
  while (open.length > 0) open.pop()?.store.close();
});

interface World extends TestStore {
  ackFile: ClinicAckFile;
  pusher: EvidencePusher;
  add(n: number): void;
  /** Pushes to a clinic that takes everything and answers the last row sent (or `answer`). */
  push(answer?: (batch: AuditBatch) => Ack): Promise<unknown>;
}

function world(): World {
  const t = openTestStore(tempDir());
  open.push(t);
  const ackFile = new ClinicAckFile({
    path: join(t.dir, CLINIC_ACK_FILE_NAME),
    key: t.keys['clinic-ack'],
    deskId: 'desk-1',
  });
  const pusher = new EvidencePusher({ store: t.store, ackFile, clock: t.clock, batchSize: 100 });
  let head: Ack = null;
  return {
    ...t,
    ackFile,
    pusher,
    add(n) {
      for (let i = 0; i < n; i += 1)
        t.record({ operatorId: randomUUID(), deskId: 'desk-1', event: 'operator_login' });
    },
    push(answer) {
      return pusher.push({
        pushAudit: async (batch) => {
          const last = batch.rows.at(-1);
          head = answer ? answer(batch) : last ? { seq: last.seq, hash: last.hash } : head;
          return head;
        },
      });
    },
  };
}

function rawExec(t: TestStore, sql: string): void {
  t.db.exec(sql);
}

describe('checkAgainstAck', () => {
  it('nothing acknowledged yet: ok; after a push: ok, and the head is the one acknowledged', async () => {
    const t = world();
    t.add(3);
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true, ack: null, warning: null });
    await t.push();
    const verdict = checkAgainstAck(t.store, t.ackFile);
    expect(verdict).toMatchObject({ ok: true, ack: { seq: 3 }, warning: null });
    expect(verdict.line).toMatch(/^clinic acknowledgement: ok/);
  });

  it('a database restored from an older copy: behind the file’s acknowledgement', async () => {
    const t = world();
    t.add(3);
    await t.push();
    const older = join(t.dir, 'older.db');
    await t.store.backupTo(older);
    t.add(2);
    await t.push();
    t.store.close();
    open.pop();
    copyFileSync(older, t.dbPath);
    const restored = openTestStore(t.dir);
    open.push(restored);
    const verdict = checkAgainstAck(restored.store, t.ackFile);
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'behind',
      source: 'file',
      ack: { seq: 5 },
      localSeq: 3,
    });
    expect(verdict.line).toMatch(/FAIL .*restored from an older backup/);
  });

  it('the tail cut, a row deleted in the middle, the acknowledged row rewritten: each caught', async () => {
    const t = world();
    t.add(6);
    await t.push();
    rawExec(t, 'DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update');
    rawExec(t, `UPDATE audit_log SET hash = X'${randomBytes(32).toString('hex')}' WHERE seq = 6`);
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({
      ok: false,
      problem: 'forked',
      source: 'file',
    });
    rawExec(t, 'DELETE FROM audit_log WHERE seq = 6');
    t.add(1); // seq 6 again, another row: a rewritten tail
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: false, problem: 'forked' });
    rawExec(t, 'DELETE FROM audit_log WHERE seq >= 4');
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: false, problem: 'behind', localSeq: 3 });
    t.add(4);
    rawExec(t, 'DELETE FROM audit_log WHERE seq = 6');
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: false, problem: 'missing' });
  });

  it('the file gone or foreign: the database’s own acknowledgement still checks, with a warning', async () => {
    const t = world();
    t.add(4);
    await t.push();
    writeFileSync(t.ackFile.path, randomBytes(80));
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({ ok: true, warning: 'file-unreadable' });
    rawExec(t, 'DROP TRIGGER audit_log_no_delete');
    rawExec(t, 'DELETE FROM audit_log WHERE seq >= 3');
    expect(checkAgainstAck(t.store, t.ackFile)).toMatchObject({
      ok: false,
      problem: 'behind',
      source: 'database',
    });
    const other = world();
    other.add(1);
    expect(checkAgainstAck(other.store, other.ackFile).ok).toBe(true);
    // A file sealed for another desk (same key file copied, another desk id) does not open.
    const foreign = new ClinicAckFile({
      path: other.ackFile.path,
      key: other.keys['clinic-ack'],
      deskId: 'desk-2',
    });
    foreign.write({ seq: 9, hash: 'ab'.repeat(32), acknowledgedAt: '2026-12-02T08:00:00.000Z' });
    expect(other.ackFile.read()).toEqual({ status: 'unreadable' });
  });

  it('a retention purge behind the acknowledgement is legitimate; it never purges unacknowledged rows', async () => {
    const t = world();
    t.add(3);
    await t.push();
    t.add(2);
    t.clock.advance(10 * 24 * 3600 * 1000);
    const purge = purgeExpired(
      { store: t.store, audit: t.audit, chainKey: t.keys['audit-chain'], clock: t.clock, deskId: 'desk-1' },
      { retentionDays: 1 },
    );
    // Rows 4 and 5 are as old as the rest but not acknowledged: they stay.
    expect(purge.anchorSeq).toBe(3);
    expect(placeOfHead(t.store.rows.audit, { seq: 3, hash: t.store.rows.evidence.ack()?.hash ?? '' })).toBe(
      'present',
    );
    await t.push();
    t.clock.advance(10 * 24 * 3600 * 1000);
    expect(
      purgeExpired(
        { store: t.store, audit: t.audit, chainKey: t.keys['audit-chain'], clock: t.clock, deskId: 'desk-1' },
        { retentionDays: 1 },
      ).anchorSeq,
    ).toBe(6);
    const verdict = checkAgainstAck(t.store, t.ackFile);
    expect(verdict).toMatchObject({ ok: true, ack: { seq: 6 } });
    // An older acknowledgement (from an older file) now lies before the anchor: purged, not missing.
    expect(placeOfHead(t.store.rows.audit, { seq: 2, hash: '00'.repeat(32) })).toBe('purged');
  });
});

describe('checkAgainstClinic and the answers the pusher refuses', () => {
  const heads = (head: { seq: number; hash: string } | null) => ({
    self: 'desk-1',
    desks: [
      { desk: 'desk-1', lastContactAt: null, revoked: false, head, acknowledgedAt: null, unsent: null },
    ],
  });

  it('the clinic’s head: held, ahead of the chain (the whole folder restored), unknown to a desk that has an ack', async () => {
    const t = world();
    t.add(3);
    expect(checkAgainstClinic(t.store, heads(null), t.ackFile)).toMatchObject({ ok: true });
    await t.push();
    const head = t.store.rows.audit.head();
    expect(checkAgainstClinic(t.store, heads(head), t.ackFile)).toMatchObject({ ok: true });
    expect(checkAgainstClinic(t.store, heads({ seq: 7, hash: 'ab'.repeat(32) }))).toMatchObject({
      ok: false,
      problem: 'behind',
      source: 'clinic',
      localSeq: 3,
    });
    expect(checkAgainstClinic(t.store, heads(null), t.ackFile)).toMatchObject({
      ok: false,
      problem: 'clinic-lost',
    });
  });

  it('an acknowledgement the chain does not hold, or one going back, is refused and nothing is kept', async () => {
    const t = world();
    t.add(3);
    await t.push();
    t.add(1);
    const beyond = await typedRejection(t.push(() => ({ seq: 9, hash: 'ab'.repeat(32) })));
    expect(beyond).toBe('CLINIC_ACK_MISMATCH');
    const back = await typedRejection(
      t.push(() => ({ seq: 2, hash: t.store.rows.audit.hashAt(2)?.toString('hex') ?? '' })),
    );
    expect(back).toBe('CLINIC_ACK_MISMATCH');
    expect(await typedRejection(t.push(() => null))).toBe('CLINIC_ACK_MISMATCH');
    expect(t.store.rows.evidence.ack()?.seq).toBe(3);
    expect(t.ackFile.read()).toMatchObject({ status: 'ok', ack: { seq: 3 } });
    expect(t.pusher.backlog().rows).toBe(1);
  });
});
