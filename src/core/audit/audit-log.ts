/**
 * The append-only audit log. Each append validates the entry, then, inside one IMMEDIATE
 * transaction (a savepoint when the caller already holds one), reads the head, assigns the next
 * sequence number and writes the row with its chain hash. Triggers in the schema reject UPDATE and
 * DELETE; the chain makes any change made around them visible to verifyChain.
 */
import type Database from 'better-sqlite3';
import { AuditError } from '../../shared/audit-errors.ts';
import { systemClock, type Clock } from '../clock.ts';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';
import { auditEntrySchema, type AuditEntry, type AuditEntryInput, type AuditRecord } from './events.ts';
import { hasDetailColumn, readAnchor } from './anchor.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash } from './hash-chain.ts';

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
         visit_id AS visitId, event, method, distance, threshold, model_version AS modelVersion, hash`;

type StoredRow = Omit<AuditRow, 'detail'> & { detail: string | null };

/** The last row, or after a purge that left none, the anchor; the genesis for an empty log. */
function chainTip(db: Database.Database): { seq: number; hash: Buffer } {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: Buffer } | undefined;
  return last ?? readAnchor(db);
}

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
      const tip = chainTip(this.#db);
      const record: AuditRecord = {
        ...parsed,
        seq: tip.seq + 1,
        at: this.#clock.now().toISOString(),
      };
      const hash = chainHash(this.#key, tip.hash, record);
      this.#db
        .prepare(
          `INSERT INTO audit_log (seq, at, operator_id, desk_id, patient_id, visit_id, event, method,
                                  distance, threshold, model_version, detail, hash)
           VALUES (@seq, @at, @operatorId, @deskId, @patientId, @visitId, @event, @method,
                   @distance, @threshold, @modelVersion, @detail, @hash)`,
        )
        .run({ ...record, detail: record.detail ? canonicalJson(record.detail) : null, hash });
      return { ...record, hash };
    });
  }

  head(): ChainHead | null {
    return auditHead(this.#db);
  }
}

export function auditHead(db: Database.Database): ChainHead | null {
  const tip = withStoreErrors(() => chainTip(db));
  return tip.seq === 0 ? null : { seq: tip.seq, hash: tip.hash.toString('hex') };
}

/** Rows in sequence order, streamed (the log grows for years). */
export function* auditRows(db: Database.Database, fromSeq = 1): Generator<AuditRow> {
  // A database from before retention (read-only, unmigrated) has no detail column.
  const detail = hasDetailColumn(db) ? 'detail' : 'NULL AS detail';
  const rows = db
    .prepare(`${SELECT_ROWS}, ${detail} FROM audit_log WHERE seq >= ? ORDER BY seq`)
    .iterate(fromSeq) as IterableIterator<StoredRow>;
  for (const row of rows) {
    // Parsed back into the object that was hashed; a row whose detail was mangled simply fails
    // its hash (or, if it is not JSON at all, shows up as an unparsable detail string).
    yield { ...row, detail: row.detail === null ? null : parseDetail(row.detail) };
  }
}

function parseDetail(text: string): AuditRow['detail'] {
  try {
    return JSON.parse(text) as AuditRow['detail'];
  } catch {
    return { unreadable: text } as unknown as AuditRow['detail'];
  }
}

/** When `event` was last recorded (ISO time), or null if never or purged. */
export function lastEventAt(db: Database.Database, event: AuditEntry['event']): string | null {
  return (
    withStoreErrors(
      () =>
        db
          .prepare('SELECT at FROM audit_log WHERE event = ? ORDER BY seq DESC LIMIT 1')
          .pluck()
          .get(event) as string | undefined,
    ) ?? null
  );
}
