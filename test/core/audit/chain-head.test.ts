/**
 * The chain head kept outside the database, on a real SQLite file and real sealed files: written
 * after each commit that added audit rows (never for a rolled-back one), and compared at start with
 * what the database holds — an older copy put back, the newest rows or all rows deleted, a head
 * file replaced or deleted each fail; a first start without a head file does not.
 */
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ChainHeadFile,
  chainHeadPathFor,
  restorePendingPath,
  setHeadAsideForRestore,
} from '../../../src/core/audit/chain-head-file.ts';
import { ChainHeadKeeper } from '../../../src/core/audit/chain-head-keeper.ts';
import { compareWithHead, verifyWithHead } from '../../../src/core/audit/head-check.ts';
import { recordRestore } from '../../../src/core/audit/restore-record.ts';
import { deriveSubkey } from '../../../src/core/crypto/subkeys.ts';
import { auditOf, openTestStore, type TestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('chain-head');
const deskId = 'desk-1';

function desk(): { t: TestStore; file: ChainHeadFile; keeper: ChainHeadKeeper } {
  const t = openTestStore(tempDir());
  const file = new ChainHeadFile(chainHeadPathFor(t.dbPath), t.keys['chain-head']);
  const keeper = new ChainHeadKeeper({ store: t.store, file, known: null });
  return { t, file, keeper };
}

const consent = (t: TestStore) =>
  t.record({ operatorId: randomUUID(), deskId, patientId: randomUUID(), event: 'consent_given' });

/** A raw connection around the append-only triggers, as someone with the file would. */
function tamper(dbPath: string, sql: string): void {
  const db = new Database(dbPath);
  for (const name of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .pluck()
    .all() as string[]) {
    db.exec(`DROP TRIGGER "${name}"`);
  }
  db.exec(sql);
  db.close();
}

function reopen(t: TestStore): TestStore {
  t.store.close();
  return openTestStore(t.dir);
}

describe('the chain head kept beside the database', () => {
  it('follows each committed append, and not a rolled-back one', () => {
    const { t, file } = desk();
    expect(file.read()).toEqual({ status: 'absent' });
    const first = consent(t);
    expect(file.read()).toEqual({ status: 'ok', value: { seq: 1, hash: first.hash.toString('hex') } });
    expect(() =>
      t.store.write((tx) => {
        t.audit.append(tx, { operatorId: 'system', deskId, event: 'kiosk_quit' });
        throw new Error('the decision failed');
      }),
    ).toThrow('the decision failed');
    expect(file.read()).toMatchObject({ status: 'ok', value: { seq: 1 } });
    // Nested writes: the file moves once the outermost transaction has committed.
    t.store.write((tx) => {
      t.audit.append(tx, { operatorId: 'system', deskId, event: 'kiosk_quit' });
      t.store.write((inner) => t.audit.append(inner, { operatorId: 'system', deskId, event: 'kiosk_quit' }));
      expect(file.read()).toMatchObject({ value: { seq: 1 } });
    });
    expect(file.read()).toMatchObject({ value: { seq: 3 } });
    expect(compareWithHead(t.store.rows.audit, file)).toMatchObject({ ok: true, head: { seq: 3 } });
    expect(verifyWithHead(t.store.rows, t.keys['audit-chain'], file)).toMatchObject({
      ok: true,
      rows: 3,
    });
  });

  it('a head file that cannot be written is reported, the commit stands, and the next commit retries', () => {
    const t = openTestStore(tempDir());
    const gone = join(tempDir(), 'gone');
    const file = new ChainHeadFile(join(gone, 'chain-head.sealed'), t.keys['chain-head']);
    const errors: unknown[] = [];
    new ChainHeadKeeper({ store: t.store, file, known: null, onError: (e) => errors.push(e) });
    consent(t);
    expect(errors).toHaveLength(1);
    expect(t.store.rows.audit.newestSeq()).toBe(1);
    mkdirSync(gone);
    consent(t);
    expect(file.read()).toMatchObject({ status: 'ok', value: { seq: 2 } });
    expect(errors).toHaveLength(1);
    t.store.close();
  });

  it('an older copy of the database put back is behind its head', () => {
    const { t, file } = desk();
    for (let i = 0; i < 3; i += 1) consent(t);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const older = join(tempDir(), 'older.sqlite');
    copyFileSync(t.dbPath, older);
    for (let i = 0; i < 2; i += 1) consent(t);
    t.store.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${t.dbPath}${suffix}`, { force: true });
    copyFileSync(older, t.dbPath);
    const back = openTestStore(t.dir);
    expect(compareWithHead(back.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'truncated',
      firstBadSeq: 4,
      message: expect.stringContaining('ends at row 3, but its sealed head is row 5'),
    });
    expect(verifyWithHead(back.store.rows, back.keys['audit-chain'], file)).toMatchObject({
      ok: false,
      problem: 'truncated',
    });
    // The older copy written on (the chain continued past the head from another past) is rewritten.
    for (let i = 0; i < 3; i += 1) back.record({ operatorId: 'system', deskId, event: 'kiosk_quit' });
    expect(compareWithHead(back.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'altered',
      firstBadSeq: 5,
    });
    back.store.close();
  });

  it('the newest rows, or all rows, deleted around the triggers', () => {
    const { t, file } = desk();
    for (let i = 0; i < 4; i += 1) consent(t);
    t.store.close();
    tamper(t.dbPath, 'DELETE FROM audit_log WHERE seq > 2');
    let back = openTestStore(t.dir);
    // The chain alone still verifies: only the head outside shows the cut.
    expect(verifyWithHead(back.store.rows, back.keys['audit-chain'], file)).toMatchObject({
      ok: false,
      problem: 'truncated',
      firstBadSeq: 3,
    });
    back.store.close();
    tamper(t.dbPath, 'DELETE FROM audit_log');
    back = openTestStore(t.dir);
    expect(compareWithHead(back.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'truncated',
      message: expect.stringContaining('ends at row 0'),
    });
    back.store.close();
  });

  it('a head file that does not open, or that was deleted once the chain says it was kept, fails', () => {
    const { t, file } = desk();
    t.record({ operatorId: 'system', deskId, event: 'chain_head_started' });
    consent(t);
    const sealed = readFileSync(file.path);
    writeFileSync(file.path, randomBytes(sealed.length));
    expect(compareWithHead(t.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'head_unreadable',
    });
    // Sealed with another desk's key: just as unreadable.
    const other = new ChainHeadFile(file.path, deriveSubkey(randomBytes(32), 'chain-head'));
    other.write({ seq: 2, hash: '0'.repeat(64) });
    expect(compareWithHead(t.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'head_unreadable',
    });
    rmSync(file.path);
    expect(compareWithHead(t.store.rows.audit, file)).toMatchObject({ ok: false, problem: 'head_missing' });
    expect(verifyWithHead(t.store.rows, t.keys['audit-chain'], file)).toMatchObject({
      ok: false,
      problem: 'head_missing',
    });
    t.store.close();
  });

  it('a desk from before the head file (no file, no chain_head_started row) is a first start, not a failure', () => {
    const t = openTestStore(tempDir());
    for (let i = 0; i < 3; i += 1) consent(t);
    const file = new ChainHeadFile(chainHeadPathFor(t.dbPath), t.keys['chain-head']);
    expect(compareWithHead(t.store.rows.audit, file)).toEqual({ ok: true, head: null });
    t.store.close();
  });

  it('a restore sets the head aside; recording it writes database_restored and a new head', () => {
    const { t, file } = desk();
    for (let i = 0; i < 5; i += 1) consent(t);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const older = join(tempDir(), 'older.sqlite');
    copyFileSync(t.dbPath, older);
    for (let i = 0; i < 2; i += 1) consent(t);
    t.store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${t.dbPath}${suffix}`, { force: true });
    copyFileSync(older, t.dbPath);
    setHeadAsideForRestore(file.path);
    expect(existsSync(restorePendingPath(file.path))).toBe(true);
    let back = openTestStore(t.dir);
    expect(compareWithHead(back.store.rows.audit, file)).toEqual({
      ok: true,
      head: null,
      restorePending: true,
    });
    expect(recordRestore({ store: back.store, audit: back.audit, file, deskId })).toEqual({
      restoredSeq: 5,
      previousSeq: 7,
    });
    expect(existsSync(restorePendingPath(file.path))).toBe(false);
    expect(file.read()).toMatchObject({ status: 'ok', value: { seq: 6 } });
    const row = [...auditOf(back.db).rows(6)][0];
    expect(row).toMatchObject({ event: 'database_restored', detail: { restoredSeq: 5, previousSeq: 7 } });
    back = reopen(back);
    expect(verifyWithHead(back.store.rows, back.keys['audit-chain'], file)).toMatchObject({
      ok: true,
      rows: 6,
    });
    // From now on a deleted head file is a deletion (the chain records the restore).
    rmSync(file.path);
    expect(compareWithHead(back.store.rows.audit, file)).toMatchObject({
      ok: false,
      problem: 'head_missing',
    });
    back.store.close();
  });
});
