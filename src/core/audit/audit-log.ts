/**
 * The append-only audit log. Each append validates the entry, then, inside the caller's
 * transaction, reads the head, assigns the next sequence number and writes the row with its chain
 * hash: a decision and its audit row commit together or not at all. Triggers in the schema reject
 * UPDATE and DELETE; the chain makes any change made around them visible to verifyChain.
 */
import { AuditError } from '../../shared/audit-errors.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Tx } from '../store/tx.ts';
import type { AuditRow, AuditRows, ChainHead } from './audit-rows.ts';
import { auditEntrySchema, type AuditEntry, type AuditEntryInput, type AuditRecord } from './events.ts';
import { chainHash } from './hash-chain.ts';

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
  readonly #rows: AuditRows;
  readonly #key: Buffer;
  readonly #clock: Clock;

  /** `chainKey` is the 'audit-chain' subkey (crypto/subkeys.ts). */
  constructor(rows: AuditRows, chainKey: Buffer, clock: Clock = systemClock) {
    this.#rows = rows;
    this.#key = chainKey;
    this.#clock = clock;
  }

  append(tx: Tx, entry: AuditEntryInput): AuditRow {
    const parsed = parseAuditEntry(entry);
    const tip = this.#rows.tip();
    const record: AuditRecord = { ...parsed, seq: tip.seq + 1, at: this.#clock.now().toISOString() };
    const hash = chainHash(this.#key, tip.hash, record);
    this.#rows.insert(tx, record, hash);
    return { ...record, hash };
  }

  head(): ChainHead | null {
    return this.#rows.head();
  }
}
