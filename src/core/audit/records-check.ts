/**
 * The decision and visit rows bound into the chain (events.ts, recordsSchema): every row an audit
 * row names must still be in its table with the content it was written with. Run after the chain
 * itself verified, so the bindings read are the ones the desk wrote. A row deleted or edited around
 * the append-only triggers (migration 016) is named here, with the audit row that binds it.
 */
import type { Repositories } from '../store/desk-store.ts';
import { recordHash } from '../visit/record-hash.ts';
import type { RecordsBinding } from './events.ts';
import type { ChainVerdict } from './verify.ts';

type Failure = Extract<ChainVerdict, { ok: false }>;

function bindingOf(detail: unknown): RecordsBinding | null {
  if (typeof detail !== 'object' || detail === null || !('records' in detail)) return null;
  return (detail as { records: RecordsBinding }).records;
}

/** The first bound row that is missing or altered, or null when all are as written. */
export function checkBoundRecords(
  rows: Pick<Repositories, 'audit' | 'decisions' | 'visits'>,
): Failure | null {
  const fail = (seq: number, problem: Failure['problem'], message: string): Failure => ({
    ok: false,
    firstBadSeq: seq,
    problem,
    message,
    rows: 0,
  });
  for (const row of rows.audit.rows(rows.audit.anchor().seq + 1)) {
    const binding = bindingOf(row.detail);
    if (binding === null) continue;
    const bound = [
      ...(binding.decisions ?? []).map((d) => ({
        ...d,
        kind: 'decision',
        content: rows.decisions.content(d.id),
      })),
      ...(binding.visit
        ? [{ ...binding.visit, kind: 'visit', content: rows.visits.content(binding.visit.id) }]
        : []),
    ];
    for (const b of bound) {
      if (b.content === null) {
        return fail(
          row.seq,
          'record_missing',
          `The ${b.kind} ${b.id} that audit row ${row.seq} binds was deleted.`,
        );
      }
      if (recordHash(b.content) !== b.sha256) {
        return fail(
          row.seq,
          'record_altered',
          `The ${b.kind} ${b.id} that audit row ${row.seq} binds was changed since it was written.`,
        );
      }
    }
  }
  return null;
}
