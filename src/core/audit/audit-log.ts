/**
 * The append-only audit log. Each append validates the entry, then, inside one IMMEDIATE
 * transaction (a savepoint when the caller already holds one), reads the head, assigns the next
 * sequence number and writes the row with its chain hash. Triggers in the schema reject UPDATE and
 * DELETE; the chain makes any change made around them visible to verifyChain.
 */
import type Database from 'better-sqlite3';
import { AuditError } from '../../shared/registry-errors.ts';
import { systemClock, type Clock } from '../clock.ts';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';
import { auditEntrySchema, type AuditEntry, type AuditEntryInput, type AuditRecord } from './events.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';

export interface AuditRow extends AuditRecord {
  hash: Buffer;
}

export interface ChainHead {
  seq: number;
  /** Hex of the last row's hash: keep it somewhere else to detect a truncated log later. */
  hash: string;
}

const SELECT_ROWS = `
  SELECT seq, at, operator_id AS operatorId, desk_id AS deskId, patient_id AS patientId,
         visit_id AS visitId, event, method, distance, threshold, model_version AS modelVersion, hash
  FROM audit_log`;

export function parseAuditEntry(entry: AuditEntryInput): AuditEntry {
  const result = auditEntrySchema.safeParse(entry);
  if (!result.success) {
    // Paths and rule messages only: the rejected values may be exactly what must not be logged.
    const problems = result.error.issues.map((i) =>
      i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
    );
    throw new AuditError('INVALID_AUDIT_EVENT', `The audit entry was refused: ${problems.join('; ')}.`);
  }
  return result.data;
}

export class AuditLog {
  readonly #db: Database.Database;
  readonly #key: Buffer;
  readonly #clock: Clock;

  /** `chainKey` is the 'audit-chain' subkey (crypto/subkeys.ts). */
  constructor(db: Database.Database, chainKey: Buffer, clock: Clock = systemClock) {
    this.#db = db;
    this.#key = chainKey;
    this.#clock = clock;
  }

  append(entry: AuditEntryInput): AuditRow {
    const parsed = parseAuditEntry(entry);
    return runInTransaction(this.#db, () => {
      const last = this.#db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; hash: Buffer } | undefined;
      const record: AuditRecord = {
        ...parsed,
        seq: (last?.seq ?? 0) + 1,
        at: this.#clock.now().toISOString(),
      };
      const hash = chainHash(this.#key, last?.hash ?? GENESIS_HASH, record);
      this.#db
        .prepare(
          `INSERT INTO audit_log (seq, at, operator_id, desk_id, patient_id, visit_id, event, method,
                                  distance, threshold, model_version, hash)
           VALUES (@seq, @at, @operatorId, @deskId, @patientId, @visitId, @event, @method,
                   @distance, @threshold, @modelVersion, @hash)`,
        )
        .run({ ...record, hash });
      return { ...record, hash };
    });
  }

  head(): ChainHead | null {
    return auditHead(this.#db);
  }
}

export function auditHead(db: Database.Database): ChainHead | null {
  const last = withStoreErrors(
    () =>
      db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; hash: Buffer } | undefined,
  );
  return last ? { seq: last.seq, hash: last.hash.toString('hex') } : null;
}

/** Rows in sequence order, streamed (the log grows for years). */
export function auditRows(db: Database.Database, fromSeq = 1): IterableIterator<AuditRow> {
  return db
    .prepare(`${SELECT_ROWS} WHERE seq >= ? ORDER BY seq`)
    .iterate(fromSeq) as IterableIterator<AuditRow>;
}
