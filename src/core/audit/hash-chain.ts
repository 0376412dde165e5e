/**
 * The chain: hash(n) = HMAC-SHA-256(chain key, hash(n-1) ‖ canonical JSON of row n), with 32 zero
 * bytes before the first row (after a retention purge, the anchor's hash: see anchor.ts). The
 * sequence number is inside the hashed content, so a row moved to
 * another position no longer verifies; the previous hash is too, so a deleted row breaks the next.
 * Without the key nobody can recompute hashes after an edit.
 */
import { createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { AuditRecord } from './events.ts';

export const HASH_BYTES = 32;
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** `detail` is hashed only when present, so rows written before it existed keep their hashes. */
export function recordJson(record: AuditRecord): string {
  const fields = {
    seq: record.seq,
    at: record.at,
    operatorId: record.operatorId,
    deskId: record.deskId,
    patientId: record.patientId,
    visitId: record.visitId,
    event: record.event,
    method: record.method,
    distance: record.distance,
    threshold: record.threshold,
    modelVersion: record.modelVersion,
  };
  return canonicalJson(record.detail ? { ...fields, detail: record.detail } : fields);
}

export function chainHash(key: Buffer, previous: Buffer, record: AuditRecord): Buffer {
  return createHmac('sha256', key).update(previous).update(recordJson(record), 'utf8').digest();
}
