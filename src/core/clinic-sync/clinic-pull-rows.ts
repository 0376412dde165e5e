/** clinic_pull and clinic_pull_issue: where the desk's pull stopped, and what it could not apply. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface PullIssueRow {
  id: number;
  change_id: number;
  kind: string;
  entity: string;
  reason: string;
  at: string;
}

export class ClinicPullRows extends Rows {
  /** The cursor as the clinic sent it (JSON), or null before the first pull. */
  cursor(): string | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT cursor FROM clinic_pull WHERE id = 1').pluck().get() as string | undefined) ??
        null,
    );
  }

  setCursor(tx: Tx, cursor: string, at: string): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO clinic_pull (id, cursor, pulled_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, pulled_at = excluded.pulled_at`,
    ).run(cursor, at);
  }

  addIssue(tx: Tx, issue: Omit<PullIssueRow, 'id'>): void {
    this.guard(tx);
    this.statement(
      'INSERT INTO clinic_pull_issue (change_id, kind, entity, reason, at) VALUES (@change_id, @kind, @entity, @reason, @at)',
    ).run(issue);
  }

  issues(limit = 100): PullIssueRow[] {
    return withStoreErrors(
      () =>
        this.statement('SELECT * FROM clinic_pull_issue ORDER BY id DESC LIMIT ?').all(
          limit,
        ) as PullIssueRow[],
    );
  }
}
