/**
 * Walks the audit chain from its anchor (the genesis, or the last row a retention purge removed)
 * and reports the first sequence number that does not verify. What each tampering looks like:
 *  - a changed byte in a row: that row's hash no longer matches ('altered');
 *  - rows swapped or renumbered: the sequence number is hashed, so the first moved row fails ('altered');
 *  - a deleted row: a gap in the numbers ('missing'), and the next row's hash would fail too;
 *  - deleted rows at the end: only visible against a head kept elsewhere ('truncated');
 *  - rows deleted from the start with the anchor moved by hand: no purge row in the chain records
 *    that anchor ('unrecorded_anchor'). A genuine purge writes its row, naming the anchor, in the
 *    same transaction as the deletion.
 */
import type { ChainProblem } from '../../shared/audit-chain.ts';
import type { AuditRows, ChainHead } from './audit-rows.ts';
import { chainHash } from './hash-chain.ts';

export type ChainVerdict =
  | { ok: true; rows: number; head: ChainHead | null }
  | { ok: false; firstBadSeq: number; problem: ChainProblem; message: string; rows: number };

export interface VerifyOptions {
  /**
   * A head recorded earlier (from an export): it must still be part of the chain. A head at or
   * before the anchor was purged under retention; only one exactly at the anchor can be compared.
   */
  expectHead?: ChainHead;
}

export function verifyChain(audit: AuditRows, chainKey: Buffer, options: VerifyOptions = {}): ChainVerdict {
  const anchor = audit.anchor();
  const anchorHex = anchor.hash.toString('hex');
  let previous = anchor.hash;
  let expected = anchor.seq + 1;
  let rows = 0;
  let headSeen = false;
  let anchorRecorded = anchor.seq === 0;
  const expectHead = options.expectHead;
  if (expectHead && expectHead.seq <= anchor.seq) {
    if (expectHead.seq === anchor.seq && anchorHex !== expectHead.hash.toLowerCase()) {
      return {
        ok: false,
        firstBadSeq: anchor.seq,
        problem: 'altered',
        message: `The audit anchor at row ${anchor.seq} is not the row whose hash was recorded.`,
        rows,
      };
    }
    headSeen = true;
  }
  for (const row of audit.rows(expected)) {
    if (row.seq !== expected) {
      return {
        ok: false,
        firstBadSeq: expected,
        problem: 'missing',
        message: `Audit rows ${expected}–${row.seq - 1} are missing.`,
        rows,
      };
    }
    if (!chainHash(chainKey, previous, row).equals(row.hash)) {
      return {
        ok: false,
        firstBadSeq: row.seq,
        problem: 'altered',
        message: `Audit row ${row.seq} does not match its hash: it was altered, moved or forged.`,
        rows,
      };
    }
    if (expectHead?.seq === row.seq) {
      if (row.hash.toString('hex') !== expectHead.hash.toLowerCase()) {
        return {
          ok: false,
          firstBadSeq: row.seq,
          problem: 'altered',
          message: `Audit row ${row.seq} is not the row whose hash was recorded: the log was rewritten from there.`,
          rows,
        };
      }
      headSeen = true;
    }
    const purge = row.event === 'audit_purged' && row.detail && 'anchorSeq' in row.detail ? row.detail : null;
    if (purge?.anchorSeq === anchor.seq && purge.anchorHash === anchorHex) {
      anchorRecorded = true;
    }
    previous = row.hash;
    expected += 1;
    rows += 1;
  }
  if (!anchorRecorded) {
    return {
      ok: false,
      firstBadSeq: anchor.seq + 1,
      problem: 'unrecorded_anchor',
      message: `The chain starts after row ${anchor.seq}, but no purge row records that anchor: rows were removed from the start.`,
      rows,
    };
  }
  if (expectHead && !headSeen) {
    return {
      ok: false,
      firstBadSeq: expected,
      problem: 'truncated',
      message: `The log ends at row ${expected - 1}, before the recorded head ${expectHead.seq}: rows were removed from the end, or the database was restored from an older copy.`,
      rows,
    };
  }
  const head = expected - 1 === 0 ? null : { seq: expected - 1, hash: previous.toString('hex') };
  return { ok: true, rows, head };
}

/**
 * Whether `chainKey` is the key this database's audit trail was written with: the newest row's
 * hash must verify against the one before it (or the anchor). One HMAC, so it can run at every
 * start, before anything is written with what may be another desk's key. A chain whose newest two
 * rows are not adjacent cannot tell; that is verifyChain's finding ('missing'), not a wrong key.
 */
export function chainKeyFits(rows: AuditRows, chainKey: Buffer): boolean {
  const anchor = rows.anchor();
  const newest = rows.newestSeq();
  if (newest === null) return true;
  const [last, before] = [...rows.rows(newest - 1)].reverse();
  if (last === undefined) return true;
  const previous =
    before?.seq === last.seq - 1 ? before.hash : last.seq === anchor.seq + 1 ? anchor.hash : null;
  return previous === null || chainHash(chainKey, previous, last).equals(last.hash);
}
