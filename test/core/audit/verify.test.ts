/**
 * Tampering with a real database file behind the triggers' back (a raw connection that drops
 * them, or bytes flipped in the file) and verifyChain naming the first bad sequence number.
 */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../../src/core/audit/events.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { openDatabase } from '../../../src/core/store/database.ts';
import { auditOf, openTestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('verify');
const ROWS = 12;
let template = '';
let chainKey: Buffer;
const distances: number[] = [];

/** A log of ROWS varied rows, checkpointed into a single file that each test copies. */
beforeAll(() => {
  const store = openTestStore(newDir());
  chainKey = store.keys['audit-chain'];
  const operatorId = randomUUID();
  for (let i = 0; i < ROWS; i += 1) {
    const patientId = randomUUID();
    const entry: AuditEntryInput =
      i % 3 === 0
        ? { operatorId, deskId: 'desk-1', event: 'operator_login' }
        : i % 3 === 1
          ? {
              operatorId,
              deskId: 'desk-2',
              patientId,
              visitId: randomUUID(),
              event: 'code_verified',
              method: 'code',
            }
          : {
              operatorId,
              deskId: 'desk-3',
              patientId,
              visitId: randomUUID(),
              event: 'face_match',
              method: 'face',
              distance: 0.3 + i / 97,
              threshold: 0.6,
              modelVersion: 'face-api-1.7.15',
            };
    const row = store.record(entry);
    if (row.distance !== null) distances.push(row.distance);
    store.clock.advance(60_000);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.close();
  template = store.dbPath;
});

function copyOfLog(): string {
  const path = join(newDir(), 'copy.sqlite');
  copyFileSync(template, path);
  return path;
}

/** Runs SQL on a raw connection after dropping the append-only triggers, as an attacker with file access could. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  raw.prepare(sql).run(...params);
  raw.close();
}

function verdictOf(path: string, expectHead?: { seq: number; hash: string }) {
  const db = openDatabase(path, { readonly: true });
  try {
    return verifyChain(auditOf(db), chainKey, expectHead ? { expectHead } : {});
  } finally {
    db.close();
  }
}

/** A different value of the same type: one character changed, a number nudged, a null filled in. */
function altered(value: unknown): unknown {
  if (value === null) return 'x';
  if (typeof value === 'number') return value + 1e-9;
  if (Buffer.isBuffer(value)) {
    const copy = Buffer.from(value);
    copy[0] = (copy[0] as number) ^ 1;
    return copy;
  }
  const s = String(value);
  const i = s.length - 1;
  return `${s.slice(0, i)}${s[i] === '0' ? '1' : '0'}`;
}

const COLUMNS = [
  'at',
  'operator_id',
  'desk_id',
  'patient_id',
  'visit_id',
  'event',
  'method',
  'distance',
  'threshold',
  'model_version',
  'hash',
] as const;

describe('verifyChain', () => {
  it('accepts the untouched log', () => {
    expect(verdictOf(copyOfLog())).toMatchObject({ ok: true, rows: ROWS });
  });

  it('reports the first bad sequence number when any field of any row is changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: ROWS }), fc.constantFrom(...COLUMNS), (seq, column) => {
        const path = copyOfLog();
        const raw = new Database(path, { readonly: true });
        const before = raw.prepare(`SELECT ${column} FROM audit_log WHERE seq = ?`).pluck().get(seq);
        raw.close();
        const after = altered(before);
        // STRICT columns refuse a wrong type; a REAL column cannot hold the 'x' stand-in for null.
        const value = after === 'x' && (column === 'distance' || column === 'threshold') ? 0.5 : after;
        tamper(path, `UPDATE audit_log SET ${column} = ? WHERE seq = ?`, value, seq);
        expect(verdictOf(path)).toMatchObject({ ok: false, firstBadSeq: seq, problem: 'altered' });
      }),
      { numRuns: 60 },
    );
  });

  it('reports a deleted row by its sequence number', () => {
    for (const seq of [1, 5, ROWS - 1]) {
      const path = copyOfLog();
      tamper(path, 'DELETE FROM audit_log WHERE seq = ?', seq);
      expect(verdictOf(path)).toMatchObject({ ok: false, firstBadSeq: seq, problem: 'missing' });
    }
  });

  it('reports a row deleted from the end against a head kept elsewhere', () => {
    const path = copyOfLog();
    const head = verdictOf(path);
    if (!head.ok || head.head === null) throw new Error('expected a head');
    tamper(path, 'DELETE FROM audit_log WHERE seq = ?', ROWS);
    expect(verdictOf(path)).toMatchObject({ ok: true, rows: ROWS - 1 }); // invisible without the head…
    expect(verdictOf(path, head.head)).toMatchObject({ ok: false, firstBadSeq: ROWS, problem: 'truncated' });
  });

  it('reports a forged end: the recorded head no longer matches its row', () => {
    const path = copyOfLog();
    const head = verdictOf(path);
    if (!head.ok || head.head === null) throw new Error('expected a head');
    expect(verdictOf(path, { seq: ROWS, hash: randomBytes(32).toString('hex') })).toMatchObject({
      ok: false,
      firstBadSeq: ROWS,
    });
  });

  it('reports reordered rows at the first row out of place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: ROWS }), fc.integer({ min: 1, max: ROWS }), (a, b) => {
        fc.pre(a !== b);
        const path = copyOfLog();
        tamper(path, 'UPDATE audit_log SET seq = 1000000 WHERE seq = ?', a);
        tamper(path, 'UPDATE audit_log SET seq = ? WHERE seq = ?', a, b);
        tamper(path, 'UPDATE audit_log SET seq = ? WHERE seq = 1000000', b);
        expect(verdictOf(path)).toMatchObject({ ok: false, firstBadSeq: Math.min(a, b), problem: 'altered' });
      }),
      { numRuns: 20 },
    );
  });

  it('reports a bit flipped directly in the database file', () => {
    const path = copyOfLog();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT seq, hash, distance FROM audit_log').all() as {
      seq: number;
      hash: Buffer;
      distance: number | null;
    }[];
    db.close();
    const bytes = readFileSync(path);
    const target = rows[6] as (typeof rows)[number];
    const at = bytes.indexOf(target.hash);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(target.hash, at + 1)).toBe(-1); // the hash is stored once, so this is the row itself
    bytes[at + 5] = (bytes[at + 5] as number) ^ 0x10;
    writeFileSync(path, bytes);
    expect(verdictOf(path)).toMatchObject({ ok: false, firstBadSeq: target.seq, problem: 'altered' });

    // The same for a distance (a REAL is stored as 8 big-endian bytes).
    const withDistance = rows.find((r) => r.distance !== null && r.seq > 1) as (typeof rows)[number];
    const path2 = copyOfLog();
    const bytes2 = readFileSync(path2);
    const real = Buffer.alloc(8);
    real.writeDoubleBE(withDistance.distance as number);
    const where = bytes2.indexOf(real);
    expect(where).toBeGreaterThan(0);
    expect(bytes2.indexOf(real, where + 1)).toBe(-1);
    bytes2[where + 7] = (bytes2[where + 7] as number) ^ 0x01;
    writeFileSync(path2, bytes2);
    expect(verdictOf(path2)).toMatchObject({ ok: false, firstBadSeq: withDistance.seq, problem: 'altered' });
    expect(distances.length).toBeGreaterThan(0);
  });

  it('does not verify under another key', () => {
    const db = openDatabase(copyOfLog(), { readonly: true });
    expect(verifyChain(auditOf(db), randomBytes(32))).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect(verifyChain(auditOf(db), chainKey)).toMatchObject({ ok: true });
    db.close();
  });
});
