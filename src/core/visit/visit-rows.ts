/**
 * The visit table: written when the doctor starts a visit, updated as it learns its patient and
 * type, closed once with how it ended. Its id is the visitId of every audit row, decision and code
 * of the visit, so the trail of one visit reads in one query.
 */
import type { IdentificationMethod } from '../audit/events.ts';
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import type { VisitEnd, VisitType } from './types.ts';
import { Rows } from '../store/rows.ts';

export type { VisitEnd };

export interface VisitRow {
  id: string;
  patientId: string | null;
  operatorId: string;
  deskId: string;
  visitType: VisitType | null;
  startedAt: string;
  endedAt: string | null;
  endState: VisitEnd | null;
  method: IdentificationMethod | null;
}

/**
 * An ended visit's columns as stored, but for the refusal reason (free text the retention purge
 * erases, so it cannot be under a hash that must last): what its bound hash covers (record-hash.ts).
 */
export type VisitContent = Record<string, string | number | null>;

export class VisitRows extends Rows {
  /** The stored row (without the refusal reason), or null when there is none (deleted). */
  content(id: string): VisitContent | null {
    return withStoreErrors(
      () =>
        (this.statement(
          `SELECT id, patient_id, operator_id, desk_id, visit_type, started_at, ended_at, end_state, method
             FROM visit WHERE id = ?`,
        ).get(id) as VisitContent | undefined) ?? null,
    );
  }

  open(tx: Tx, id: string, operatorId: string, deskId: string, startedAt: string): void {
    this.guard(tx);
    this.statement('INSERT INTO visit (id, operator_id, desk_id, started_at) VALUES (?, ?, ?, ?)').run(
      id,
      operatorId,
      deskId,
      startedAt,
    );
  }

  setPatient(tx: Tx, id: string, patientId: string): void {
    this.guard(tx);
    this.statement('UPDATE visit SET patient_id = ? WHERE id = ? AND ended_at IS NULL').run(patientId, id);
  }

  setType(tx: Tx, id: string, visitType: VisitType): void {
    this.guard(tx);
    this.statement('UPDATE visit SET visit_type = ? WHERE id = ? AND ended_at IS NULL').run(visitType, id);
  }

  /** Closes the visit once; a second close (a timeout racing a cancel) changes nothing (false). */
  close(
    tx: Tx,
    id: string,
    end: VisitEnd,
    endedAt: string,
    extra: { method?: IdentificationMethod | null; refusalReason?: string | null } = {},
  ): boolean {
    this.guard(tx);
    return (
      this.statement(
        `UPDATE visit SET ended_at = ?, end_state = ?, method = ?, refusal_reason = ?
         WHERE id = ? AND ended_at IS NULL`,
      ).run(endedAt, end, extra.method ?? null, extra.refusalReason ?? null, id).changes > 0
    );
  }

  /** Visits never closed (the desk stopped while they ran), oldest first. */
  unclosed(tx: Tx): VisitRow[] {
    this.guard(tx);
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT id, patient_id AS patientId, operator_id AS operatorId, desk_id AS deskId,
                    visit_type AS visitType, started_at AS startedAt, ended_at AS endedAt,
                    end_state AS endState, method
             FROM visit WHERE ended_at IS NULL ORDER BY started_at, rowid`,
        ).all() as VisitRow[],
    );
  }

  /** A period's visits at a desk, newest first, for the doctor's history screen. */
  atDesk(deskId: string, from: string, to: string): VisitRow[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT id, patient_id AS patientId, operator_id AS operatorId, desk_id AS deskId,
                    visit_type AS visitType, started_at AS startedAt, ended_at AS endedAt,
                    end_state AS endState, method
             FROM visit WHERE desk_id = ? AND started_at >= ? AND started_at < ?
             ORDER BY started_at DESC`,
        ).all(deskId, from, to) as VisitRow[],
    );
  }

  /** Retention: a volunteered refusal reason is kept no longer than the audit rows about it. */
  eraseRefusalReasons(tx: Tx, startedBefore: string): void {
    this.guard(tx);
    this.statement(
      'UPDATE visit SET refusal_reason = NULL WHERE refusal_reason IS NOT NULL AND started_at < ?',
    ).run(startedBefore);
  }
}
