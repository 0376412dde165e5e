/**
 * The audit trail's tables: audit_log (append-only, enforced by triggers), audit_anchor (where the
 * chain starts after a retention purge) and audit_purge_marker (the only way a DELETE gets past the
 * triggers). SQL only: hashing and validation are the AuditLog's, verification verify.ts's.
 */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import type { AuditEvent, AuditRecord } from './events.ts';
import { GENESIS_HASH } from './hash-chain.ts';
import { canonicalJson } from './canonical-json.ts';
import { Rows } from '../store/rows.ts';

export interface AuditRow extends AuditRecord {
  hash: Buffer;
}

export interface ChainHead {
  seq: number;
  /** Hex of the last row's hash: keep it somewhere else to detect a truncated log later. */
  hash: string;
}

export interface ChainAnchor {
  /** The last purged row's seq; 0 for the genesis. */
  seq: number;
  hash: Buffer;
}

export const GENESIS_ANCHOR: ChainAnchor = { seq: 0, hash: GENESIS_HASH };

const SELECT_ROWS = `
  SELECT seq, at, operator_id AS operatorId, desk_id AS deskId, patient_id AS patientId,
         visit_id AS visitId, event, method, distance, threshold, model_version AS modelVersion, hash`;

type StoredRow = Omit<AuditRow, 'detail'> & { detail: string | null };

function parseDetail(text: string): AuditRow['detail'] {
  try {
    return JSON.parse(text) as AuditRow['detail'];
  } catch {
    // A mangled detail simply fails its hash; it is shown as found.
    return { unreadable: text } as unknown as AuditRow['detail'];
  }
}

