/**
 * The hash that binds a decision or an ended visit row to the audit row written with it: SHA-256 of
 * the row's canonical JSON (audit/canonical-json.ts), so a verifier recomputes it from the table
 * alone. A plain hash, not a keyed one: the audit row that holds it is keyed by the chain already.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.ts';

export function recordHash(content: Record<string, string | number | null>): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
