/**
 * The desk's memory of what went up to the clinic (migration 012): the last acknowledgement, and
 * the queue of decisions and ended visits not yet acknowledged, which triggers fill. SQL only;
 * what to send and when is the EvidencePusher's.
 */
import type { ClinicDecision, ClinicVisit } from '../clinic/protocol.ts';
import { Rows } from '../store/rows.ts';
import { withStoreErrors } from '../store/transaction.ts';
import type { Tx } from '../store/tx.ts';

/** The clinic's acknowledgement of this desk's chain head, as stored. */
export interface StoredAck {
  seq: number;
  /** 64 lowercase hex digits, as the clinic answers it. */
  hash: string;
  acknowledgedAt: string;
}

/** A queued item with its queue position `n`, which the push deletes once acknowledged. */
export type Queued<T> = T & { n: number };

export class EvidenceRows extends Rows {
  /** The last acknowledgement; null while the clinic has acknowledged nothing of this desk. */
  ack(): StoredAck | null {
    return withStoreErrors(() => {
      // A database opened read-only before migration 012 (the self-check) has no table yet.
      const table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clinic_ack'";
      if (this.statement(table).get() === undefined) return null;
      const row = this.statement(
        'SELECT seq, hash, acknowledged_at AS acknowledgedAt FROM clinic_ack WHERE id = 1',
      ).get() as { seq: number; hash: Buffer; acknowledgedAt: string } | undefined;
      return row ? { ...row, hash: row.hash.toString('hex') } : null;
    });
  }

  /** Refused by trigger when the head is not a row of the chain or is behind the stored one. */
  saveAck(tx: Tx, ack: { seq: number; hash: string }, at: string): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO clinic_ack (id, seq, hash, acknowledged_at) VALUES (1, @seq, @hash, @at)
         ON CONFLICT (id) DO UPDATE
           SET seq = excluded.seq, hash = excluded.hash, acknowledged_at = excluded.acknowledged_at`,
    ).run({ seq: ack.seq, hash: Buffer.from(ack.hash, 'hex'), at });
  }

  /** The oldest queued decisions, as the clinic takes them (its desk id is the caller's). */
  unsentDecisions(limit: number): Queued<ClinicDecision>[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT u.n, d.id, d.visit_id AS visitId, d.patient_id AS patientId, d.operator_id AS operatorId,
                    d.decided_at AS decidedAt, d.outcome, d.method, d.distance, d.threshold,
                    d.model_version AS modelVersion
             FROM clinic_unsent u JOIN decision d ON d.id = u.id
             WHERE u.kind = 'decision' ORDER BY u.n LIMIT ?`,
        ).all(limit) as Queued<ClinicDecision>[],
    );
  }

  /** The oldest queued ended visits (the refusal reason, free text, never leaves the desk). */
  unsentVisits(limit: number): Queued<ClinicVisit>[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT u.n, v.id, v.patient_id AS patientId, v.operator_id AS operatorId,
                    v.visit_type AS visitType, v.started_at AS startedAt, v.ended_at AS endedAt,
                    v.end_state AS endState, v.method
             FROM clinic_unsent u JOIN visit v ON v.id = u.id
             WHERE u.kind = 'visit' AND v.ended_at IS NOT NULL ORDER BY u.n LIMIT ?`,
        ).all(limit) as Queued<ClinicVisit>[],
    );
  }

  /** How many decisions and visits wait for the clinic (the desk's sync state, the offline budget). */
  unsentCounts(): { decisions: number; visits: number } {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT total(kind = 'decision') AS decisions, total(kind = 'visit') AS visits FROM clinic_unsent`,
        ).get() as { decisions: number; visits: number },
    );
  }

  /** Removes acknowledged items from the queue (by their positions). */
  markSent(tx: Tx, positions: readonly number[]): void {
    this.guard(tx);
    if (positions.length === 0) return;
    this.statement('DELETE FROM clinic_unsent WHERE n IN (SELECT value FROM json_each(?))').run(
      JSON.stringify(positions),
    );
  }
}