export class AuditRows extends Rows {
  #hasTable(name: string): boolean {
    return (
      this.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
    );
  }

  /** The anchor; the genesis also for a database from before retention (opened read-only, unmigrated). */
  anchor(): ChainAnchor {
    return withStoreErrors(() => {
      if (!this.#hasTable('audit_anchor')) return GENESIS_ANCHOR;
      const row = this.statement('SELECT seq, hash FROM audit_anchor WHERE id = 1').get() as
        ChainAnchor | undefined;
      return row ?? GENESIS_ANCHOR;
    });
  }

  /** The last row, or after a purge that left none, the anchor; the genesis for an empty log. */
  tip(): ChainAnchor {
    return withStoreErrors(() => {
      const last = this.statement('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        ChainAnchor | undefined;
      return last ?? this.anchor();
    });
  }

  /** The chain's head (null for an empty log). */
  head(): ChainHead | null {
    const tip = this.tip();
    return tip.seq === 0 ? null : { seq: tip.seq, hash: tip.hash.toString('hex') };
  }

  /** Highest seq in the table, or null when it is empty. */
  newestSeq(): number | null {
    return withStoreErrors(
      () => this.statement('SELECT max(seq) FROM audit_log').pluck().get() as number | null,
    );
  }

  insert(tx: Tx, record: AuditRecord, hash: Buffer): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO audit_log (seq, at, operator_id, desk_id, patient_id, visit_id, event, method,
                                distance, threshold, model_version, detail, hash)
         VALUES (@seq, @at, @operatorId, @deskId, @patientId, @visitId, @event, @method,
                 @distance, @threshold, @modelVersion, @detail, @hash)`,
    ).run({ ...record, detail: record.detail ? canonicalJson(record.detail) : null, hash });
  }

  /** True when audit_log has the `detail` column (schema 5 on). */
  #hasDetailColumn(): boolean {
    return (this.db.pragma('table_info(audit_log)') as { name: string }[]).some((c) => c.name === 'detail');
  }

  /** Rows in sequence order, streamed (the log grows for years). */
  *rows(fromSeq = 1): Generator<AuditRow> {
    const detail = this.#hasDetailColumn() ? 'detail' : 'NULL AS detail';
    const rows = this.db
      .prepare(`${SELECT_ROWS}, ${detail} FROM audit_log WHERE seq >= ? ORDER BY seq`)
      .iterate(fromSeq) as IterableIterator<StoredRow>;
    for (const row of rows) {
      // Parsed back into the object that was hashed.
      yield { ...row, detail: row.detail === null ? null : parseDetail(row.detail) };
    }
  }

  /** Up to `limit` rows after `seq`, in sequence order: one batch of the clinic push. */
  after(seq: number, limit: number): AuditRow[] {
    return withStoreErrors(() => {
      const rows = this.statement(
        `${SELECT_ROWS}, detail FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
      ).all(seq, limit) as StoredRow[];
      return rows.map((row) => ({ ...row, detail: row.detail === null ? null : parseDetail(row.detail) }));
    });
  }

  /**
   * The hash the chain holds at `seq`: the row's, the anchor's when the row was purged there, the
   * genesis at 0; null when the chain has no such position (purged before the anchor, or absent).
   */
  hashAt(seq: number): Buffer | null {
    return withStoreErrors(() => {
      if (seq === 0) return GENESIS_ANCHOR.hash;
      const row = this.statement('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq) as
        Buffer | undefined;
      if (row) return row;
      const anchor = this.anchor();
      return anchor.seq === seq ? anchor.hash : null;
    });
  }

  /** When `event` was last recorded (ISO time), or null if never or purged. */
  lastAt(event: AuditEvent): string | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT at FROM audit_log WHERE event = ? ORDER BY seq DESC LIMIT 1')
          .pluck()
          .get(event) as string | undefined) ?? null,
    );
  }

  /** The newest row's time, or null for an empty log. */
  newestAt(): string | null {
    return withStoreErrors(
      () => this.statement('SELECT max(at) FROM audit_log').pluck().get() as string | null,
    );
  }

  /** The newest row among `events`, with its detail as stored. */
  latestOf(events: readonly AuditEvent[]): { event: AuditEvent; detail: string | null } | null {
    return withStoreErrors(
      () =>
        (this.statement(
          `SELECT event, detail FROM audit_log WHERE event IN (SELECT value FROM json_each(?))
             ORDER BY seq DESC LIMIT 1`,
        ).get(JSON.stringify(events)) as { event: AuditEvent; detail: string | null } | undefined) ?? null,
    );
  }

  /** The newest `limit` rows, newest first, without their details (the admin's list). */
  newest(limit: number): Pick<AuditRecord, 'seq' | 'at' | 'event' | 'operatorId'>[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT seq, at, event, operator_id AS operatorId FROM audit_log ORDER BY seq DESC LIMIT ?',
        ).all(limit) as Pick<AuditRecord, 'seq' | 'at' | 'event' | 'operatorId'>[],
    );
  }

  /** How many rows of `event` an operator has at or after `since` (ISO), by the time index. */
  countSince(event: AuditEvent, operatorId: string, since: string): number {
    return withStoreErrors(
      () =>
        this.statement('SELECT count(*) FROM audit_log WHERE at >= ? AND event = ? AND operator_id = ?')
          .pluck()
          .get(since, event, operatorId) as number,
    );
  }

  /** Rows of `event` per operator in [from, to), for the anti-fraud report. */
  countByOperator(event: AuditEvent, from: string, to: string): { operatorId: string; count: number }[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT operator_id AS operatorId, count(*) AS count FROM audit_log
             WHERE event = ? AND at >= ? AND at < ? GROUP BY operator_id`,
        ).all(event, from, to) as { operatorId: string; count: number }[],
    );
  }

  /**
   * Deletes the rows before the first one at or after `cutoff` and moves the anchor onto the last
   * one deleted; returns how many went. Order matters to the triggers: the anchor must stand on an
   * existing row, and the delete trigger lets rows go only up to a marker at the anchor.
   * `keepAfter`: no row after this seq goes, however old (rows the clinic has not acknowledged).
   */
  purgePrefix(tx: Tx, cutoff: string, keepAfter: number = Number.MAX_SAFE_INTEGER): number {
    this.guard(tx);
    const firstKept = this.statement('SELECT min(seq) FROM audit_log WHERE at >= ?').pluck().get(cutoff) as
      number | null;
    const oldEnough = firstKept === null ? this.newestSeq() : firstKept - 1;
    const lastPurged = oldEnough === null ? null : Math.min(oldEnough, keepAfter);
    if (lastPurged === null || lastPurged <= this.anchor().seq) return 0;
    const hash = this.statement('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(lastPurged) as Buffer;
    this.statement(
      `INSERT INTO audit_anchor (id, seq, hash) VALUES (1, @seq, @hash)
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
    ).run({ seq: lastPurged, hash });
    this.statement('INSERT INTO audit_purge_marker (id, up_to_seq) VALUES (1, ?)').run(lastPurged);
    const deleted = this.statement('DELETE FROM audit_log WHERE seq <= ?').run(lastPurged).changes;
    this.statement('DELETE FROM audit_purge_marker').run();
    return deleted;
  }
}
