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
 * Once the clinic has acknowledged part of the chain (clinic-sync), only acknowledged rows are
 * purged: the clinic's copy must stay contiguous.
 *
 * Consent records: a record is as old as its last change (its withdrawal, else its decision). It is
 * kept, however old, while its patient still has a face template: the consent is the reason the
 * template may exist, and must be there to show for as long as the template is. Once the template
 * is deleted (consent withdrawn) or was never made, an expired record goes.
 */
import { AuditError } from '../../shared/audit-errors.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { ClockVerdict } from '../time/desk-clock.ts';
import type { AuditLog } from './audit-log.ts';
import type { AuditRow } from './audit-rows.ts';
import type { PurgeDetail } from './events.ts';
import { verifyChain } from './verify.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  /** How long audit rows and consent records are kept, in whole days (at least 1). */
  retentionDays: number;
}

export interface RetentionDeps {
  store: DeskStore;
  audit: AuditLog;
  /** The 'audit-chain' subkey, to verify the chain before anything is removed. */
  chainKey: Buffer;
  clock: Clock;
  /**
   * The desk's configured id, named in the purge's audit row like in every other row of this
   * desk: the clinic takes only rows naming the desk that pushes them (docs/CLINIC-PROTOCOL.md).
   */
  deskId: string;
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

/** The job's operator in the audit: the scheduler, not a person. */
export const RETENTION_OPERATOR_ID = 'system';

export function purgeExpired(deps: RetentionDeps, policy: RetentionPolicy): PurgeResult {
  const { store, audit, chainKey, clock } = deps;
  const rows = store.rows;
  const days = policy.retentionDays;
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new AuditError(
      'INVALID_RETENTION',
      'The retention period must be a whole number of days, at least 1.',
    );
  }
  return store.write((tx) => {
    const verdict = verifyChain(rows.audit, chainKey);
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
    // Rows the clinic has not acknowledged stay until it has: purged unsent, they would leave a gap
    // the clinic refuses for good. A desk that never pushed has no acknowledgement and purges as
    // before (the clinic takes a first push that starts after a purge).
    const auditRows = rows.audit.purgePrefix(tx, cutoff, rows.evidence.ack()?.seq);
    const consents = rows.consents.purgeExpired(tx, cutoff);
    // A refusal's volunteered reason is personal data kept no longer than the audit row about it.
    rows.visits.eraseRefusalReasons(tx, cutoff);
    const anchor = rows.audit.anchor();
    const detail: PurgeDetail = {
      cutoff,
      auditRows,
      consents,
      anchorSeq: anchor.seq,
      anchorHash: anchor.hash.toString('hex'),
    };
    const row = audit.append(tx, {
      operatorId: RETENTION_OPERATOR_ID,
      deskId: deps.deskId,
      event: 'audit_purged',
      detail,
    });
    return { ...detail, row };
  });
}
