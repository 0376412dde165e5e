/**
 * The retention job: audit rows and consent records older than the configured period are purged,
 * and the purge itself is audited (operator 'system'), all in one IMMEDIATE transaction, so a
 * crash, a full disk or a competing writer leaves either the whole purge or none of it.
 *
 * Audit rows: only a prefix of the chain can go (the rows before the first one at or after the
 * cut-off), so the remaining rows still chain to the anchor: the seq and hash of the last purged
 * row, kept in audit_anchor and named in the purge row. A row older than the cut-off that follows
 * a newer one (a desk clock that was wrong) waits until the rows before it are old enough. The
 * chain is verified first: a broken chain is not purged, since that could destroy the evidence.
 *
 * Consent records: a record is as old as its last change (its withdrawal, else its decision). It is
 * kept, however old, while its patient still has a face template: the consent is the reason the
 * template may exist, and must be there to show for as long as the template is. Once the template
 * is deleted (consent withdrawn) or was never made, an expired record goes.
 */
import type Database from 'better-sqlite3';
import { AuditError } from '../../shared/audit-errors.ts';
import type { Clock } from '../clock.ts';
import type { ClockVerdict } from '../time/desk-clock.ts';
import { runInTransaction } from '../store/transaction.ts';
import { readAnchor } from './anchor.ts';
import type { AuditLog, AuditRow } from './audit-log.ts';
import type { PurgeDetail } from './events.ts';
import { verifyChain } from './verify.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  /** How long audit rows and consent records are kept, in whole days (at least 1). */
  retentionDays: number;
}

export interface RetentionDeps {
  db: Database.Database;
  audit: AuditLog;
  /** The 'audit-chain' subkey, to verify the chain before anything is removed. */
  chainKey: Buffer;
  clock: Clock;
  /**
   * Whether the desk believes its clock (time/desk-clock.ts). A clock set back or far forward
   * would purge by a wrong cut-off, so nothing is purged until it is trusted again.
   */
  clockVerdict?: () => ClockVerdict;
}

export interface PurgeResult extends PurgeDetail {
  /** The purge's own audit row. */
  row: AuditRow;
}

/** The job's identity in the audit: the scheduler, not a person. */
export const RETENTION_ACTOR = { operatorId: 'system', deskId: 'system' } as const;

export function purgeExpired(deps: RetentionDeps, policy: RetentionPolicy): PurgeResult {
  const { db, audit, chainKey, clock } = deps;
  const days = policy.retentionDays;
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new AuditError(
      'INVALID_RETENTION',
      'The retention period must be a whole number of days, at least 1.',
    );
  }
  return runInTransaction(db, () => {
    const verdict = verifyChain(db, chainKey);
    if (!verdict.ok) {
      throw new AuditError(
        'AUDIT_CHAIN_BROKEN',
        `Nothing was purged: the audit chain is broken at row ${verdict.firstBadSeq} (${verdict.problem}).`,
      );
    }
    // After the chain: a broken chain is the graver news and must be the one reported.
    const clockVerdict = deps.clockVerdict?.() ?? { trusted: true };
    if (!clockVerdict.trusted) {
      throw new AuditError(
        'CLOCK_UNTRUSTED',
        `Nothing was purged: the wall clock is ${clockVerdict.kind === 'behind' ? 'behind' : 'ahead of'} the desk's last known time by ${Math.round(clockVerdict.byMs / 60_000)} minutes; an admin must confirm the clock.`,
      );
    }
    const cutoff = new Date(clock.now().getTime() - days * DAY_MS).toISOString();
    const auditRows = purgeAuditPrefix(db, cutoff);
    const consents = db
      .prepare(
        `DELETE FROM consent
         WHERE coalesce(withdrawn_at, at) < ?
           AND NOT EXISTS (SELECT 1 FROM face_template t WHERE t.patient_id = consent.patient_id)`,
      )
      .run(cutoff).changes;
    // A refusal's volunteered reason is personal data kept no longer than the audit row about it.
    db.prepare(
      'UPDATE visit_session SET refusal_reason = NULL WHERE refusal_reason IS NOT NULL AND started_at < ?',
    ).run(cutoff);
    const anchor = readAnchor(db);
    const detail: PurgeDetail = {
      cutoff,
      auditRows,
      consents,
      anchorSeq: anchor.seq,
      anchorHash: anchor.hash.toString('hex'),
    };
    const row = audit.append({ ...RETENTION_ACTOR, event: 'audit_purged', detail });
    return { ...detail, row };
  });
}

/** Deletes the rows before the first one at or after `cutoff` and moves the anchor; returns the count. */
function purgeAuditPrefix(db: Database.Database, cutoff: string): number {
  const firstKept = db.prepare('SELECT min(seq) FROM audit_log WHERE at >= ?').pluck().get(cutoff) as
    number | null;
  const lastPurged =
    firstKept === null
      ? (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null)
      : firstKept - 1;
  if (lastPurged === null || lastPurged <= readAnchor(db).seq) return 0;
  const hash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(lastPurged) as Buffer;
  // Order matters to the triggers: the anchor must stand on an existing row, and the delete
  // trigger lets rows go only up to a marker that coincides with the anchor.
  db.prepare(
    `INSERT INTO audit_anchor (id, seq, hash) VALUES (1, @seq, @hash)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
  ).run({ seq: lastPurged, hash });
  db.prepare('INSERT INTO audit_purge_marker (id, up_to_seq) VALUES (1, ?)').run(lastPurged);
  const deleted = db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(lastPurged).changes;
  db.prepare('DELETE FROM audit_purge_marker').run();
  return deleted;
}
