/**
 * api.pull: changes come in (xid, id) order after the desk's cursor, page by page, and a
 * transaction that began earlier but commits later is never skipped: nothing after it is handed
 * out until it has finished. A NOTIFY on tanu_changes wakes listeners when changes commit.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import type { PullCursor, PullPage, RegistryOp } from '../../src/core/clinic/protocol.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { describeClinic, useClinicDb, uuidv7, type TestDesk } from '../support/clinic-db.ts';

const clinic = useClinicDb('pull');
let writerA: TestDesk;
let writerB: TestDesk;
let reader: ClinicDeskApi;

const patientOp = (): RegistryOp & { id: string } => ({
  opId: uuidv7(),
  kind: 'patient.upsert',
  id: randomUUID(),
  iinLookup: randomBytes(32).toString('hex'),
  sealed: randomBytes(48).toString('base64'),
});

const pushSql = 'SELECT api.push_ops($1::jsonb) AS r';

/** Pulls until the server says there is no more; returns the patient ids seen and the cursor. */
async function drain(
  cursor: PullCursor | null,
  maxRows = 500,
): Promise<{ ids: string[]; cursor: PullCursor | null }> {
  const ids: string[] = [];
  let page: PullPage;
  do {
    page = await reader.pull(cursor, maxRows);
    ids.push(...page.changes.map((c) => c.payload.id as string));
    cursor = page.cursor;
  } while (page.more);
  return { ids, cursor };
}

/**
 * Pulls until `count` changes came (or 10 s passed). The bound is cluster-wide: a writing
 * transaction of another test file, in another database, holds it back for a moment too.
 */
async function drainUntil(
  cursor: PullCursor | null,
  count: number,
): Promise<{ ids: string[]; cursor: PullCursor | null }> {
  const ids: string[] = [];
  const deadline = Date.now() + 10_000;
  while (ids.length < count && Date.now() < deadline) {
    const page = await drain(cursor);
    ids.push(...page.ids);
    cursor = page.cursor;
    if (ids.length < count) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { ids, cursor };
}

beforeAll(async () => {
  writerA = await clinic.addDesk('writer-a');
  writerB = await clinic.addDesk('writer-b');
  reader = await (await clinic.addDesk('reader')).api();
});

describeClinic('pull', () => {
  let cursor: PullCursor | null = null;

  it('hands out every change once, in order, across pages', async () => {
    const ops = Array.from({ length: 7 }, patientOp);
    await (await writerA.api()).pushOps(ops);
    let first = await drain(null, 3);
    if (first.ids.length < ops.length) {
      const rest = await drainUntil(first.cursor, ops.length - first.ids.length);
      first = { ids: [...first.ids, ...rest.ids], cursor: rest.cursor };
    }
    expect(first.ids).toEqual(ops.map((op) => op.id));
    expect((await reader.pull(first.cursor)).changes).toEqual([]);
    cursor = first.cursor;
  });

  it('never skips a transaction that started first and commits last', async () => {
    const [early, late] = [patientOp(), patientOp()];
    const t1: pg.Client = await writerA.connect();
    await t1.query('BEGIN');
    await t1.query(pushSql, [JSON.stringify([early])]);
    // T2 starts after T1 and commits while T1 is still open.
    await (await writerB.api()).pushOps([late]);

    const during = await drain(cursor);
    // Handing out T2's change now would move the cursor past T1's, which would then be skipped.
    expect(during.ids).toEqual([]);

    await t1.query('COMMIT');
    const after = await drainUntil(during.cursor, 2);
    expect(after.ids).toEqual([early.id, late.id]);
    expect((await drain(after.cursor)).ids).toEqual([]);
    cursor = after.cursor;
  });

  it('delivers a rolled-back transaction as nothing, and what followed it', async () => {
    const [lost, kept] = [patientOp(), patientOp()];
    const t1 = await writerA.connect();
    await t1.query('BEGIN');
    await t1.query(pushSql, [JSON.stringify([lost])]);
    await (await writerB.api()).pushOps([kept]);
    await t1.query('ROLLBACK');
    expect((await drainUntil(cursor, 1)).ids).toEqual([kept.id]);
  });

  it('notifies listeners on tanu_changes when changes commit, not before', async () => {
    const listener = await writerB.connect();
    const notes: string[] = [];
    listener.on('notification', (note) => notes.push(note.channel));
    await listener.query('LISTEN tanu_changes');
    const t1 = await writerA.connect();
    await t1.query('BEGIN');
    await t1.query(pushSql, [JSON.stringify([patientOp(), patientOp()])]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notes).toEqual([]);
    await t1.query('COMMIT');
    await expect.poll(() => notes, { timeout: 5000 }).toEqual(['tanu_changes']);
  });

  it('refuses a malformed cursor', async () => {
    expect(await typedRejection(reader.pull({ xid: 'x', id: 1 } as PullCursor))).toBe('CLINIC_INVALID_BATCH');
  });
});
