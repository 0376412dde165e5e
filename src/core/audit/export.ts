/**
 * Export for the clinic's information system: one JSON object per line, with each row's hash and
 * the hash before it so the receiver can check continuity between exports. The whole chain is
 * verified first; a broken chain is not exported as if it were sound.
 */
import type { DeskStore } from '../store/desk-store.ts';
import type { AuditRow, ChainHead } from './audit-rows.ts';
import type { AuditDetail } from './events.ts';
import { verifyChain, type ChainVerdict } from './verify.ts';

export interface ExportedAuditRow {
  seq: number;
  at: string;
  operatorId: string;
  deskId: string;
  patientId: string | null;
  visitId: string | null;
  event: string;
  method: string | null;
  distance: number | null;
  threshold: number | null;
  modelVersion: string | null;
  /** Only on a retention purge's row and on the liveness events. */
  detail?: AuditDetail;
  prevHash: string;
  hash: string;
}

export type ExportResult =
  | { ok: true; exported: number; head: ChainHead | null }
  | { ok: false; verdict: Extract<ChainVerdict, { ok: false }> };

function exported(row: AuditRow, prevHash: Buffer): ExportedAuditRow {
  const { hash, detail, ...rest } = row;
  return {
    ...rest,
    ...(detail ? { detail } : {}),
    prevHash: prevHash.toString('hex'),
    hash: hash.toString('hex'),
  };
}

/** Writes every row at or after `since` through `writeLine`, after verifying the chain. */
export function exportAudit(
  store: DeskStore,
  chainKey: Buffer,
  since: Date,
  writeLine: (line: string) => void,
): ExportResult {
  // One read transaction: what is exported is the snapshot that was verified, even if a desk
  // appends (or someone tampers) in between.
  const rows = store.rows.audit;
  return store.snapshot((): ExportResult => {
    const verdict = verifyChain(rows, chainKey);
    if (!verdict.ok) return { ok: false, verdict };
    const from = since.toISOString();
    let previous = rows.anchor().hash;
    let count = 0;
    for (const row of rows.rows()) {
      if (row.at >= from) {
        writeLine(JSON.stringify(exported(row, previous)));
        count += 1;
      }
      previous = row.hash;
    }
    return { ok: true, exported: count, head: verdict.head };
  });
}
