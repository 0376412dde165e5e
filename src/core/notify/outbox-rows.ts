/** notification_outbox: one row per identified visit, claimed and settled by the dispatcher. */
import type { Tx } from '../store/tx.ts';
import { Rows } from '../store/rows.ts';

export interface OutboxRow {
  id: string;
  visitId: string;
  patientId: string;
  to: string;
  text: string;
}

export interface ClaimedRow {
  id: string;
  to_phone: string;
  text: string;
  attempts: number;
}

/** Only a row still in flight: another dispatcher's final state stands. */
const LIVE = "id = ? AND state IN ('pending', 'sending')";

export class OutboxRows extends Rows {
  idOfVisit(tx: Tx, visitId: string): string | null {
    this.guard(tx);
    return (
      (this.statement('SELECT id FROM notification_outbox WHERE visit_id = ?').pluck().get(visitId) as
        string | undefined) ?? null
    );
  }

  insert(tx: Tx, row: OutboxRow, at: string): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO notification_outbox (id, visit_id, patient_id, to_phone, text, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.id, row.visitId, row.patientId, row.to, row.text, at, at);
  }

  /** The next due row (or one whose lease ran out), marked 'sending' until `leaseUntil`. */
  claim(tx: Tx, at: string, leaseUntil: string): ClaimedRow | null {
    this.guard(tx);
    const row = this.statement(
      `SELECT id, to_phone, text, attempts FROM notification_outbox
          WHERE (state = 'pending' AND next_attempt_at <= ?)
             OR (state = 'sending' AND lease_until <= ?)
          ORDER BY next_attempt_at, id LIMIT 1`,
    ).get(at, at) as ClaimedRow | undefined;
    if (row === undefined) return null;
    this.statement("UPDATE notification_outbox SET state = 'sending', lease_until = ? WHERE id = ?").run(
      leaseUntil,
      row.id,
    );
    return row;
  }

  /** Final: delivered, the phone erased. */
  delivered(tx: Tx, id: string, at: string, gatewayId: string): void {
    this.guard(tx);
    this.statement(
      `UPDATE notification_outbox SET state = 'delivered', delivered_at = ?, gateway_id = ?,
           attempts = attempts + 1, to_phone = NULL, lease_until = NULL WHERE ${LIVE}`,
    ).run(at, gatewayId, id);
  }

  /** Final: the gateway refused it, the phone erased. */
  failed(tx: Tx, id: string, reason: string): void {
    this.guard(tx);
    this.statement(
      `UPDATE notification_outbox SET state = 'failed', failure_reason = ?,
           attempts = attempts + 1, to_phone = NULL, lease_until = NULL WHERE ${LIVE}`,
    ).run(reason, id);
  }

  /** Back to pending, tried again at `nextAt`. */
  retryLater(tx: Tx, id: string, attempts: number, nextAt: string, reason: string): void {
    this.guard(tx);
    this.statement(
      `UPDATE notification_outbox SET state = 'pending', attempts = ?, next_attempt_at = ?,
           failure_reason = ?, lease_until = NULL WHERE ${LIVE}`,
    ).run(attempts, nextAt, reason, id);
  }
}
