/** identification_code: issued codes, each as a keyed hash with its random salt (never the code). */
import type { Tx } from '../store/tx.ts';
import { Rows } from '../store/rows.ts';

export type CodeState = 'active' | 'used' | 'locked' | 'superseded' | 'voided';

export interface CodeRow {
  id: number;
  patientId: string;
  visitId: string;
  salt: Buffer;
  codeHash: Buffer;
  expiresAt: string;
  failedTries: number;
  state: CodeState;
}

export interface NewCodeRow {
  patientId: string;
  visitId: string;
  salt: Buffer;
  codeHash: Buffer;
  issuedAt: string;
  expiresAt: string;
}

/**
 * Every method runs inside the caller's transaction, reads included: a code's checks and its state
 * change must see one snapshot under the write lock, or two desks could both accept one code.
 */
export class CodeRows extends Rows {
  /** Whether the visit already has codes for another patient. */
  visitHasOtherPatient(tx: Tx, visitId: string, patientId: string): boolean {
    this.guard(tx);
    return (
      this.statement('SELECT 1 FROM identification_code WHERE visit_id = ? AND patient_id <> ? LIMIT 1').get(
        visitId,
        patientId,
      ) !== undefined
    );
  }

  issuedSince(tx: Tx, patientId: string, since: string): number {
    this.guard(tx);
    return this.statement('SELECT count(*) FROM identification_code WHERE patient_id = ? AND issued_at > ?')
      .pluck()
      .get(patientId, since) as number;
  }

  /** Supersedes the visit's active code (if any) and inserts the new one. */
  insert(tx: Tx, row: NewCodeRow): void {
    this.guard(tx);
    this.statement(
      `UPDATE identification_code SET state = 'superseded', settled_at = ?
         WHERE visit_id = ? AND state = 'active'`,
    ).run(row.issuedAt, row.visitId);
    this.statement(
      `INSERT INTO identification_code (patient_id, visit_id, salt, code_hash, issued_at, expires_at)
         VALUES (@patientId, @visitId, @salt, @codeHash, @issuedAt, @expiresAt)`,
    ).run(row);
  }

  /** The visit's latest code. */
  latest(tx: Tx, visitId: string): CodeRow | null {
    this.guard(tx);
    return (
      (this.statement(
        `SELECT id, patient_id AS patientId, visit_id AS visitId, salt, code_hash AS codeHash, expires_at AS expiresAt,
                  failed_tries AS failedTries, state
           FROM identification_code WHERE visit_id = ? ORDER BY id DESC LIMIT 1`,
      ).get(visitId) as CodeRow | undefined) ?? null
    );
  }

  settle(tx: Tx, id: number, state: 'used' | 'locked', failedTries: number | null, at: string): void {
    this.guard(tx);
    this.statement(
      `UPDATE identification_code SET state = ?, failed_tries = coalesce(?, failed_tries), settled_at = ?
         WHERE id = ?`,
    ).run(state, failedTries, at, id);
  }

  /** Voids the visit's active code (its visit was closed without it); returns whether there was one. */
  voidActive(tx: Tx, visitId: string, at: string): boolean {
    this.guard(tx);
    return (
      this.statement(
        `UPDATE identification_code SET state = 'voided', settled_at = ? WHERE visit_id = ? AND state = 'active'`,
      ).run(at, visitId).changes > 0
    );
  }

  countFailure(tx: Tx, id: number, failedTries: number): void {
    this.guard(tx);
    this.statement('UPDATE identification_code SET failed_tries = ? WHERE id = ?').run(failedTries, id);
  }
}
