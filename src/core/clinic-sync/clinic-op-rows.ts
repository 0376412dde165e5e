/** clinic_op: the registry ops this desk authored, in push order, and what the clinic said. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface ClinicOpRow {
  seq: number;
  op_id: string;
  kind: string;
  entity: string;
  payload: string;
  created_at: string;
  outcome: 'applied' | 'rejected' | 'superseded' | null;
  outcome_detail: string | null;
  settled_at: string | null;
}

/** A template this desk enrolled, and when its op reached the clinic (null: not yet). */
export interface OwnEnrolment {
  patientId: string;
  modelId: string;
  modelVersion: string;
  clinicId: string;
  reachedAt: string | null;
}

export class ClinicOpRows extends Rows {
  add(tx: Tx, row: Pick<ClinicOpRow, 'op_id' | 'kind' | 'entity' | 'payload' | 'created_at'>): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO clinic_op (op_id, kind, entity, payload, created_at)
         VALUES (@op_id, @kind, @entity, @payload, @created_at)`,
    ).run(row);
  }

  /** The oldest ops not yet answered, in the order they were written. */
  pending(limit: number): ClinicOpRow[] {
    return withStoreErrors(
      () =>
        this.statement('SELECT * FROM clinic_op WHERE outcome IS NULL ORDER BY seq LIMIT ?').all(
          limit,
        ) as ClinicOpRow[],
    );
  }

  /** Whether the clinic has answered any op of this desk yet. */
  anySettled(): boolean {
    return withStoreErrors(
      () => this.statement('SELECT 1 FROM clinic_op WHERE outcome IS NOT NULL LIMIT 1').get() !== undefined,
    );
  }

  pendingCount(): number {
    return withStoreErrors(
      () => this.statement('SELECT count(*) FROM clinic_op WHERE outcome IS NULL').pluck().get() as number,
    );
  }

  /** Whether any op is still waiting to be pushed. */
  anyPending(): boolean {
    return withStoreErrors(
      () => this.statement('SELECT 1 FROM clinic_op WHERE outcome IS NULL LIMIT 1').get() !== undefined,
    );
  }

  /** Whether an op about this row is still waiting to be pushed. */
  hasPending(entity: string): boolean {
    return withStoreErrors(
      () =>
        this.statement('SELECT 1 FROM clinic_op WHERE outcome IS NULL AND entity = ?').get(entity) !==
        undefined,
    );
  }

  /** Pending ops that mention this text in their payload (a patient id), oldest first. */
  pendingMentioning(text: string): ClinicOpRow[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT * FROM clinic_op WHERE outcome IS NULL AND instr(payload, ?) > 0 ORDER BY seq',
        ).all(text) as ClinicOpRow[],
    );
  }

  /** Records the op's fate once; false when it was settled already (superseded meanwhile). */
  settle(
    tx: Tx,
    opId: string,
    outcome: NonNullable<ClinicOpRow['outcome']>,
    detail: unknown,
    at: string,
  ): boolean {
    this.guard(tx);
    return (
      this.statement(
        'UPDATE clinic_op SET outcome = ?, outcome_detail = ?, settled_at = ? WHERE op_id = ? AND outcome IS NULL',
      ).run(outcome, JSON.stringify(detail), at, opId).changes > 0
    );
  }

  setDetail(tx: Tx, opId: string, detail: unknown): void {
    this.guard(tx);
    this.statement('UPDATE clinic_op SET outcome_detail = ? WHERE op_id = ?').run(
      JSON.stringify(detail),
      opId,
    );
  }

  /**
   * Templates this desk enrolled itself that are still on it, whose `template.enrol` op is still
   * waiting or reached the clinic at or after `reachedSince` (the desk's settled_at): what another
   * desk may not have seen when it enrolled. `templatePrefix` is entityOf.template('').
   */
  ownEnrolmentsReachedSince(reachedSince: string, templatePrefix: string): OwnEnrolment[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT t.patient_id AS patientId, t.model_id AS modelId, t.model_version AS modelVersion,
                  t.clinic_id AS clinicId, o.settled_at AS reachedAt
             FROM clinic_op o
             JOIN face_template t ON t.clinic_id = substr(o.entity, length(@prefix) + 1)
            WHERE o.kind = 'template.enrol' AND o.outcome IS NOT 'superseded'
              AND (o.settled_at IS NULL OR o.settled_at >= @since)`,
        ).all({ prefix: templatePrefix, since: reachedSince }) as OwnEnrolment[],
    );
  }

  /** Ops the clinic refused, newest first: what the admin's screen lists. */
  rejected(limit = 100): ClinicOpRow[] {
    return withStoreErrors(
      () =>
        this.statement("SELECT * FROM clinic_op WHERE outcome = 'rejected' ORDER BY seq DESC LIMIT ?").all(
          limit,
        ) as ClinicOpRow[],
    );
  }
}
