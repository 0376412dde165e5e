/**
 * The audit chain against the head kept outside the database (chain-head-file.ts). Two depths:
 *  - compareWithHead: one lookup, run at every start: the row at the sealed head's seq must still
 *    be there with that hash. A database behind it (restored from an older copy, newest rows or all
 *    rows deleted) or rewritten from there fails at once, whatever the rest of the chain says.
 *  - verifyWithHead: the whole chain (verify.ts) with the sealed head as its expected head, and the
 *    decision and visit rows it binds, for the self-check and `npm run audit -- verify`.
 * A head file that does not open is a failure, not something to replace: only the desk's key makes
 * one. A missing file is a first start (an upgrade, or a new desk) until the chain records that the
 * desk kept one (a 'chain_head_started' or 'database_restored' row); after that, it was deleted;
 * unless `npm run backup -- restore` set it aside, and the restore is still to be recorded.
 */
import type { AuditRows, ChainHead } from './audit-rows.ts';
import type { ChainHeadFile } from './chain-head-file.ts';
import type { Repositories } from '../store/desk-store.ts';
import { checkBoundRecords } from './records-check.ts';
import { verifyChain, type ChainVerdict } from './verify.ts';

export type HeadFinding =
  /**
   * `head`: the sealed head, or null when there is none yet (a first start: start keeping it), or
   * when a restore set it aside (`restorePending`: record the restore, restore-record.ts).
   */
  { ok: true; head: ChainHead | null; restorePending?: boolean } | Extract<ChainVerdict, { ok: false }>;

/** The sealed head, or why it cannot be used; `rows` counts nothing here (no chain walked). */
function readHead(audit: AuditRows, file: ChainHeadFile): HeadFinding {
  const read = file.read();
  if (read.status === 'ok') return { ok: true, head: read.value };
  if (read.status === 'unreadable') {
    return {
      ok: false,
      firstBadSeq: 0,
      problem: 'head_unreadable',
      message: `The sealed chain head ${file.path} does not open with this desk's key: it was replaced, damaged or copied from another desk.`,
      rows: 0,
    };
  }
  if (file.pendingRestore() !== null) return { ok: true, head: null, restorePending: true };
  if (audit.latestOf(['chain_head_started', 'database_restored']) !== null) {
    return {
      ok: false,
      firstBadSeq: 0,
      problem: 'head_missing',
      message: `The sealed chain head ${file.path} is missing, but the audit trail records that this desk kept one: it was deleted.`,
      rows: 0,
    };
  }
  return { ok: true, head: null };
}

/** Whether the database still holds the sealed head: one lookup, for every start. */
export function compareWithHead(audit: AuditRows, file: ChainHeadFile): HeadFinding {
  const found = readHead(audit, file);
  if (!found.ok || found.head === null) return found;
  const head = found.head;
  const hash = audit.hashAt(head.seq);
  const anchorSeq = audit.anchor().seq;
  if (hash === null && head.seq < anchorSeq) return found; // purged under retention since
  if (hash === null) {
    const newest = audit.newestSeq() ?? anchorSeq;
    return {
      ok: false,
      firstBadSeq: newest + 1,
      problem: 'truncated',
      message: `The audit trail ends at row ${newest}, but its sealed head is row ${head.seq}: the newest rows were deleted, or the database was restored from an older copy.`,
      rows: 0,
    };
  }
  if (hash.toString('hex') !== head.hash) {
    return {
      ok: false,
      firstBadSeq: head.seq,
      problem: 'altered',
      message: `Audit row ${head.seq} is not the row its sealed head names: the trail was rewritten from there, or an older copy was restored and written on.`,
      rows: 0,
    };
  }
  return found;
}

/**
 * The whole chain, with the sealed head (when there is one) as the head it must still hold, then
 * the decision and visit rows it binds (records-check.ts).
 */
export function verifyWithHead(
  rows: Pick<Repositories, 'audit' | 'decisions' | 'visits'>,
  chainKey: Buffer,
  file: ChainHeadFile,
): ChainVerdict {
  const found = readHead(rows.audit, file);
  if (!found.ok) return found;
  const verdict = verifyChain(rows.audit, chainKey, found.head ? { expectHead: found.head } : {});
  if (!verdict.ok) return verdict;
  const records = checkBoundRecords(rows);
  return records === null ? verdict : { ...records, rows: verdict.rows };
}
