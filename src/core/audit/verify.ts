/**
 * Walks the audit chain from the first row and reports the first sequence number that does not
 * verify. What each tampering looks like:
 *  - a changed byte in a row: that row's hash no longer matches ('altered');
 *  - rows swapped or renumbered: the sequence number is hashed, so the first moved row fails ('altered');
 *  - a deleted row: a gap in the numbers ('missing'), and the next row's hash would fail too;
 *  - deleted rows at the end: only visible against a head kept elsewhere ('truncated').
 */
import type Database from 'better-sqlite3';
import { auditRows, type ChainHead } from './audit-log.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';

export type ChainProblem = 'altered' | 'missing' | 'truncated';

export type ChainVerdict =
  | { ok: true; rows: number; head: ChainHead | null }
  | { ok: false; firstBadSeq: number; problem: ChainProblem; message: string; rows: number };

export interface VerifyOptions {
  /** A head recorded earlier (from an export): it must still be part of the chain. */
  expectHead?: ChainHead;
}

export function verifyChain(
  db: Database.Database,
  chainKey: Buffer,
  options: VerifyOptions = {},
): ChainVerdict {
  let previous = GENESIS_HASH;
  let expected = 1;
  let rows = 0;
  let headSeen = false;
  for (const row of auditRows(db)) {
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
    if (options.expectHead?.seq === row.seq) {
      if (row.hash.toString('hex') !== options.expectHead.hash.toLowerCase()) {
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
    previous = row.hash;
    expected += 1;
    rows += 1;
  }
  if (options.expectHead && !headSeen) {
    return {
      ok: false,
      firstBadSeq: expected,
      problem: 'truncated',
      message: `The log ends at row ${expected - 1}, before the recorded head ${options.expectHead.seq}: rows were removed from the end.`,
      rows,
    };
  }
  return { ok: true, rows, head: rows === 0 ? null : { seq: expected - 1, hash: previous.toString('hex') } };
}
