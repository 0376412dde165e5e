/** The decision table: one row per identification decision (a no-match then a code is two rows). */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';
import type { SlipDayCounts } from '../audit/fraud-report.ts';

export interface DecisionRow {
  id: string;
  patientId: string;
  operatorId: string;
  deskId: string;
  decidedAt: string;
  outcome: 'identified' | 'not_identified';
  method: string;
  distance: number | null;
  threshold: number | null;
  modelVersion: string | null;
  /** The visit the decision belongs to. */
  visitId: string | null;
}

/** Per operator in a period: decisions by outcome and method, for the anti-fraud report. */
export interface DecisionCounts {
  operatorId: string;
  decisions: number;
  visits: number;
  face: number;
  code: number;
  representative: number;
  slip: number;
  override: number;
  faceDecisions: number;
  faceNoMatches: number;
  codeFailures: number;
}

/** A decision's columns as stored, named as in the table: what its bound hash covers (record-hash.ts). */
export type DecisionContent = Record<string, string | number | null>;

export class DecisionRows extends Rows {
  /** The stored row, every column, or null when there is none (deleted). */
  content(id: string): DecisionContent | null {
    return withStoreErrors(
      () =>
        (this.statement(
          `SELECT id, patient_id, operator_id, desk_id, decided_at, outcome, method, distance, threshold,
                    model_version, visit_id
             FROM decision WHERE id = ?`,
        ).get(id) as DecisionContent | undefined) ?? null,
    );
  }

  insert(tx: Tx, row: DecisionRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method, distance,
                               threshold, model_version, visit_id)
         VALUES (@id, @patientId, @operatorId, @deskId, @decidedAt, @outcome, @method, @distance,
                 @threshold, @modelVersion, @visitId)`,
    ).run(row);
  }

  /** Failed face attempts of a patient after `since`, and the time of the last one. */
  faceFailuresSince(patientId: string, since: string): { failures: number; last: string | null } {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT count(*) AS failures, max(decided_at) AS last FROM decision
             WHERE patient_id = ? AND method = 'face' AND outcome = 'not_identified' AND decided_at > ?`,
        ).get(patientId, since) as { failures: number; last: string | null },
    );
  }

  /**
   * Per operator and clinic day (each [day, from, to) with ISO instants), the identified visits
   * and those by slip, for the days with at least one slip.
   */
  slipDaysByOperator(days: readonly [string, string, string][]): SlipDayCounts[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT d.operator_id AS operatorId, json_extract(days.value, '$[0]') AS day,
                    count(*) AS visits, total(d.method = 'slip') AS slips
             FROM json_each(?) AS days
             JOIN decision d
               ON d.decided_at >= json_extract(days.value, '$[1]')
              AND d.decided_at < json_extract(days.value, '$[2]')
             WHERE d.outcome = 'identified'
             GROUP BY d.operator_id, day
             HAVING slips > 0`,
        ).all(JSON.stringify(days)) as SlipDayCounts[],
    );
  }

  /** Counts per operator of the decisions made in [from, to). */
  countsByOperator(from: string, to: string): DecisionCounts[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT operator_id AS operatorId,
                    count(*) AS decisions,
                    total(outcome = 'identified') AS visits,
                    total(outcome = 'identified' AND method = 'face') AS face,
                    total(outcome = 'identified' AND method = 'code') AS code,
                    total(outcome = 'identified' AND method = 'representative') AS representative,
                    total(outcome = 'identified' AND method = 'slip') AS slip,
                    total(outcome = 'identified' AND method = 'override') AS override,
                    total(method = 'face') AS faceDecisions,
                    total(method = 'face' AND outcome = 'not_identified') AS faceNoMatches,
                    total(method = 'code' AND outcome = 'not_identified') AS codeFailures
             FROM decision
             WHERE decided_at >= ? AND decided_at < ?
             GROUP BY operator_id`,
        ).all(from, to) as DecisionCounts[],
    );
  }
}
